// exec_algos: what the algorithms see of the market per instrument: the touch (quotes or
// the book's best levels), the book's depth for the sniper, and the volume traded so far.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_MARKET_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_MARKET_HPP

#include <tradehost/plugin.hpp>

#include <functional>
#include <map>

namespace tradehost::exec_algos {

struct InstrumentMarket {
    th_fixed bid = 0, bid_qty = 0, ask = 0, ask_qty = 0;
    std::map<th_fixed, th_fixed, std::greater<th_fixed>> bids;  ///< book, best first
    std::map<th_fixed, th_fixed> asks;                           ///< book, best first
    bool has_book = false;
    th_fixed volume = 0;  ///< trade prints seen since the plugin started (qty sum)

    th_fixed mid() const noexcept { return bid > 0 && ask > 0 ? (bid + ask) / 2 : 0; }

    void on_quote(const th_quote& q) noexcept {
        bid = q.bid_px;
        bid_qty = q.bid_qty;
        ask = q.ask_px;
        ask_qty = q.ask_qty;
    }
    void on_book(const th_book& b) {
        if (b.snapshot) {
            bids.clear();
            asks.clear();
        }
        for (uint32_t i = 0; i < static_cast<uint32_t>(b.bid_count) + b.ask_count; ++i) {
            const th_book_level& l = b.levels[i];
            if (i < b.bid_count) {
                if (l.qty > 0) bids[l.px] = l.qty;
                else bids.erase(l.px);
            } else {
                if (l.qty > 0) asks[l.px] = l.qty;
                else asks.erase(l.px);
            }
        }
        has_book = true;
        bid = bids.empty() ? 0 : bids.begin()->first;
        bid_qty = bids.empty() ? 0 : bids.begin()->second;
        ask = asks.empty() ? 0 : asks.begin()->first;
        ask_qty = asks.empty() ? 0 : asks.begin()->second;
    }
    /// Quantity offered to a taker on `side` at `limit` or better: the book's levels when a
    /// book is wired, else the touch.
    th_fixed takeable(uint8_t side, th_fixed limit) const {
        th_fixed q = 0;
        if (side == TH_SIDE_BUY) {
            if (!has_book) return ask > 0 && ask <= limit ? ask_qty : 0;
            for (const auto& [px, qty] : asks) {
                if (px > limit) break;
                q += qty;
            }
        } else {
            if (!has_book) return bid > 0 && bid >= limit ? bid_qty : 0;
            for (const auto& [px, qty] : bids) {
                if (px < limit) break;
                q += qty;
            }
        }
        return q;
    }
};

}  // namespace tradehost::exec_algos

#endif
