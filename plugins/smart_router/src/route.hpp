// smart_router: the routing decision, a pure function of the books, each venue's costs and
// fill quality, and one order.
#ifndef TRADEHOST_PLUGINS_SMART_ROUTER_ROUTE_HPP
#define TRADEHOST_PLUGINS_SMART_ROUTER_ROUTE_HPP

#include <tradehost/plugin.hpp>

#include <functional>
#include <map>
#include <vector>

namespace tradehost::smart_router {

/// One venue's book of one instrument (snapshots and deltas applied), best first.
struct Book {
    std::map<th_fixed, th_fixed, std::greater<th_fixed>> bids;
    std::map<th_fixed, th_fixed> asks;
    void apply(const th_book& b);
};

/// What routing knows of a venue for this order.
struct VenueView {
    const Book* book = nullptr;  ///< nullptr: no book for the instrument yet
    double cost_bps = 0;         ///< fee + latency penalty + historical slippage, in bps of price
    double fill_ratio = 1;       ///< historical share of routed quantity that filled, (0, 1]
};

struct Slice {
    size_t venue = 0;
    th_fixed qty = 0;
    th_fixed expected_px = 0;  ///< VWAP of the levels planned on this venue (0 if none)
};

/// Split `qty` on `side` (limit `limit`, 0 = none) across venues: every venue's levels at the
/// limit or better, each level's quantity times the venue's fill ratio, ordered by all-in
/// price (`px * (1 ± cost_bps / 1e4)`), taken best first. What the books cannot take goes to
/// the venue with the best all-in touch (it rests or waits there), or to `fallback` when no
/// venue has a book on that side. Quantities are rounded down to `lot` (> 0) with the rest on
/// the largest slice. Slices come out in venue order, without empty ones.
std::vector<Slice> route(uint8_t side, th_fixed qty, th_fixed limit, const std::vector<VenueView>& venues,
                         size_t fallback, th_fixed lot);

}  // namespace tradehost::smart_router

#endif
