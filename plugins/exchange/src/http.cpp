// exchange: REST session (see http.hpp).
#include "http.hpp"

#include <chrono>

namespace tradehost::exchange {
namespace {

int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

venue::HttpOptions with_no_429_retry(venue::HttpOptions o) {
    o.retry_429 = false;  // our RateLimiter handles 429 itself
    return o;
}

}  // namespace

RestSession::RestSession(const Dialect& dialect, RestOptions options)
    : dialect_(dialect), options_(std::move(options)), http_(with_no_429_retry(options_.http)),
      limiter_(venue::RateLimiter::Time{[] { return venue::RateLimiter::Clock::now(); },
                                        [this](venue::RateLimiter::Clock::time_point t) { sleep_until(t); }}) {}

RestSession::~RestSession() = default;

void RestSession::sleep_until(venue::RateLimiter::Clock::time_point t) {
    std::unique_lock<std::mutex> lk(wait_mu_);
    wait_cv_.wait_until(lk, t, [this] { return stopping_.load(); });
    if (stopping_) throw RestStopped();
}

void RestSession::stop() {
    {
        std::lock_guard<std::mutex> lk(wait_mu_);
        stopping_ = true;
    }
    wait_cv_.notify_all();
}

void RestSession::configure_limits(const std::vector<RateLimitRule>& rules) {
    for (const auto& r : rules) {
        if (r.limit == 0) continue;
        if (r.leak_per_second > 0) {
            limiter_.add_leaky(r.bucket, r.limit, r.leak_per_second);
        } else {
            if (r.window.count() <= 0) continue;
            limiter_.add_window(r.bucket, r.limit, r.window);
        }
        buckets_.insert(r.bucket);
    }
}

RestResult RestSession::call(const Endpoint& ep) {
    std::vector<std::pair<std::string_view, uint32_t>> costs;
    for (const auto& [bucket, w] : ep.costs)
        if (buckets_.count(bucket)) costs.emplace_back(bucket, w);
    for (int attempt = 0;; ++attempt) {
        if (stopping_) throw RestStopped();
        limiter_.acquire(costs);  // also honours an earlier back_off
        venue::HttpRequest req = dialect_.sign(ep, options_.base_url, options_.credentials, wall_ms());
        RestResult out;
        out.response = http_.send(req);
        for (const auto& [bucket, used] : dialect_.used_weights(out.response))
            if (buckets_.count(bucket)) limiter_.observe_used(bucket, used);
        out.error = dialect_.parse_error(decoder_, out.response);
        if (!out.error) return out;
        if (out.error.kind != ErrorKind::rate_limited && out.error.kind != ErrorKind::banned) return out;
        // The venue said stop: nothing is sent until its Retry-After has passed. Without one,
        // a minute for a 429 (Binance's weight window) and two for a ban.
        auto delay = out.error.retry_after;
        if (delay.count() <= 0)
            delay = out.error.kind == ErrorKind::banned ? std::chrono::minutes(2) : std::chrono::minutes(1);
        limiter_.back_off(delay);
        if (options_.on_rate_limited) options_.on_rate_limited(out.error);
        if (attempt >= options_.max_retries) return out;
    }
}

}  // namespace tradehost::exchange
