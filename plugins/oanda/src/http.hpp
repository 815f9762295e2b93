// oanda: the v20 REST endpoints the adapter uses: request building (paths, Bearer auth,
// RFC 3339 datetimes), order bodies, error bodies -> text, and the client-side rate limit.
// Endpoints: developer.oanda.com/rest-live-v20/{order-ep,position-ep,account-ep,transaction-ep}.
// Limits: developer.oanda.com/rest-live-v20/best-practices (100 requests/s on a persistent
// connection, 2 new connections/s). One OandaRest per thread (it owns an HttpClient).
#ifndef TRADEHOST_PLUGINS_OANDA_HTTP_HPP
#define TRADEHOST_PLUGINS_OANDA_HTTP_HPP

#include "config.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/rate_limiter.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::oanda {

/// What one of our order requests becomes in OANDA's OrderRequest (order-df).
struct OrderSpec {
    std::string type;          ///< MARKET, LIMIT, STOP
    std::string instrument;    ///< EUR_USD
    th_fixed units = 0;        ///< signed: negative sells
    th_fixed price = 0;        ///< LIMIT/STOP threshold; 0 for MARKET
    std::string time_in_force; ///< FOK, IOC, GTC, GFD
    std::string client_order_id;
    th_fixed take_profit_price = 0;  ///< 0: no takeProfitOnFill
    th_fixed stop_loss_price = 0;    ///< 0: no stopLossOnFill
};

/// Maps a NEW/REPLACE request to an OrderSpec. `reference_px` prices take-profit/stop-loss of a
/// MARKET order (the side's last quote; 0 if none). Returns the reason to reject, or "".
std::string build_order_spec(const th_order_request& req, uint8_t side, std::string_view symbol,
                             const OandaConfig& cfg, th_fixed reference_px, OrderSpec& out);
/// {"order": {...}} as POST .../orders and PUT .../orders/{spec} expect it.
std::string order_body(const OrderSpec& spec);
/// "@<client id>" url-encoded: OANDA's OrderSpecifier for a client id (order-df).
std::string client_order_specifier(std::string_view client_order_id);
/// Text for a failed response: the venue's "errorCode: errorMessage" (or just the message),
/// else "HTTP <status>", else the transport error.
std::string error_text(const venue::HttpResponse& resp);

class OandaRest {
public:
    /// `on_rate_limited` runs for every 429 received (metrics).
    OandaRest(const OandaConfig& cfg, std::string token, std::function<void()> on_rate_limited = {});
    ~OandaRest();
    OandaRest(const OandaRest&) = delete;
    OandaRest& operator=(const OandaRest&) = delete;

    void set_account(std::string id) { account_ = std::move(id); }
    const std::string& account() const noexcept { return account_; }

    // Request builders (no I/O).
    venue::HttpRequest get_accounts() const;
    venue::HttpRequest create_order(const OrderSpec& spec) const;
    venue::HttpRequest replace_order(std::string_view orig_client_id, const OrderSpec& spec) const;
    venue::HttpRequest cancel_order(std::string_view client_order_id) const;
    venue::HttpRequest get_order(std::string_view client_order_id) const;
    venue::HttpRequest pending_orders() const;
    venue::HttpRequest open_trades() const;
    venue::HttpRequest open_positions() const;
    venue::HttpRequest summary() const;
    venue::HttpRequest transactions_since(int64_t id) const;
    /// Headers for REST and the streams: Bearer token and RFC 3339 datetimes.
    venue::Headers headers() const;
    std::string pricing_stream_url(const std::vector<std::string>& instruments) const;
    std::string transaction_stream_url() const;

    /// Sends under the rate limit. A 429 backs off (Retry-After, else rate_limit_backoff) and
    /// is retried up to max_rate_limit_retries times when `retry_on_429`; otherwise the 429
    /// response is returned for the caller to reconcile (order POSTs).
    venue::HttpResponse send(const venue::HttpRequest& req, bool retry_on_429);

private:
    std::string account_path() const;
    venue::HttpRequest make(std::string method, std::string path, std::string body, bool idempotent) const;

    OandaConfig cfg_;
    std::string token_;
    std::string account_;
    venue::HttpClient client_;
    venue::RateLimiter limiter_;
    std::function<void()> on_rate_limited_;
};

}  // namespace tradehost::oanda

#endif
