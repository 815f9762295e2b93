// betfair: the identity endpoints and the JSON-RPC APIs (API-NG reference, read 2026-12-02).
//
// Identity: POST {identity_url}/api/login (interactive; form body username/password,
// X-Application, Accept: application/json; answers {"token","product","status","error"}),
// POST {cert_identity_url}/api/certlogin (non-interactive; the same form with a client
// certificate in the TLS handshake; answers {"sessionToken","loginStatus"}), POST
// /api/keepAlive and /api/logout (X-Authentication). Successful logins are limited to 100 a
// minute, and past that Betfair refuses new sessions for 20 minutes with
// TEMPORARY_BAN_TOO_MANY_REQUESTS: the client keeps under the first and, after the second,
// does not try again before `login_ban_backoff`.
//
// JSON-RPC: POST {"jsonrpc":"2.0","method":"SportsAPING/v1.0/<op>","params":{...},"id":n}
// with X-Application and X-Authentication; errors come back as
// {"error":{"code":-32099,"message":"ANGX-0003","data":{"APINGException":{"errorCode":...,
// "errorDetails":...}}}}. A session-lost code logs in again and sends once more (the call was
// refused before it ran). One instance, used by the worker thread only.
#pragma once

#include "config.hpp"

#include <nlohmann/json.hpp>

#include <tradehost/venue/errors.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/rate_limiter.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace tradehost::betfair {

struct Credentials {
    std::string app_key, username, password, cert_file, key_file;
    ~Credentials();
};

/// An answer: the JSON-RPC `result`, or the venue's error in unified terms.
struct RpcResult {
    venue::VenueError error;
    nlohmann::json result;
    bool ok() const noexcept { return !error; }
};

class Api {
public:
    Api(const BetfairConfig& cfg, Credentials creds, std::function<void(const std::string&)> on_login_event);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    /// Logs in with the configured flow; the error says why not (login status as its code).
    venue::VenueError login();
    /// Extends the session; NO_SESSION or FORBIDDEN log in again.
    venue::VenueError keep_alive();
    /// Ends the session (at stop). Best effort.
    void logout();
    bool logged_in() const noexcept { return !token_.empty(); }
    /// The session token (worker thread only; the order stream gets a copy at each connect).
    const std::string& token() const noexcept { return token_; }

    /// SportsAPING/v1.0/<op> on the betting endpoint.
    RpcResult betting(const std::string& op, const nlohmann::json& params, bool idempotent);
    /// AccountAPING/v1.0/<op> on the account endpoint.
    RpcResult account(const std::string& op, const nlohmann::json& params);

private:
    RpcResult rpc(const std::string& url, const std::string& method, const nlohmann::json& params, bool idempotent);
    venue::VenueError identity_error(const venue::HttpResponse& r, const std::string& status) const;

    BetfairConfig cfg_;
    Credentials creds_;
    std::function<void(const std::string&)> on_login_event_;
    venue::HttpClient http_;        // JSON-RPC and interactive identity
    venue::HttpClient cert_http_;   // certlogin: presents the client certificate
    venue::RateLimiter login_limiter_;
    std::string token_;
    uint64_t next_id_ = 1;
    std::chrono::steady_clock::time_point banned_until_{};
};

}  // namespace tradehost::betfair
