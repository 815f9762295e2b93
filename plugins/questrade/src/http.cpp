// questrade: REST calls with auth, rate limits and error bodies (see http.hpp).
#include "http.hpp"

#include <chrono>
#include <cstdlib>
#include <thread>

namespace tradehost::questrade {

namespace venue = tradehost::venue;
using namespace std::chrono_literals;

namespace {

constexpr int kMaxRateLimitedRetries = 3;

std::vector<std::pair<std::string_view, uint32_t>> costs(Category c) {
    switch (c) {
    case Category::kAccount: return {{"account_s", 1}, {"account_h", 1}};
    case Category::kMarket: return {{"market_s", 1}, {"market_h", 1}};
    case Category::kOrder: return {{"order_s", 1}, {"order_h", 1}};
    }
    return {};
}

std::optional<int64_t> header_int(const venue::HttpResponse& res, std::string_view name) {
    const std::string* v = res.header(name);
    if (!v || v->empty()) return std::nullopt;
    char* end = nullptr;
    const long long n = std::strtoll(v->c_str(), &end, 10);
    if (end == v->c_str()) return std::nullopt;
    return static_cast<int64_t>(n);
}

}  // namespace

void configure_rate_limits(venue::RateLimiter& limiter) {
    limiter.add_window("account_s", 30, 1s);
    limiter.add_window("account_h", 30000, 1h);
    limiter.add_window("market_s", 20, 1s);
    limiter.add_window("market_h", 15000, 1h);
    limiter.add_window("order_s", 10, 1s);
    limiter.add_window("order_h", 500, 1h);
}

std::string RestReply::describe() const {
    if (!transport_error.empty()) return "no answer: " + transport_error;
    std::string s = "HTTP " + std::to_string(status);
    if (error) {
        s += " code " + std::to_string(error->code);
        if (!error->message.empty()) s += ": " + error->message;
    }
    return s;
}

Rest::Rest(Session& session, venue::RateLimiter& limiter, venue::HttpOptions http, Hooks hooks)
    : session_(session), limiter_(limiter), http_([&] {
          http.retry_429 = false;  // 429 is ours to handle: X-RateLimit-Reset, not Retry-After
          return http;
      }()),
      hooks_(std::move(hooks)) {}

RestReply Rest::get(const std::string& path_query, Category category) {
    return call("GET", path_query, {}, category, true);
}

RestReply Rest::post(const std::string& path, std::string body, Category category) {
    return call("POST", path, std::move(body), category, false);
}

RestReply Rest::del(const std::string& path, Category category) {
    return call("DELETE", path, {}, category, true);
}

void Rest::observe_limits(const venue::HttpResponse& res, bool was_429) {
    const auto remaining = header_int(res, "X-RateLimit-Remaining");
    const auto reset = header_int(res, "X-RateLimit-Reset");
    if (!was_429 && !(remaining && *remaining <= 0)) return;
    // The budget is spent until the reset time (a Unix timestamp, whole seconds).
    std::chrono::nanoseconds delay = 1s;
    if (reset) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        const auto until = std::chrono::seconds(*reset);
        delay = until > now ? std::chrono::duration_cast<std::chrono::nanoseconds>(until - now) : 0ns;
        if (delay > 1h) delay = 1h;
    }
    limiter_.back_off(delay);
}

RestReply Rest::call(const std::string& method, const std::string& path, std::string body, Category category,
                     bool idempotent) {
    bool refreshed = false;
    int rate_retries = 0;
    for (;;) {
        limiter_.acquire(costs(category));
        const Session::Access access = session_.access();
        venue::HttpRequest req;
        req.method = method;
        req.url = access.api_server + "/" + path;
        req.headers = {{"Authorization", "Bearer " + access.token}, {"Accept", "application/json"}};
        if (method == "POST") req.headers.emplace_back("Content-Type", "application/json");
        req.body = body;
        req.idempotent = idempotent;
        const venue::HttpResponse res = http_.send(req);

        RestReply r;
        r.status = res.status;
        r.transport_error = res.error;
        r.body = res.body;
        if (!res.error.empty()) return r;
        if (res.status < 200 || res.status >= 300) r.error = parse_error(res.body);
        observe_limits(res, res.status == 429);

        if (res.status == 401 && !refreshed) {
            // {"code":1017,"message":"Access token is invalid"}: expired early or revoked.
            session_.invalidate(access.generation);
            refreshed = true;
            if (idempotent) continue;
            return r;
        }
        if (res.status == 429) {
            if (hooks_.on_rate_limited) hooks_.on_rate_limited();
            if (idempotent && rate_retries++ < kMaxRateLimitedRetries) {
                if (hooks_.on_warn) hooks_.on_warn(method + " " + path.substr(0, path.find('?')) +
                                                   ": rate limited (429), waiting for X-RateLimit-Reset");
                continue;  // acquire() waits out the back-off
            }
            return r;
        }
        return r;
    }
}

}  // namespace tradehost::questrade
