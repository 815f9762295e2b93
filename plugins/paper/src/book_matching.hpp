// paper: an order taking liquidity from an L2 book, level by level, as a pure function.
#ifndef TRADEHOST_PLUGINS_PAPER_BOOK_MATCHING_HPP
#define TRADEHOST_PLUGINS_PAPER_BOOK_MATCHING_HPP

#include "order.hpp"

#include <tradehost/venue/book.hpp>

#include <vector>

namespace tradehost::paper {

/// One fill against one level.
struct BookTake {
    th_fixed qty = 0;
    th_fixed px = 0;
};

/// What a taker order does against the book.
struct BookDecision {
    std::vector<BookTake> takes;      ///< best level first; each is one fill at the level's price
    bool cancel_remainder = false;    ///< IOC/FOK: cancel what is left after the takes
    const char* reason = "";
};

/// `o` as a taker against `book`: a buy takes asks, a sell takes bids, best first; a market
/// order takes any price, a limit order only levels at or better than its limit. It takes
/// until it is filled or no eligible level is left (a thin book gives a partial fill).
/// IOC cancels what is left; FOK takes nothing unless the eligible levels hold all of it.
BookDecision decide_on_book(const Order& o, const venue::Book& book);

}  // namespace tradehost::paper

#endif
