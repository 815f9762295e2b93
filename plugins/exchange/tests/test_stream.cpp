// exchange: the market data stream against the Binance double: quotes and trades from the
// combined stream with exact values, and a dropped stream reported (disconnect, reconnect, gap).
#include "venue_fixture.hpp"

#include <tradehost/venue/book.hpp>

#include <vector>

using namespace exchange_test;
namespace venue = tradehost::venue;

namespace {

class Stream : public VenueTest {};

TEST_F(Stream, QuotesAndTradesFromTheCombinedStream) {
    auto h = make_harness(false, {"BTCUSDT"});
    Published p;
    h->create();
    h->start();
    ASSERT_TRUE(eventually([&] { return dbl.market_sessions() == 1; }));
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_CONNECTED) == 1; }));
    dbl.push_book("BTCUSDT", "50000.10", "1.5", "50000.20", "0.25");
    dbl.push_trade("BTCUSDT", "50000.15", "0.01", true);
    ASSERT_TRUE(wait(*h, p, [&] { return p.quotes.size() == 1 && p.trades.size() == 1; }));
    const th_instrument id = h->intern("BTCUSDT");
    EXPECT_EQ(p.quotes[0].instrument, id);
    EXPECT_EQ(p.quotes[0].bid_px, fx("50000.1"));
    EXPECT_EQ(p.quotes[0].bid_qty, fx("1.5"));
    EXPECT_EQ(p.quotes[0].ask_px, fx("50000.2"));
    EXPECT_EQ(p.quotes[0].ask_qty, fx("0.25"));
    EXPECT_EQ(p.trades[0].instrument, id);
    EXPECT_EQ(p.trades[0].px, fx("50000.15"));
    EXPECT_EQ(p.trades[0].qty, fx("0.01"));
    EXPECT_EQ(p.trades[0].aggressor, TH_SIDE_SELL);
    EXPECT_GT(p.trades[0].hdr.ts, 0);
    // The subscription is in the URL, as Binance's combined streams take it.
    h->stop();
}

TEST_F(Stream, DroppedStreamReconnectsAndMarksAGap) {
    auto h = make_harness(false, {"BTCUSDT"});
    Published p;
    h->create();
    h->start();
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_CONNECTED) == 1 && dbl.market_sessions() == 1; }));
    dbl.drop_streams();
    ASSERT_TRUE(wait(*h, p, [&] {
        return p.count_status(TH_VENUE_DISCONNECTED) >= 1 && p.count_status(TH_VENUE_CONNECTED) >= 2 &&
               p.count_status(TH_VENUE_GAP) >= 1;
    }));
    ASSERT_TRUE(eventually([&] { return dbl.market_sessions() == 1; }));
    dbl.push_book("BTCUSDT", "1.00", "2", "1.01", "3");
    ASSERT_TRUE(wait(*h, p, [&] { return p.quotes.size() == 1; }));
    EXPECT_EQ(p.quotes[0].ask_qty, fx("3"));
    EXPECT_STREQ(p.statuses[0].venue, "binance");
    EXPECT_GE(h->metric("reconnects"), 1);
    h->stop();
}

// A th_book as the kit's Book (the consumer's view), to compare levels.
venue::Book as_book(const th_book& ev) {
    venue::Book b;
    EXPECT_TRUE(venue::apply_book_event(b, ev.hdr));
    return b;
}
std::vector<venue::BookLevel> levels(const venue::Book& b, venue::BookSide s) {
    std::vector<venue::BookLevel> out(b.size(s));
    b.top(s, out.data(), out.size());
    return out;
}

TEST_F(Stream, BinanceBookSyncsToTheRestSnapshotAndResyncsOnAGap) {
    // What the REST snapshot will hold before the stream opens (update id 1001, never sent).
    dbl.push_depth("BTCUSDT", {{"50000.00", "1.0"}, {"49999.50", "2.0"}}, {{"50000.50", "0.5"}, {"50001.00", "3.0"}}, 1,
                   false);
    auto h = make_harness(false, {"BTCUSDT"});
    h->set("book_depth", "5");
    Published p;
    h->create();
    h->start();
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_CONNECTED) == 1 && dbl.market_sessions() == 1; }));

    // The first diff event (U 1002, u 1004) is buffered, the snapshot fetched (lastUpdateId
    // 1004 >= U), the buffered event dropped as already in it (u <= lastUpdateId).
    dbl.push_depth("BTCUSDT", {{"50000.00", "1.5"}}, {}, 3);
    ASSERT_TRUE(wait(*h, p, [&] { return p.books.size() == 1; }));
    EXPECT_EQ(dbl.depth_requests(), 1);
    {
        const th_book& ev = p.last_book();
        EXPECT_EQ(ev.instrument, h->intern("BTCUSDT"));
        EXPECT_EQ(ev.snapshot, 1);
        EXPECT_EQ(ev.venue_seq, 1004u);
        EXPECT_EQ(ev.checksum, TH_BOOK_CHECKSUM_NONE);
        EXPECT_EQ(ev.hdr.size, th_book_size(2, 2));
        auto b = as_book(ev);
        EXPECT_EQ(levels(b, venue::BookSide::bid),
                  (std::vector<venue::BookLevel>{{fx("50000"), fx("1.5")}, {fx("49999.5"), fx("2")}}));
        EXPECT_EQ(levels(b, venue::BookSide::ask),
                  (std::vector<venue::BookLevel>{{fx("50000.5"), fx("0.5")}, {fx("50001"), fx("3")}}));
    }

    // A delta in sequence (U 1005): the best ask goes.
    dbl.push_depth("BTCUSDT", {}, {{"50000.50", "0"}});
    ASSERT_TRUE(wait(*h, p, [&] { return p.books.size() == 2; }));
    EXPECT_EQ(p.last_book().venue_seq, 1005u);
    EXPECT_EQ(p.last_book().first_venue_seq, 1005u);
    EXPECT_EQ(as_book(p.last_book()).best_ask()->px, fx("50001"));

    // Update 1006 is lost; 1007 arrives: U 1007 > 1005 + 1 is a gap. GAP status, a new
    // snapshot (lastUpdateId 1007), and the book holds what 1006 did (49999.50 removed).
    dbl.push_depth("BTCUSDT", {{"49999.50", "0"}}, {}, 1, false);
    dbl.push_depth("BTCUSDT", {{"50000.10", "0.7"}}, {});
    ASSERT_TRUE(wait(*h, p, [&] { return p.books.size() == 3; }));
    EXPECT_EQ(p.count_status(TH_VENUE_GAP), 1);
    EXPECT_EQ(dbl.depth_requests(), 2);
    EXPECT_EQ(h->metric("book_resyncs"), 1);
    EXPECT_EQ(p.last_book().venue_seq, 1007u);
    auto b = as_book(p.last_book());
    EXPECT_EQ(levels(b, venue::BookSide::bid),
              (std::vector<venue::BookLevel>{{fx("50000.1"), fx("0.7")}, {fx("50000"), fx("1.5")}}));
    EXPECT_EQ(levels(b, venue::BookSide::ask), (std::vector<venue::BookLevel>{{fx("50001"), fx("3")}}));
    h->stop();
}

}  // namespace
