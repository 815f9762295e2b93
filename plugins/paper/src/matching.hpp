// paper: the matching rules of one order against one quote, as a pure function.
#ifndef TRADEHOST_PLUGINS_PAPER_MATCHING_HPP
#define TRADEHOST_PLUGINS_PAPER_MATCHING_HPP

#include "order.hpp"

namespace tradehost::paper {

/// Liquidity still available on the current quote (displayed size minus what earlier
/// orders took from the same quote; "unlimited" when partial_fills is off).
struct Top {
    th_fixed bid_px = 0;
    th_fixed bid_avail = 0;
    th_fixed ask_px = 0;
    th_fixed ask_avail = 0;
};

/// What the venue should do with an order on this quote.
struct Decision {
    th_fixed qty = 0;                 ///< fill this much (0: no fill)
    th_fixed px = 0;                  ///< at this price
    th_liquidity liquidity = TH_LIQ_UNKNOWN;
    bool cancel_remainder = false;    ///< IOC/FOK: cancel what is left after the fill
    const char* reason = "";          ///< why the remainder is canceled
};

/// True if the quote trades through the order's stop (buy: ask >= stop; sell: bid <= stop).
bool stop_triggered(const Order& o, const Top& top) noexcept;

/// Match `o` against `top`. Updates o.triggered and o.arrived; does not fill.
///
/// - Stop / stop-limit orders wait until triggered, then act as market / limit orders whose
///   arrival is the triggering quote.
/// - On its arrival (first eligible quote, or the trigger) an order is a taker: market
///   orders and marketable limits fill at the quote's price.
/// - Afterwards a limit order rests and fills as maker at its limit price on a quote that
///   crosses it; a market order keeps taking at the quote's price.
/// - Fills are capped by the available size of the opposite side.
/// - IOC cancels what the arrival did not fill; FOK fills completely on arrival or not at all.
Decision decide(Order& o, const Top& top) noexcept;

}  // namespace tradehost::paper

#endif
