// Books and the second venue's view around a synthetic quote; see book_view.hpp.
#include "book_view.hpp"

#include <cmath>
#include <cstring>

namespace tradehost::synthetic {

void build_book(const th_quote& q, int64_t levels, th_fixed tick, th_fixed depth_size, th_book& out) {
    std::memset(&out, 0, offsetof(th_book, levels));
    out.hdr.type = TH_EV_BOOK;
    out.hdr.version = 1;
    out.hdr.ts = q.hdr.ts;
    out.instrument = q.instrument;
    out.snapshot = 1;  // the whole book each step: a consumer needs no earlier event to sync
    out.checksum = TH_BOOK_CHECKSUM_NONE;
    uint16_t bids = 0;
    for (int64_t i = 0; i < levels && q.bid_px - i * tick >= tick; ++i)
        out.levels[bids++] = th_book_level{q.bid_px - i * tick, i == 0 ? q.bid_qty : depth_size};
    uint16_t asks = 0;
    for (int64_t i = 0; i < levels; ++i)
        out.levels[bids + asks++] = th_book_level{q.ask_px + i * tick, i == 0 ? q.ask_qty : depth_size};
    out.bid_count = bids;
    out.ask_count = asks;
    finish_book(out);
}

int64_t skew_ticks(const th_quote& q, double bps, th_fixed tick) {
    const double mid = (static_cast<double>(q.bid_px) + static_cast<double>(q.ask_px)) / 2;
    return std::llround(mid * bps / 1e4 / static_cast<double>(tick));
}

th_quote alt_quote(const th_quote& q, int64_t ticks, th_fixed tick, th_fixed size) {
    th_quote a = q;
    const th_fixed spread = q.ask_px - q.bid_px;
    a.bid_px = q.bid_px + ticks * tick;
    if (a.bid_px < tick) a.bid_px = tick;  // a price never reaches zero
    a.ask_px = a.bid_px + spread;
    a.bid_qty = size;
    a.ask_qty = size;
    return a;
}

}  // namespace tradehost::synthetic
