// questrade: the OAuth refresh-token session shared by the adapter's threads.
//
// Flow (https://www.questrade.com/api/documentation/security): POST {login}/oauth2/token
// with grant_type=refresh_token&refresh_token=X answers access_token (Bearer, expires_in
// 1800 s), a NEW refresh_token and the api_server to call. The old refresh token is dead
// from then on, so the new one is saved to the TokenStore before anything uses the access
// token; a failed save is fatal for the session (the new token is kept in memory only so a
// later attempt can save it). A refused token (HTTP 400/401 from the login) is final: a
// person must generate a new one, and retrying would only hammer the login server.
//
// Thread-safe: the data and execution threads both call access(); one refresh at a time, and
// a 401 seen by two threads with the same token generation refreshes once.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_AUTH_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_AUTH_HPP

#include "token_store.hpp"

#include <tradehost/venue/http_client.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace tradehost::questrade {

class AuthError : public std::runtime_error {
public:
    enum Kind {
        kRefused,    ///< the login refused the refresh token: final until a new one is provided
        kNoToken,    ///< neither token_file nor the environment variable holds a token
        kPersist,    ///< the new refresh token could not be saved
        kTransient,  ///< transport error, 5xx or malformed answer: retry later
    };
    AuthError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }
    bool final() const noexcept { return kind_ == kRefused || kind_ == kNoToken; }

private:
    Kind kind_;
};

struct SessionOptions {
    std::string login_url;       ///< "https://login.questrade.com", no trailing slash
    std::string rest_url;        ///< non-empty: overrides the api_server the login returns
    std::string token_file;
    /// The first refresh token (from the secret env var), used only if token_file is absent.
    std::optional<std::string> initial_token;
    std::chrono::nanoseconds refresh_margin{std::chrono::seconds(60)};
    tradehost::venue::HttpOptions http;
};

class Session {
public:
    using Clock = std::chrono::steady_clock;
    struct Access {
        std::string token;       ///< never log
        std::string api_server;  ///< no trailing slash
        uint64_t generation = 0;
    };

    explicit Session(SessionOptions options);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// A valid access token, refreshing first if there is none or it expires within the margin.
    /// Throws AuthError.
    Access access();
    /// A request carrying `generation` was answered 401: the next access() refreshes, unless
    /// another thread already did.
    void invalidate(uint64_t generation);
    /// How many refreshes succeeded (tests and metrics).
    uint64_t refreshes() const;
    /// The last final error (kRefused/kNoToken), empty if none: once set, access() throws it again
    /// without contacting the login.
    std::string final_error() const;

private:
    void refresh_locked();

    SessionOptions opt_;
    TokenStore store_;
    mutable std::mutex mu_;
    std::unique_ptr<tradehost::venue::HttpClient> http_;
    std::string refresh_token_;  // in memory only when it could not be saved
    Access current_;
    Clock::time_point expires_at_{};
    bool valid_ = false;
    uint64_t refreshes_ = 0;
    std::optional<AuthError> final_;
};

}  // namespace tradehost::questrade

#endif
