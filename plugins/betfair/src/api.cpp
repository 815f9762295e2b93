// betfair: identity and JSON-RPC (see api.hpp).
#include "api.hpp"

#include "errors.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/sign.hpp>

namespace tradehost::betfair {
namespace {

venue::HttpOptions http_options(const BetfairConfig& cfg) {
    venue::HttpOptions h;
    h.verify_tls = cfg.verify_tls;
    h.timeout = cfg.http_timeout;
    h.max_attempts = 3;  // idempotent calls only (listings); orders are never resent blindly
    h.user_agent = "tradehost-betfair/1";
    return h;
}

venue::HttpOptions cert_options(const BetfairConfig& cfg, const Credentials& c) {
    venue::HttpOptions h = http_options(cfg);
    h.client_cert_file = c.cert_file;
    h.client_key_file = c.key_file;
    h.max_attempts = 1;  // a login is counted by Betfair whether or not we saw its answer
    return h;
}

std::string text_of(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Credentials::~Credentials() {
    venue::secure_clear(app_key);
    venue::secure_clear(password);
}

Api::Api(const BetfairConfig& cfg, Credentials creds, std::function<void(const std::string&)> on_login_event)
    : cfg_(cfg), creds_(std::move(creds)), on_login_event_(std::move(on_login_event)), http_(http_options(cfg)),
      cert_http_(cert_options(cfg, creds_)) {
    login_limiter_.add_window("login", 100, std::chrono::minutes(1));
}

Api::~Api() { venue::secure_clear(token_); }

venue::VenueError Api::identity_error(const venue::HttpResponse& r, const std::string& status) const {
    if (!r.error.empty()) return venue::venue_error(error_table(), 0, "", r.error);
    if (!status.empty()) return venue::venue_error(error_table(), static_cast<int>(r.status), status, "login refused");
    return venue::venue_error(error_table(), static_cast<int>(r.status), "",
                              "identity endpoint answered HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
}

venue::VenueError Api::login() {
    const auto now = std::chrono::steady_clock::now();
    if (now < banned_until_) {
        const auto left = std::chrono::duration_cast<std::chrono::seconds>(banned_until_ - now).count();
        venue::VenueError e = venue::venue_error(error_table(), 0, "TEMPORARY_BAN_TOO_MANY_REQUESTS",
                                                 "no login for " + std::to_string(left) + " s more");
        return e;
    }
    login_limiter_.acquire("login");
    const bool cert = cfg_.login == LoginFlow::certificate;
    venue::HttpRequest req;
    req.method = "POST";
    req.url = (cert ? cfg_.cert_identity_url + "/api/certlogin" : cfg_.identity_url + "/api/login");
    req.headers = {{"X-Application", creds_.app_key},
                   {"Accept", "application/json"},
                   {"Content-Type", "application/x-www-form-urlencoded"}};
    req.body = venue::query_string({{"username", creds_.username}, {"password", creds_.password}});
    venue::HttpResponse r = cert ? cert_http_.send(req) : http_.send(req);
    venue::secure_clear(req.body);
    if (!r.ok()) return identity_error(r, "");
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object()) return identity_error(r, "");
    // certlogin: {"sessionToken","loginStatus"}; login: {"token","product","status","error"}.
    std::string status = cert ? text_of(j, "loginStatus") : text_of(j, "status");
    std::string token = cert ? text_of(j, "sessionToken") : text_of(j, "token");
    if (status != "SUCCESS" || token.empty()) {
        std::string code = cert ? status : text_of(j, "error");
        if (code.empty()) code = status.empty() ? "LOGIN_FAILED" : status;
        venue::VenueError e = identity_error(r, code);
        if (code == "TEMPORARY_BAN_TOO_MANY_REQUESTS") banned_until_ = std::chrono::steady_clock::now() + cfg_.login_ban_backoff;
        if (on_login_event_) on_login_event_("login refused: " + code);
        return e;
    }
    venue::secure_clear(token_);
    token_ = std::move(token);
    if (on_login_event_) on_login_event_(cert ? "logged in (certificate)" : "logged in (interactive)");
    return {};
}

venue::VenueError Api::keep_alive() {
    if (token_.empty()) return login();
    venue::HttpRequest req;
    req.method = "POST";
    req.url = cfg_.identity_url + "/api/keepAlive";
    req.headers = {{"X-Application", creds_.app_key}, {"X-Authentication", token_}, {"Accept", "application/json"}};
    venue::HttpResponse r = http_.send(req);
    if (!r.ok()) return identity_error(r, "");
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object()) return identity_error(r, "");
    if (text_of(j, "status") == "SUCCESS") return {};
    const std::string code = text_of(j, "error");
    if (code == "NO_SESSION" || code == "FORBIDDEN") {
        venue::secure_clear(token_);
        token_.clear();
        return login();
    }
    return identity_error(r, code.empty() ? "KEEP_ALIVE_FAILED" : code);
}

void Api::logout() {
    if (token_.empty()) return;
    venue::HttpRequest req;
    req.method = "POST";
    req.url = cfg_.identity_url + "/api/logout";
    req.headers = {{"X-Application", creds_.app_key}, {"X-Authentication", token_}, {"Accept", "application/json"}};
    req.timeout = std::chrono::milliseconds(3000);
    (void)http_.send(req);
    venue::secure_clear(token_);
    token_.clear();
}

RpcResult Api::betting(const std::string& op, const nlohmann::json& params, bool idempotent) {
    return rpc(cfg_.betting_url, "SportsAPING/v1.0/" + op, params, idempotent);
}

RpcResult Api::account(const std::string& op, const nlohmann::json& params) {
    return rpc(cfg_.account_url, "AccountAPING/v1.0/" + op, params, true);
}

RpcResult Api::rpc(const std::string& url, const std::string& method, const nlohmann::json& params, bool idempotent) {
    RpcResult out;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (token_.empty()) {
            if (venue::VenueError e = login()) {
                out.error = e;
                return out;
            }
        }
        venue::HttpRequest req;
        req.method = "POST";
        req.url = url;
        req.idempotent = idempotent;
        req.headers = {{"X-Application", creds_.app_key},
                       {"X-Authentication", token_},
                       {"Content-Type", "application/json"},
                       {"Accept", "application/json"}};
        req.body = nlohmann::json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}, {"id", next_id_++}}.dump();
        venue::HttpResponse r = http_.send(req);
        if (!r.error.empty()) {
            out.error = venue::venue_error(error_table(), 0, "", r.error);
            return out;
        }
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (!j.is_object()) {
            out.error = venue::venue_error(error_table(), static_cast<int>(r.status), "",
                                           "HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
            return out;
        }
        if (auto err = j.find("error"); err != j.end() && err->is_object()) {
            std::string code, details = text_of(*err, "message");
            if (auto d = err->find("data"); d != err->end() && d->is_object()) {
                for (const char* ex : {"APINGException", "AccountAPINGException"})
                    if (auto a = d->find(ex); a != d->end() && a->is_object()) {
                        code = text_of(*a, "errorCode");
                        details = text_of(*a, "errorDetails");
                    }
            }
            if (code.empty() && err->contains("code") && (*err)["code"].is_number_integer())
                code = std::to_string((*err)["code"].get<int64_t>());  // -32700 parse error, -32601 no method, ...
            if (session_lost(code) && attempt == 0) {
                venue::secure_clear(token_);
                token_.clear();
                continue;  // log in again and send once more: the call never ran
            }
            out.error = venue::venue_error(error_table(), static_cast<int>(r.status), code,
                                           details.empty() ? code : details);
            return out;
        }
        if (!r.ok()) {
            out.error = venue::venue_error(error_table(), static_cast<int>(r.status), "",
                                           "HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
            return out;
        }
        out.result = std::move(j["result"]);
        return out;
    }
    return out;
}

}  // namespace tradehost::betfair
