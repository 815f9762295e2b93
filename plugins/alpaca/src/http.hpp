// alpaca: the Trading API v2 REST endpoints the adapter uses: request building, the two auth
// headers, Alpaca's error body, and rate-limit bookkeeping (200 requests/min, X-RateLimit-*,
// 429 back-off). One instance per thread (it owns an HttpClient).
#ifndef TRADEHOST_PLUGINS_ALPACA_HTTP_HPP
#define TRADEHOST_PLUGINS_ALPACA_HTTP_HPP

#include <tradehost/plugin.h>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/rate_limiter.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::alpaca {

/// What POST /v2/orders needs, in our terms.
struct NewOrder {
    std::string symbol;
    std::string client_order_id;
    uint8_t side = 0;        ///< th_side
    uint8_t order_type = 0;  ///< th_order_type
    uint8_t tif = 0;         ///< th_tif
    th_fixed qty = 0;
    th_fixed limit_px = 0;
    th_fixed stop_px = 0;
};

/// Alpaca's `type` for a th_order_type, or nullptr if it has none.
const char* order_type_text(uint8_t order_type);
/// Alpaca's `time_in_force` for a th_tif, or nullptr.
const char* tif_text(uint8_t tif);
/// The JSON body of POST /v2/orders (https://docs.alpaca.markets/reference/postorder):
/// qty and prices as decimal strings, our client order id in `client_order_id`.
std::string new_order_body(const NewOrder& o);
/// The JSON body of PATCH /v2/orders/{id}: qty, prices that are set, and the new client id.
std::string replace_body(th_fixed qty, th_fixed limit_px, th_fixed stop_px, std::string_view new_client_order_id);

struct RestOptions {
    std::string base_url;   ///< "https://paper-api.alpaca.markets", no trailing slash
    std::string key_id;     ///< APCA-API-KEY-ID
    std::string secret;     ///< APCA-API-SECRET-KEY (never logged)
    bool verify_tls = true;
    uint32_t requests_per_minute = 200;
    std::chrono::milliseconds backoff_fallback{1000};
    std::chrono::milliseconds timeout{10000};
    int max_429_retries = 5;
};

class AlpacaRest {
public:
    /// `on_rate_limited` is called for every 429 (metrics, logs). Thread: the caller's.
    AlpacaRest(RestOptions options, std::function<void(std::chrono::milliseconds wait)> on_rate_limited);
    ~AlpacaRest();
    AlpacaRest(const AlpacaRest&) = delete;
    AlpacaRest& operator=(const AlpacaRest&) = delete;

    venue::HttpResponse submit_order(const NewOrder& o);
    venue::HttpResponse cancel_order(std::string_view order_id);
    venue::HttpResponse replace_order(std::string_view order_id, const std::string& body);
    venue::HttpResponse open_orders();
    venue::HttpResponse order_by_client_id(std::string_view client_order_id);
    venue::HttpResponse account();
    venue::HttpResponse positions();
    /// FILL activities after `after_ns` (0: all), oldest first, one page of at most 100.
    venue::HttpResponse fill_activities(int64_t after_ns, std::string_view page_token);

    /// Sends with the auth headers through the rate limiter; a 429 backs the limiter off and
    /// sends again (a 429 means Alpaca did not process the request, so even an order POST is
    /// not duplicated by it). Other statuses are returned as they are.
    venue::HttpResponse send(venue::HttpRequest request);

private:
    void observe(const venue::HttpResponse& r);
    std::chrono::nanoseconds wait_after_429(const venue::HttpResponse& r) const;

    RestOptions opt_;
    std::function<void(std::chrono::milliseconds)> on_rate_limited_;
    venue::HttpClient http_;
    venue::RateLimiter limiter_;
};

}  // namespace tradehost::alpaca

#endif
