// polymarket: the CLOB REST endpoints the adapter uses (docs.polymarket.com api-reference,
// and clob-client-v2 src/endpoints.ts, read 2026-12-02), with L1 or L2 auth on each request
// and the documented limits (api-reference/rate-limits: POST /order 3,500/10 s burst and
// 36,000/10 min sustained, DELETE /order 3,000/10 s and 30,000/10 min, /data/orders and
// /data/trades 500/10 s each, API key endpoints 100/10 s, POST /orders 1,000/10 s and
// 15,000/10 min per request). Batches also cost one token per order in the per-signer order
// and cancel buckets (api-reference/trading-rate-limits), here charged to the POST /order and
// DELETE /order windows, so a batch of 15 spends what 15 single orders would. Throttled requests are answered
// 429; the limiter backs off for Retry-After (or `rate_limit_backoff`) and sends again: a
// 429 means the request was not processed, so even an order is not duplicated by it.
// One instance per thread (it owns an HttpClient).
#pragma once

#include "auth.hpp"
#include "crypto/wallet.hpp"

#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/rate_limiter.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

namespace tradehost::polymarket {

struct RestOptions {
    std::string base_url;
    uint64_t chain_id = 137;
    bool verify_tls = true;
    std::chrono::milliseconds timeout{10000};
    std::chrono::milliseconds backoff_fallback{1000};
    int max_429_retries = 5;
};

/// Thrown out of a rate-limit wait that interrupt() woke: the worker is stopping.
struct ClobStopped : std::runtime_error {
    ClobStopped() : std::runtime_error("polymarket: stopping during a rate-limit wait") {}
};

class ClobRest {
public:
    /// `wallet` must outlive this. `on_rate_limited` is called for every 429.
    ClobRest(RestOptions options, const Wallet& wallet, std::function<void(std::chrono::milliseconds)> on_rate_limited);
    ~ClobRest();
    ClobRest(const ClobRest&) = delete;
    ClobRest& operator=(const ClobRest&) = delete;

    void set_creds(ApiCreds creds) { creds_ = std::move(creds); }
    const ApiCreds& creds() const { return creds_; }

    // Public.
    venue::HttpResponse version();                              ///< GET /version
    venue::HttpResponse book(const std::string& token_id);      ///< GET /book?token_id=
    // L1.
    venue::HttpResponse create_api_key(uint64_t nonce);         ///< POST /auth/api-key
    venue::HttpResponse derive_api_key(uint64_t nonce);         ///< GET /auth/derive-api-key
    // L2.
    venue::HttpResponse post_order(const std::string& body);    ///< POST /order
    /// POST /orders: `count` signed orders (at most kMaxBatchOrders) in one request.
    venue::HttpResponse post_orders(const std::string& body, uint32_t count);
    venue::HttpResponse cancel_order(const std::string& order_id);  ///< DELETE /order {"orderID"}
    /// DELETE /orders: a JSON array of `count` order ids.
    venue::HttpResponse cancel_orders(const std::string& ids_json, uint32_t count);
    venue::HttpResponse cancel_all();                            ///< DELETE /cancel-all
    venue::HttpResponse cancel_market_orders(const std::string& market, const std::string& asset_id);
    venue::HttpResponse order(const std::string& order_id);      ///< GET /data/order/{id}
    venue::HttpResponse open_orders(const std::string& cursor);  ///< GET /data/orders
    venue::HttpResponse trades(int64_t after_s, const std::string& cursor);  ///< GET /data/trades

    /// Wakes a rate-limit wait (a back-off after 429 can last minutes) and makes every later
    /// wait throw ClobStopped, until resume(). Any thread: the worker's stop() calls it.
    void interrupt();
    /// Waits may sleep again (the worker connects anew after a stop).
    void resume();

private:
    enum class Auth { none, l1, l2 };
    void sleep_until(venue::RateLimiter::Clock::time_point t);
    venue::HttpResponse send(const char* bucket, Auth auth, std::string method, const std::string& path,
                             const std::string& query, std::string body, bool idempotent, uint64_t nonce = 0,
                             uint32_t entries = 1);

    RestOptions opt_;
    const Wallet& wallet_;
    ApiCreds creds_;
    std::function<void(std::chrono::milliseconds)> on_rate_limited_;
    venue::HttpClient http_;
    std::mutex wait_mu_;
    std::condition_variable wait_cv_;
    std::atomic<bool> stopping_{false};
    venue::RateLimiter limiter_;
};

/// POST /orders takes at most 15 orders (api-reference: post multiple orders, read 2026-12-03).
inline constexpr std::size_t kMaxBatchOrders = 15;
/// DELETE /orders takes up to 3,000 ids; batches here stay at 100 so one request's token cost
/// (one per id in the per-signer cancel bucket) fits any tier's burst (docs/decisions.md).
inline constexpr std::size_t kMaxBatchCancels = 100;

/// The cursor that ends a paged listing ("LTE=", base64 of "-1").
inline constexpr const char* kEndCursor = "LTE=";

}  // namespace tradehost::polymarket
