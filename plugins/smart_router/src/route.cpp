#include "route.hpp"

#include <algorithm>

namespace tradehost::smart_router {

void Book::apply(const th_book& b) {
    if (b.snapshot) {
        bids.clear();
        asks.clear();
    }
    const uint32_t n = static_cast<uint32_t>(b.bid_count) + b.ask_count;
    for (uint32_t i = 0; i < n; ++i) {
        const th_book_level& l = b.levels[i];
        if (i < b.bid_count) {
            if (l.qty > 0) bids[l.px] = l.qty;
            else bids.erase(l.px);
        } else {
            if (l.qty > 0) asks[l.px] = l.qty;
            else asks.erase(l.px);
        }
    }
}

namespace {

struct Level {
    double all_in;
    th_fixed px, qty;
    size_t venue;
};

double all_in(uint8_t side, th_fixed px, double cost_bps) {
    const double p = static_cast<double>(px);
    return side == TH_SIDE_BUY ? p * (1 + cost_bps / 1e4) : p * (1 - cost_bps / 1e4);
}

}  // namespace

std::vector<Slice> route(uint8_t side, th_fixed qty, th_fixed limit, const std::vector<VenueView>& venues,
                         size_t fallback, th_fixed lot) {
    const bool buy = side == TH_SIDE_BUY;
    std::vector<Level> levels;
    for (size_t v = 0; v < venues.size(); ++v) {
        const VenueView& vv = venues[v];
        if (!vv.book) continue;
        auto add = [&](th_fixed px, th_fixed q) {
            const th_fixed usable = static_cast<th_fixed>(static_cast<double>(q) * vv.fill_ratio);
            if (usable > 0) levels.push_back({all_in(side, px, vv.cost_bps), px, usable, v});
        };
        if (buy) {
            for (const auto& [px, q] : vv.book->asks) {
                if (limit > 0 && px > limit) break;
                add(px, q);
            }
        } else {
            for (const auto& [px, q] : vv.book->bids) {
                if (limit > 0 && px < limit) break;
                add(px, q);
            }
        }
    }
    // Best all-in first; on a tie the lower venue index (the configured preference).
    std::stable_sort(levels.begin(), levels.end(), [buy](const Level& a, const Level& b) {
        return buy ? a.all_in < b.all_in : a.all_in > b.all_in;
    });
    std::vector<th_fixed> got(venues.size(), 0);
    std::vector<double> notional(venues.size(), 0);
    std::vector<th_fixed> taken(venues.size(), 0);
    th_fixed left = qty;
    for (const Level& l : levels) {
        if (left <= 0) break;
        const th_fixed take = std::min(left, l.qty);
        got[l.venue] += take;
        taken[l.venue] += take;
        notional[l.venue] += static_cast<double>(take) * static_cast<double>(l.px);
        left -= take;
    }
    if (left > 0) {
        // The rest waits where the touch is best all-in, or at the fallback venue.
        size_t best = fallback;
        double best_px = 0;
        bool found = false;
        for (size_t v = 0; v < venues.size(); ++v) {
            if (!venues[v].book) continue;
            const bool empty = buy ? venues[v].book->asks.empty() : venues[v].book->bids.empty();
            if (empty) continue;
            const th_fixed touch = buy ? venues[v].book->asks.begin()->first : venues[v].book->bids.begin()->first;
            const double p = all_in(side, touch, venues[v].cost_bps);
            if (!found || (buy ? p < best_px : p > best_px)) {
                best = v;
                best_px = p;
                found = true;
            }
        }
        got[best] += left;
    }
    if (lot > 0) {
        th_fixed rest = 0;
        for (th_fixed& g : got) {
            const th_fixed r = g % lot;
            g -= r;
            rest += r;
        }
        auto largest = std::max_element(got.begin(), got.end());
        *largest += rest;
    }
    std::vector<Slice> out;
    for (size_t v = 0; v < venues.size(); ++v) {
        if (got[v] <= 0) continue;
        Slice s;
        s.venue = v;
        s.qty = got[v];
        // Planned VWAP over the book part only; the rest has no expected price yet.
        s.expected_px = taken[v] > 0 ? static_cast<th_fixed>(notional[v] / static_cast<double>(taken[v])) : 0;
        out.push_back(s);
    }
    return out;
}

}  // namespace tradehost::smart_router
