#include "http.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/sign.hpp>

namespace tradehost::polymarket {
namespace {

venue::HttpOptions http_options(const RestOptions& o) {
    venue::HttpOptions h;
    h.verify_tls = o.verify_tls;
    h.timeout = o.timeout;
    h.max_attempts = 3;   // only idempotent requests are ever retried by the client
    h.retry_429 = false;  // the RateLimiter below owns 429s
    h.user_agent = "tradehost-polymarket/1";
    return h;
}

int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

ClobRest::ClobRest(RestOptions options, const Wallet& wallet,
                   std::function<void(std::chrono::milliseconds)> on_rate_limited)
    : opt_(std::move(options)), wallet_(wallet), on_rate_limited_(std::move(on_rate_limited)), http_(http_options(opt_)),
      limiter_(venue::RateLimiter::Time{[] { return venue::RateLimiter::Clock::now(); },
                                        [this](venue::RateLimiter::Clock::time_point t) { sleep_until(t); }}) {
    using namespace std::chrono;
    limiter_.add_window("order", 3500, seconds(10));
    limiter_.add_window("order_10m", 36000, minutes(10));
    limiter_.add_window("cancel", 3000, seconds(10));
    limiter_.add_window("cancel_10m", 30000, minutes(10));
    limiter_.add_window("orders_batch", 1000, seconds(10));
    limiter_.add_window("orders_batch_10m", 15000, minutes(10));
    limiter_.add_window("ledger", 500, seconds(10));
    limiter_.add_window("auth", 100, seconds(10));
    limiter_.add_window("public", 1500, seconds(10));
}

ClobRest::~ClobRest() { venue::secure_clear(creds_.secret); }

void ClobRest::interrupt() {
    {
        std::lock_guard<std::mutex> lk(wait_mu_);
        stopping_ = true;
    }
    wait_cv_.notify_all();
}

void ClobRest::resume() { stopping_ = false; }

void ClobRest::sleep_until(venue::RateLimiter::Clock::time_point t) {
    std::unique_lock<std::mutex> lk(wait_mu_);
    wait_cv_.wait_until(lk, t, [this] { return stopping_.load(); });
    if (stopping_) throw ClobStopped();
}

venue::HttpResponse ClobRest::send(const char* bucket, Auth auth, std::string method, const std::string& path,
                                   const std::string& query, std::string body, bool idempotent, uint64_t nonce,
                                   uint32_t entries) {
    venue::HttpResponse r;
    for (int attempt = 0;; ++attempt) {
        if (std::string_view(bucket) == "order")
            limiter_.acquire({{"order", entries}, {"order_10m", entries}});
        else if (std::string_view(bucket) == "orders")
            limiter_.acquire({{"order", entries}, {"order_10m", entries}, {"orders_batch", 1}, {"orders_batch_10m", 1}});
        else if (std::string_view(bucket) == "cancel")
            limiter_.acquire({{"cancel", entries}, {"cancel_10m", entries}});
        else
            limiter_.acquire(bucket);
        venue::HttpRequest req;
        req.method = method;
        req.url = opt_.base_url + path + (query.empty() ? "" : "?" + query);
        req.body = body;
        req.idempotent = idempotent;
        req.headers.emplace_back("Accept", "application/json");
        if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
        // Signed at every attempt: the timestamp is part of both signatures.
        if (auth == Auth::l1) {
            for (auto& h : l1_headers(wallet_, opt_.chain_id, now_s(), nonce)) req.headers.push_back(std::move(h));
        } else if (auth == Auth::l2) {
            // The request path without its query is what the client signs.
            for (auto& h : l2_headers(wallet_.address(), creds_, now_s(), method, path, body))
                req.headers.push_back(std::move(h));
        }
        r = http_.send(req);
        if (r.status != 429 || attempt >= opt_.max_429_retries) return r;
        std::chrono::nanoseconds wait{0};
        if (const std::string* ra = r.header("Retry-After"))
            wait = venue::RateLimiter::parse_retry_after(*ra, std::chrono::system_clock::now());
        if (wait <= std::chrono::nanoseconds(0)) wait = opt_.backoff_fallback;
        if (on_rate_limited_) on_rate_limited_(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
        limiter_.back_off(wait);
    }
}

venue::HttpResponse ClobRest::version() { return send("public", Auth::none, "GET", "/version", "", "", true); }

venue::HttpResponse ClobRest::book(const std::string& token_id) {
    return send("public", Auth::none, "GET", "/book", venue::query_string({{"token_id", token_id}}), "", true);
}

venue::HttpResponse ClobRest::create_api_key(uint64_t nonce) {
    return send("auth", Auth::l1, "POST", "/auth/api-key", "", "", false, nonce);
}

venue::HttpResponse ClobRest::derive_api_key(uint64_t nonce) {
    return send("auth", Auth::l1, "GET", "/auth/derive-api-key", "", "", true, nonce);
}

venue::HttpResponse ClobRest::post_order(const std::string& body) {
    // Not retried after a transport error: the worker looks the order up by its hash instead.
    return send("order", Auth::l2, "POST", "/order", "", body, false);
}

venue::HttpResponse ClobRest::post_orders(const std::string& body, uint32_t count) {
    // Not retried after a transport error either: each order is looked up by its hash.
    return send("orders", Auth::l2, "POST", "/orders", "", body, false, 0, count);
}

venue::HttpResponse ClobRest::cancel_order(const std::string& order_id) {
    return send("cancel", Auth::l2, "DELETE", "/order", "", "{\"orderID\":" + venue::json::quote(order_id) + "}", true);
}

venue::HttpResponse ClobRest::cancel_orders(const std::string& ids_json, uint32_t count) {
    return send("cancel", Auth::l2, "DELETE", "/orders", "", ids_json, true, 0, count);
}

venue::HttpResponse ClobRest::cancel_all() { return send("cancel", Auth::l2, "DELETE", "/cancel-all", "", "", true); }

venue::HttpResponse ClobRest::cancel_market_orders(const std::string& market, const std::string& asset_id) {
    std::string body = "{\"market\":" + venue::json::quote(market) + ",\"asset_id\":" + venue::json::quote(asset_id) + "}";
    return send("cancel", Auth::l2, "DELETE", "/cancel-market-orders", "", body, true);
}

venue::HttpResponse ClobRest::order(const std::string& order_id) {
    return send("ledger", Auth::l2, "GET", "/data/order/" + order_id, "", "", true);
}

venue::HttpResponse ClobRest::open_orders(const std::string& cursor) {
    return send("ledger", Auth::l2, "GET", "/data/orders",
                cursor.empty() ? "" : venue::query_string({{"next_cursor", cursor}}), "", true);
}

venue::HttpResponse ClobRest::trades(int64_t after_s, const std::string& cursor) {
    venue::QueryParams q;
    if (after_s > 0) q.emplace_back("after", std::to_string(after_s));
    if (!cursor.empty()) q.emplace_back("next_cursor", cursor);
    return send("ledger", Auth::l2, "GET", "/data/trades", venue::query_string(q), "", true);
}

}  // namespace tradehost::polymarket
