// exchange: the market data stream against the Binance double: quotes and trades from the
// combined stream with exact values, and a dropped stream reported (disconnect, reconnect, gap).
#include "venue_fixture.hpp"

using namespace exchange_test;

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

}  // namespace
