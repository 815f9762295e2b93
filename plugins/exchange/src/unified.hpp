// exchange: the unified, exchange-neutral view of markets, orders, fills and errors that every
// dialect parses into. Values are exact fixed point (th_fixed), symbols are the venue's own.
#pragma once

#include <tradehost/plugin.h>
#include <tradehost/venue/errors.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::exchange {

/// One tradable market and the rules the venue enforces on orders (checked locally first).
struct Market {
    std::string symbol;          ///< the venue's symbol ("BTCUSDT")
    std::string base;            ///< "BTC"
    std::string quote;           ///< "USDT"
    bool trading = true;
    th_fixed tick_size = 0;      ///< price must be a multiple (0: no rule)
    th_fixed min_price = 0;
    th_fixed step_size = 0;      ///< quantity must be a multiple (0: no rule)
    th_fixed min_qty = 0;
    th_fixed max_qty = 0;        ///< 0: no rule
    th_fixed min_notional = 0;   ///< price * qty must reach it (0: no rule)
    bool min_notional_applies_to_market = false;
};

/// A request-rate rule in the venue's own terms (Binance rateLimits, Kraken's counter).
struct RateLimitRule {
    std::string bucket;          ///< name used by endpoints' costs ("REQUEST_WEIGHT_1M")
    uint32_t limit = 0;
    std::chrono::nanoseconds window{0};  ///< fixed window; unused for a leaky bucket
    /// > 0: a leaky bucket of capacity `limit` draining this many units per second (Kraken's
    /// call counter) instead of a fixed window.
    double leak_per_second = 0;
};

struct ExchangeInfo {
    std::vector<Market> markets;
    std::vector<RateLimitRule> limits;
};

struct Ticker {
    std::string symbol;
    th_fixed bid_px = 0, bid_qty = 0, ask_px = 0, ask_qty = 0;
    int64_t ts_ns = 0;           ///< 0 when the venue gives no time
};

struct BookLevel { th_fixed px = 0, qty = 0; };
struct OrderBook {
    std::string symbol;
    int64_t update_id = 0;
    std::vector<BookLevel> bids, asks;
};

struct PublicTrade {
    std::string symbol;
    std::string trade_id;
    th_fixed px = 0, qty = 0;
    uint8_t aggressor = TH_SIDE_NONE;  ///< th_side of the taker
    int64_t ts_ns = 0;
};

struct Balance {
    std::string asset;
    th_fixed free = 0, locked = 0;
};

/// An order as the venue reports it (create/cancel/query responses, open orders, streams).
struct OrderState {
    std::string symbol;
    std::string client_order_id;   ///< ours (the venue's client-order-id field)
    std::string venue_order_id;
    uint8_t side = TH_SIDE_NONE;
    uint8_t status = TH_STATUS_PENDING_NEW;  ///< th_order_status
    th_fixed order_qty = 0, executed_qty = 0, cum_quote = 0, price = 0;
    int64_t ts_ns = 0;
    std::string reject_reason;
};

/// One of our executions (my trades, or the trade part of a stream order update).
struct Fill {
    std::string symbol;
    std::string fill_id;           ///< unique per venue: "SYMBOL:tradeId" for Binance
    std::string venue_order_id;
    std::string client_order_id;   ///< empty when the venue's record does not carry it
    uint8_t side = TH_SIDE_NONE;
    th_fixed px = 0, qty = 0, fee = 0;
    std::string fee_asset;
    uint8_t liquidity = TH_LIQ_UNKNOWN;
    int64_t ts_ns = 0;
};

/// What an order-stream message says: an order state change, maybe with a fill.
struct OrderUpdate {
    OrderState order;
    std::optional<Fill> fill;
    uint8_t exec_type = 0;         ///< th_exec_type the venue's event maps to
};

/// A venue error, in terms the adapter can act on: the venue kit's kinds.
using ErrorKind = venue::ErrorKind;
using venue::error_kind_name;

struct UnifiedError {
    ErrorKind kind = ErrorKind::none;
    int64_t code = 0;               ///< the venue's code (Binance -2010), 0 if none
    std::string message;            ///< the venue's message
    std::chrono::nanoseconds retry_after{0};
    explicit operator bool() const noexcept { return kind != ErrorKind::none; }
};

/// What the adapter asks to place, in unified terms (validated against Market first).
struct OrderSpec {
    std::string symbol;
    std::string client_order_id;
    uint8_t side = TH_SIDE_BUY;
    uint8_t type = TH_ORDER_LIMIT;
    uint8_t tif = TH_TIF_GTC;
    th_fixed qty = 0, limit_px = 0, stop_px = 0;
};

}  // namespace tradehost::exchange
