// questrade: OAuth refresh-token session (see auth.hpp for the contract).
#include "auth.hpp"

#include "parse.hpp"

#include <tradehost/venue/encoding.hpp>

namespace tradehost::questrade {

namespace venue = tradehost::venue;

Session::Session(SessionOptions options)
    : opt_(std::move(options)), store_(opt_.token_file) {
    venue::HttpOptions http = opt_.http;
    // Redeeming a refresh token is not idempotent: a resend after a lost answer would present a
    // token the server already consumed. One attempt, and the caller backs off.
    http.max_attempts = 1;
    http_ = std::make_unique<venue::HttpClient>(http);
}

Session::~Session() = default;

Session::Access Session::access() {
    std::lock_guard<std::mutex> lk(mu_);
    if (final_) throw *final_;
    if (!valid_ || Clock::now() + opt_.refresh_margin >= expires_at_) refresh_locked();
    return current_;
}

void Session::invalidate(uint64_t generation) {
    std::lock_guard<std::mutex> lk(mu_);
    if (current_.generation == generation) valid_ = false;
}

uint64_t Session::refreshes() const {
    std::lock_guard<std::mutex> lk(mu_);
    return refreshes_;
}

std::string Session::final_error() const {
    std::lock_guard<std::mutex> lk(mu_);
    return final_ ? final_->what() : std::string();
}

void Session::refresh_locked() {
    // The file is the truth once it exists; the environment's token only seeds it.
    std::string token = refresh_token_;
    if (token.empty()) {
        std::optional<std::string> stored;
        try {
            stored = store_.load();
        } catch (const TokenStoreError& e) {
            final_ = AuthError(AuthError::kNoToken, e.what());
            throw *final_;
        }
        if (stored) {
            token = *stored;
        } else if (opt_.initial_token && !opt_.initial_token->empty()) {
            token = *opt_.initial_token;
        } else {
            final_ = AuthError(AuthError::kNoToken, "no refresh token: " + store_.path() +
                                                        " does not exist and the refresh token variable is unset");
            throw *final_;
        }
    }

    venue::HttpRequest req;
    req.method = "POST";
    req.url = opt_.login_url + "/oauth2/token";
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    // In the body, not the query: URLs end up in proxy and server logs.
    req.body = venue::query_string({{"grant_type", "refresh_token"}, {"refresh_token", token}});
    req.idempotent = false;
    const venue::HttpResponse res = http_->send(req);
    if (!res.error.empty())
        throw AuthError(AuthError::kTransient, "login " + opt_.login_url + " unreachable: " + res.error);
    if (res.status == 400 || res.status == 401) {
        // Questrade answers a spent, revoked or expired refresh token with 400 Bad Request.
        final_ = AuthError(AuthError::kRefused,
                           "Questrade login refused the refresh token (HTTP " + std::to_string(res.status) +
                               "): it was already redeemed, revoked or has expired. Generate a new token in "
                               "the Questrade API centre and write it to " + store_.path());
        throw *final_;
    }
    if (res.status < 200 || res.status >= 300)
        throw AuthError(AuthError::kTransient, "login answered HTTP " + std::to_string(res.status));

    TokenGrant grant;
    try {
        grant = parse_token(res.body);
    } catch (const ParseError& e) {
        // The old token may be spent now; nothing to save. Report without the body (tokens).
        throw AuthError(AuthError::kTransient, std::string("login answer unusable: ") + e.what());
    }
    refresh_token_ = grant.refresh_token;  // kept until saved, so a failed save can be retried
    try {
        store_.save(grant.refresh_token);
    } catch (const TokenStoreError& e) {
        throw AuthError(AuthError::kPersist, std::string("cannot save the new refresh token: ") + e.what());
    }
    refresh_token_.clear();  // the file has it now

    std::string server = opt_.rest_url.empty() ? grant.api_server : opt_.rest_url;
    while (!server.empty() && server.back() == '/') server.pop_back();
    current_.token = grant.access_token;
    current_.api_server = server;
    ++current_.generation;
    expires_at_ = Clock::now() + std::chrono::seconds(grant.expires_in_s);
    valid_ = true;
    ++refreshes_;
}

}  // namespace tradehost::questrade
