// Tests of the echo example through the SDK's test harness: no host, no threads.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

using tradehost::testing::Harness;

namespace {

th_quote quote(Harness& h, const char* symbol, const char* bid, const char* ask, th_time_ns ts) {
    auto q = tradehost::make_event<th_quote>(ts);
    q.instrument = h.intern(symbol);
    EXPECT_TRUE(tradehost::parse_fixed(bid, q.bid_px));
    EXPECT_TRUE(tradehost::parse_fixed(ask, q.ask_px));
    q.bid_qty = q.ask_qty = 100 * TH_FIXED_SCALE;
    return q;
}

}  // namespace

TEST(Echo, RepublishesEveryQuoteByDefault) {
    Harness h(PLUGIN_PATH);
    h.create();
    h.start();
    ASSERT_EQ(h.send("quotes", quote(h, "AAPL", "100.00", "100.02", 1)), TH_OK) << h.last_error();
    ASSERT_EQ(h.send("quotes", quote(h, "MSFT", "400.10", "400.20", 2)), TH_OK) << h.last_error();

    auto out = h.take<th_quote>("out");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(h.symbol(out[0].instrument), "AAPL");
    EXPECT_EQ(out[0].bid_px, 10000000000);  // 100.00 at scale 1e8
    EXPECT_EQ(out[0].hdr.seq, 1u);          // stamped by the host on publish
    EXPECT_EQ(out[1].hdr.seq, 2u);
    EXPECT_EQ(out[1].hdr.ts, 2);
}

TEST(Echo, FiltersBySymbolAndSpread) {
    Harness h(PLUGIN_PATH);
    h.set("symbol", "AAPL");
    h.set("min_spread", "0.05");
    h.create();
    h.start();
    h.send("quotes", quote(h, "MSFT", "400.00", "400.10", 1));  // other instrument
    h.send("quotes", quote(h, "AAPL", "100.00", "100.01", 2));  // spread too small
    h.send("quotes", quote(h, "AAPL", "100.00", "100.05", 3));  // passes

    auto out = h.take<th_quote>("out");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].hdr.ts, 3);
    EXPECT_EQ(h.metric("skipped"), 2);
}

TEST(Echo, RejectsBadConfigBeforeCreate) {
    Harness h(PLUGIN_PATH);
    EXPECT_THROW(h.set("min_spread", "-1"), std::runtime_error);      // below the declared min
    EXPECT_THROW(h.set("min_spread", "0.123456789"), std::runtime_error);  // more than 8 places
    EXPECT_THROW(h.set("no_such_key", "1"), std::runtime_error);
}

TEST(Echo, WrongEventTypeIsAnErrorWithText) {
    Harness h(PLUGIN_PATH);
    h.create();
    h.start();
    auto t = tradehost::make_event<th_trade>(1);
    EXPECT_EQ(h.send("quotes", t.hdr), TH_ERR_INVALID_ARGUMENT);
    EXPECT_NE(h.last_error().find("unexpected event type"), std::string::npos);
    EXPECT_TRUE(h.take<th_quote>("out").empty());
}
