#include "book_matching.hpp"

namespace tradehost::paper {

BookDecision decide_on_book(const Order& o, const venue::Book& book) {
    BookDecision d;
    const venue::BookSide side = o.buy() ? venue::BookSide::ask : venue::BookSide::bid;
    const bool market = o.market_like();
    th_fixed want = o.leaves();
    for (std::size_t i = 0; i < book.size(side) && want > 0; ++i) {
        const venue::BookLevel& l = book.level(side, i);
        if (!market && (o.buy() ? l.px > o.limit_px : l.px < o.limit_px)) break;  // beyond the limit
        const th_fixed q = l.qty < want ? l.qty : want;
        if (q <= 0) continue;
        d.takes.push_back({q, l.px});
        want -= q;
    }
    if (want > 0 && o.tif == TH_TIF_FOK) {
        d.takes.clear();
        d.cancel_remainder = true;
        d.reason = "FOK: not fully fillable on arrival";
    } else if (want > 0 && o.tif == TH_TIF_IOC) {
        d.cancel_remainder = true;
        d.reason = "IOC: unfilled remainder canceled";
    }
    return d;
}

}  // namespace tradehost::paper
