// questrade: the REST calls of one thread: Bearer auth from the shared Session, the rate
// limits of https://www.questrade.com/api/documentation/rate-limiting, error bodies of
// .../error-handling, and the 401 / 429 rules:
//   401 -> the Session refreshes (once per request); the request is resent only if idempotent.
//   429 -> back off until X-RateLimit-Reset (a Unix time in seconds); resent only if idempotent.
// An order POST is never resent: Questrade has no client order id to dedupe a duplicate.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_HTTP_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_HTTP_HPP

#include "auth.hpp"
#include "parse.hpp"

#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/rate_limiter.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::questrade {

/// Questrade's rate-limit categories. Account and market data limits are on the current page
/// (account 30/s and 30000/h; market data 20/s and 15000/h); the order-call row (10/s, 500/h)
/// is from an earlier revision of the same page, which the current one no longer lists.
enum class Category { kAccount, kMarket, kOrder };

/// Adds the documented buckets to `limiter`.
void configure_rate_limits(tradehost::venue::RateLimiter& limiter);

struct RestReply {
    long status = 0;
    std::string body;
    std::string transport_error;  ///< non-empty: no answer arrived (outcome unknown)
    std::optional<ApiError> error;  ///< the venue's error body of a non-2xx answer
    bool ok() const noexcept { return transport_error.empty() && status >= 200 && status < 300; }
    /// "HTTP 400 code 1001: Invalid argument" or the transport error, for reasons and logs.
    std::string describe() const;
};

class Rest {
public:
    struct Hooks {
        std::function<void()> on_rate_limited;               ///< a 429 arrived
        std::function<void(const std::string&)> on_warn;     ///< log line (never carries a token)
    };
    Rest(Session& session, tradehost::venue::RateLimiter& limiter, tradehost::venue::HttpOptions http,
         Hooks hooks);

    /// `path_query` starts with "v1/". Throws AuthError when no access token can be had.
    RestReply get(const std::string& path_query, Category category);
    RestReply post(const std::string& path, std::string body, Category category);
    RestReply del(const std::string& path, Category category);

private:
    RestReply call(const std::string& method, const std::string& path, std::string body, Category category,
                   bool idempotent);
    void observe_limits(const tradehost::venue::HttpResponse& res, bool was_429);

    Session& session_;
    tradehost::venue::RateLimiter& limiter_;
    tradehost::venue::HttpClient http_;
    Hooks hooks_;
};

}  // namespace tradehost::questrade

#endif
