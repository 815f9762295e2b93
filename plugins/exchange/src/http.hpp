// exchange: one REST session with an exchange: signs each call through the dialect, takes
// the venue's own rate-limit buckets before sending, feeds the venue's limit headers back,
// maps error bodies to UnifiedError, and backs off on 429/418 (Retry-After) before retrying.
// Owned by one thread (the execution worker); stop() may be called from any thread and wakes
// a back-off wait.
#pragma once

#include "dialect.hpp"

#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/rate_limiter.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

namespace tradehost::exchange {

struct RestResult {
    venue::HttpResponse response;
    UnifiedError error;                 ///< kind none when the call succeeded
    bool ok() const noexcept { return !error; }
};

/// Thrown out of a call that was waiting when stop() was called.
struct RestStopped : std::runtime_error {
    RestStopped() : std::runtime_error("REST session stopped") {}
};

struct RestOptions {
    std::string base_url;
    Credentials credentials;
    venue::HttpOptions http;
    int max_retries = 3;                ///< after a 429/418
    /// Called once per rate-limit answer (metrics, logs). Thread: the caller's.
    std::function<void(const UnifiedError&)> on_rate_limited;
};

class RestSession {
public:
    RestSession(const Dialect& dialect, RestOptions options);
    ~RestSession();
    RestSession(const RestSession&) = delete;
    RestSession& operator=(const RestSession&) = delete;

    /// Buckets in the venue's terms (from ExchangeInfo::limits); replaces earlier ones.
    void configure_limits(const std::vector<RateLimitRule>& rules);
    /// Sends `ep` (waiting for rate-limit room first). A 429/418 is retried after the venue's
    /// Retry-After, up to max_retries: the venue refused it unprocessed, so even an order
    /// POST is safe to send again. Transport errors are not retried here for non-idempotent
    /// calls: the caller reconciles by client order id instead.
    RestResult call(const Endpoint& ep);
    /// Wakes any wait and makes later waits throw RestStopped.
    void stop();

    venue::json::Decoder& decoder() { return decoder_; }
    venue::RateLimiter& limiter() { return limiter_; }

private:
    void sleep_until(venue::RateLimiter::Clock::time_point t);

    const Dialect& dialect_;
    RestOptions options_;
    venue::HttpClient http_;
    venue::json::Decoder decoder_;
    std::mutex wait_mu_;
    std::condition_variable wait_cv_;
    std::atomic<bool> stopping_{false};
    venue::RateLimiter limiter_;
    std::set<std::string, std::less<>> buckets_;  // configured bucket names
};

}  // namespace tradehost::exchange
