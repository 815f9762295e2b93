// paper: one order as the venue holds it.
#ifndef TRADEHOST_PLUGINS_PAPER_ORDER_HPP
#define TRADEHOST_PLUGINS_PAPER_ORDER_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <cstring>
#include <string>

namespace tradehost::paper {

struct Order {
    std::string client_id;
    std::string venue_id;
    th_instrument instrument = 0;
    uint8_t side = TH_SIDE_NONE;      ///< th_side
    uint8_t type = TH_ORDER_MARKET;   ///< th_order_type
    uint8_t tif = TH_TIF_DAY;         ///< th_tif
    th_fixed qty = 0;
    th_fixed limit_px = 0;
    th_fixed stop_px = 0;
    th_fixed cum_qty = 0;
    th_fixed cum_notional = 0;        ///< sum of fill px * qty, for avg_px
    th_fixed ref_px = 0;              ///< price used to reserve cash for a buy
    th_time_ns live_ts = 0;           ///< when it became live (request ts + latency)
    int64_t day = 0;                  ///< UTC day of live_ts, for DAY expiry
    uint64_t priority = 0;            ///< time priority; lower matches first
    bool arrived = false;             ///< had its arrival match (taker) opportunity
    bool triggered = false;           ///< stop / stop-limit: stop price traded through

    th_fixed leaves() const noexcept { return qty - cum_qty; }
    bool buy() const noexcept { return side == TH_SIDE_BUY; }
    bool is_stop() const noexcept { return type == TH_ORDER_STOP || type == TH_ORDER_STOP_LIMIT; }
    /// Trades as a market order (market, or a triggered stop).
    bool market_like() const noexcept { return type == TH_ORDER_MARKET || type == TH_ORDER_STOP; }
    th_fixed avg_px() const noexcept { return cum_qty > 0 ? fixed_div(cum_notional, cum_qty) : 0; }
    th_order_status status() const noexcept {
        if (cum_qty >= qty) return TH_STATUS_FILLED;
        return cum_qty > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW;
    }
};

/// A fixed-size id field as a string (the field need not be NUL-terminated).
template <size_t N> std::string id_text(const char (&field)[N]) {
    const void* nul = std::memchr(field, '\0', N);
    size_t n = nul ? static_cast<size_t>(static_cast<const char*>(nul) - field) : N;
    return std::string(field, n);
}

}  // namespace tradehost::paper

#endif
