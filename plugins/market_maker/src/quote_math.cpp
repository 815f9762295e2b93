// The quote arithmetic; see quote_math.hpp.
#include "quote_math.hpp"

namespace tradehost::market_maker {

namespace {
__extension__ typedef __int128 i128;
}

std::optional<th_fixed> mid_price(const Touch& t) {
    if (!t.two_sided()) return std::nullopt;
    return static_cast<th_fixed>((static_cast<i128>(t.bid_px) + t.ask_px) / 2);
}

std::optional<th_fixed> micro_price(const Touch& t) {
    if (!t.two_sided()) return std::nullopt;
    const i128 num = static_cast<i128>(t.bid_px) * t.ask_qty + static_cast<i128>(t.ask_px) * t.bid_qty;
    return static_cast<th_fixed>(num / (static_cast<i128>(t.bid_qty) + t.ask_qty));
}

th_fixed floor_tick(th_fixed px, th_fixed tick) {
    th_fixed q = px / tick;
    if (q * tick > px) --q;  // negative prices round toward -inf too
    return q * tick;
}

th_fixed ceil_tick(th_fixed px, th_fixed tick) {
    th_fixed q = px / tick;
    if (q * tick < px) ++q;
    return q * tick;
}

Quotes make_quotes(th_fixed fair, th_fixed position, const QuoteParams& p, const Touch& book) {
    const i128 skew = static_cast<i128>(position) * p.skew_per_unit / TH_FIXED_SCALE;
    const i128 center = static_cast<i128>(fair) - skew;
    // Clamp far out of range centers (a huge position) so the th_fixed casts stay defined;
    // such quotes fall outside any price bound below anyway.
    const i128 lim = static_cast<i128>(INT64_MAX / 4);
    const th_fixed c = static_cast<th_fixed>(center > lim ? lim : (center < -lim ? -lim : center));
    th_fixed bid = floor_tick(c - p.half_spread, p.tick);
    th_fixed ask = ceil_tick(c + p.half_spread, p.tick);
    // Minimum spread: the missing whole ticks, split between the sides with the odd one on
    // the ask, so the pair leans up (a sell is never cheaper than asked).
    if (ask - bid < p.min_spread) {
        const th_fixed missing = ceil_tick(p.min_spread - (ask - bid), p.tick) / p.tick;
        ask += (missing - missing / 2) * p.tick;
        bid -= (missing / 2) * p.tick;
    }
    // Never cross the book: quotes rest on their own side of it.
    if (book.ask_px > 0 && bid >= book.ask_px) bid = book.ask_px - p.tick;
    if (book.bid_px > 0 && ask <= book.bid_px) ask = book.bid_px + p.tick;
    Quotes q;
    q.bid = bid > 0 && (p.min_price == 0 || bid >= p.min_price) && (p.max_price == 0 || bid <= p.max_price) ? bid : 0;
    q.ask = ask > 0 && (p.min_price == 0 || ask >= p.min_price) && (p.max_price == 0 || ask <= p.max_price) ? ask : 0;
    return q;
}

}  // namespace tradehost::market_maker
