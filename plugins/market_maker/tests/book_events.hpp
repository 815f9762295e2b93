// Books for the prediction-market strategies' tests (market_maker's and arb_scanner's, which
// includes this from here): a snapshot th_book from decimal-string levels, best first.
#pragma once

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <utility>
#include <vector>

namespace tradehost::test_books {

inline th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

using Levels = std::vector<std::pair<const char*, const char*>>;  // (px, qty), best first

inline th_book make_book(th_instrument inst, th_time_ns ts, const Levels& bids, const Levels& asks) {
    th_book b;
    std::memset(&b, 0, sizeof b);
    b.hdr.type = TH_EV_BOOK;
    b.hdr.version = 1;
    b.hdr.ts = ts;
    b.instrument = inst;
    b.snapshot = 1;
    b.bid_count = static_cast<uint16_t>(bids.size());
    b.ask_count = static_cast<uint16_t>(asks.size());
    size_t i = 0;
    for (const auto& [px, q] : bids) b.levels[i++] = {fx(px), fx(q)};
    for (const auto& [px, q] : asks) b.levels[i++] = {fx(px), fx(q)};
    b.hdr.size = th_book_size(b.bid_count, b.ask_count);
    return b;
}

}  // namespace tradehost::test_books
