// The optional books: a th_book snapshot per quote around it, and a second venue's view of
// the same market (prices shifted by alt_skew_bps, thinner levels), for two paper venues and
// smart_router fed by one feed. Unit checks of the book builder, then through the harness.
#include "book_view.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using tradehost::testing::Harness;

namespace {

th_fixed fxb(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

th_quote quote_at(const char* bid, const char* ask) {
    th_quote q = tradehost::make_event<th_quote>(1000);
    q.instrument = 7;
    q.bid_px = fxb(bid);
    q.ask_px = fxb(ask);
    q.bid_qty = fxb("150");
    q.ask_qty = fxb("120");
    return q;
}

// A bounded feed with books on, run to completion.
Harness& run_books(Harness& h, const std::vector<std::pair<std::string, std::string>>& extra) {
    h.set_list("instruments", {"AAPL", "MSFT"});
    h.set("count", "200");
    h.set("book_levels", "3");
    for (const auto& [k, v] : extra) h.set(k, v);
    h.create();
    h.start();
    h.advance(0);
    for (int i = 0; i < 1000 && !h.source_finished(); ++i) h.advance(100000);
    EXPECT_TRUE(h.source_finished());
    return h;
}

}  // namespace

TEST(SyntheticBooks, BookShowsTheQuoteAtTheTouchAndLevelSizeBehind) {
    th_book b;
    tradehost::synthetic::build_book(quote_at("100.00", "100.01"), 3, fxb("0.01"), fxb("40"), b);
    EXPECT_EQ(b.hdr.type, TH_EV_BOOK);
    EXPECT_EQ(b.hdr.ts, 1000);
    EXPECT_EQ(b.instrument, 7u);
    EXPECT_EQ(b.snapshot, 1);
    ASSERT_EQ(b.bid_count, 3);
    ASSERT_EQ(b.ask_count, 3);
    EXPECT_EQ(b.hdr.size, th_book_size(3, 3));
    EXPECT_EQ(b.levels[0].px, fxb("100.00"));
    EXPECT_EQ(b.levels[0].qty, fxb("150"));
    EXPECT_EQ(b.levels[2].px, fxb("99.98"));
    EXPECT_EQ(b.levels[2].qty, fxb("40"));
    EXPECT_EQ(b.levels[3].px, fxb("100.01"));
    EXPECT_EQ(b.levels[3].qty, fxb("120"));
    EXPECT_EQ(b.levels[5].px, fxb("100.03"));
    EXPECT_EQ(b.levels[5].qty, fxb("40"));
}

TEST(SyntheticBooks, BidsStopAboveZero) {
    th_book b;
    tradehost::synthetic::build_book(quote_at("0.02", "0.03"), 5, fxb("0.01"), fxb("40"), b);
    EXPECT_EQ(b.bid_count, 2);  // 0.02 and 0.01; no level at 0 or below
    EXPECT_EQ(b.ask_count, 5);
    EXPECT_EQ(b.levels[1].px, fxb("0.01"));
}

TEST(SyntheticBooks, SkewRoundsBpsOfTheMidToTicks) {
    const th_fixed tick = fxb("0.01");
    // 1 bp of 100.005 is 0.0100005: one tick; 2.4 bp is 0.024: two ticks; -1.6 bp: -0.016: two down
    EXPECT_EQ(tradehost::synthetic::skew_ticks(quote_at("100.00", "100.01"), 1, tick), 1);
    EXPECT_EQ(tradehost::synthetic::skew_ticks(quote_at("100.00", "100.01"), 2.4, tick), 2);
    EXPECT_EQ(tradehost::synthetic::skew_ticks(quote_at("100.00", "100.01"), -1.6, tick), -2);
    EXPECT_EQ(tradehost::synthetic::skew_ticks(quote_at("100.00", "100.01"), 0, tick), 0);
    const th_quote a = tradehost::synthetic::alt_quote(quote_at("100.00", "100.02"), -2, tick, fxb("20"));
    EXPECT_EQ(a.bid_px, fxb("99.98"));
    EXPECT_EQ(a.ask_px, fxb("100.00"));  // the spread is kept
    EXPECT_EQ(a.bid_qty, fxb("20"));
    EXPECT_EQ(a.ask_qty, fxb("20"));
    const th_quote floor = tradehost::synthetic::alt_quote(quote_at("0.01", "0.02"), -5, tick, fxb("20"));
    EXPECT_EQ(floor.bid_px, tick);
    EXPECT_EQ(floor.ask_px, fxb("0.02"));
}

TEST(SyntheticBooks, OffByDefault) {
    Harness h(PLUGIN_PATH);
    EXPECT_EQ(h.port_index("books"), 2u);
    EXPECT_EQ(h.port_index("alt_quotes"), 3u);
    EXPECT_EQ(h.port_index("alt_books"), 4u);
    h.set_list("instruments", {"AAPL"});
    h.set("count", "50");
    h.create();
    h.start();
    h.advance(0);
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 50u);
    EXPECT_TRUE(h.take<th_book>("books").empty());
    EXPECT_TRUE(h.take<th_quote>("alt_quotes").empty());
}

TEST(SyntheticBooks, EveryQuoteHasABookAndAnAltViewOfTheSamePath) {
    Harness h(PLUGIN_PATH);
    run_books(h, {{"alt_skew_bps", "-1"}, {"level_size", "300"}, {"alt_level_size", "20"}, {"volatility", "0.5"}});
    const auto quotes = h.take<th_quote>("quotes");
    const auto books = h.take<th_book>("books");
    const auto alts = h.take<th_quote>("alt_quotes");
    const auto alt_books = h.take<th_book>("alt_books");
    ASSERT_EQ(quotes.size(), 200u);
    ASSERT_EQ(books.size(), 200u);
    ASSERT_EQ(alts.size(), 200u);
    ASSERT_EQ(alt_books.size(), 200u);
    const th_fixed tick = fxb("0.01");
    for (size_t i = 0; i < quotes.size(); ++i) {
        const th_quote& q = quotes[i];
        const th_book& b = books[i];
        ASSERT_EQ(b.instrument, q.instrument);
        ASSERT_EQ(b.hdr.ts, q.hdr.ts);
        ASSERT_EQ(b.bid_count, 3);
        ASSERT_EQ(b.ask_count, 3);
        EXPECT_EQ(b.levels[0].px, q.bid_px);
        EXPECT_EQ(b.levels[0].qty, q.bid_qty);
        EXPECT_EQ(b.levels[1].qty, fxb("300"));
        EXPECT_EQ(b.levels[3].px, q.ask_px);
        // venue B: the same path a tick lower (1 bp of ~100), 20 a level, same time
        const th_quote& a = alts[i];
        EXPECT_EQ(a.hdr.ts, q.hdr.ts);
        EXPECT_EQ(a.instrument, q.instrument);
        EXPECT_EQ(a.bid_px, q.bid_px - tick);
        EXPECT_EQ(a.ask_px, q.ask_px - tick);
        EXPECT_EQ(a.ask_qty, fxb("20"));
        const th_book& ab = alt_books[i];
        EXPECT_EQ(ab.levels[0].px, a.bid_px);
        EXPECT_EQ(ab.levels[2].qty, fxb("20"));
        EXPECT_EQ(ab.levels[3].px, a.ask_px);
    }
}

TEST(SyntheticBooks, BooksDoNotMoveThePrices) {
    Harness plain(PLUGIN_PATH), booked(PLUGIN_PATH);
    run_books(plain, {{"book_levels", "0"}});
    run_books(booked, {{"alt_skew_bps", "3"}});
    const auto a = plain.take<th_quote>("quotes");
    const auto b = booked.take<th_quote>("quotes");
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].bid_px, b[i].bid_px);
        EXPECT_EQ(a[i].ask_qty, b[i].ask_qty);
    }
    EXPECT_EQ(plain.take<th_trade>("trades").size(), booked.take<th_trade>("trades").size());
}

TEST(SyntheticBooks, BadBookSettingsAreRefusedByName) {
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"book_levels", "501"}, {"book_levels", "-1"}, {"level_size", "0"}, {"alt_level_size", "0"},
             {"alt_skew_bps", "2000"}}) {
        Harness h(PLUGIN_PATH);
        h.set_list("instruments", {"AAPL"});
        std::string error;  // the schema's range (at set) or the plugin's check (at create)
        try {
            h.set(key, value);
            h.create();
        } catch (const std::exception& e) {
            error = e.what();
        }
        EXPECT_NE(error.find(key), std::string::npos) << key << "=" << value << ": '" << error << "'";
    }
}
