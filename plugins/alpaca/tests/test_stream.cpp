// alpaca: Market Data v2 stream against the loopback double: auth, subscribe, quotes, trades and
// bars; a gap after a reconnect; an auth failure reported without the secret.
#include "alpaca_fixture.hpp"

namespace tradehost::alpaca::test {
namespace {

using Stream = AlpacaFixture;

TEST_F(Stream, AuthSubscribeAndQuotesTradesBars) {
    make();
    h->set_list("symbols", {"AAPL", "MSFT"});
    h->set("bars", "true");
    start_ready();
    ASSERT_TRUE(wait([&] { return venue.subscribed_data_sessions() == 1 && count_status(TH_VENUE_CONNECTED, "data") == 1; }));
    EXPECT_EQ(venue.data_subscriptions("quotes"), (std::set<std::string>{"AAPL", "MSFT"}));
    EXPECT_EQ(venue.data_subscriptions("trades"), (std::set<std::string>{"AAPL", "MSFT"}));
    EXPECT_EQ(venue.data_subscriptions("bars"), (std::set<std::string>{"AAPL", "MSFT"}));
    EXPECT_EQ(count_status(TH_VENUE_GAP), 0);

    venue.push_quote("AAPL", "87.66", 1, "87.68", 4, "2021-02-22T15:51:45.335689322Z");
    venue.push_trade("MSFT", 96921, "126.55", 1, "2021-02-22T15:51:44.208Z");
    venue.push_bar("AAPL", "132.65", "136", "132.12", "134.65", 205, "2024-07-24T07:56:00Z");
    ASSERT_TRUE(wait([&] { return quotes.size() == 1 && trades.size() == 1 && bars.size() == 1; }));
    EXPECT_EQ(quotes[0].instrument, h->intern("AAPL"));
    EXPECT_EQ(quotes[0].bid_px, 8766000000);
    EXPECT_EQ(quotes[0].bid_qty, X(100));  // 1 round lot
    EXPECT_EQ(quotes[0].ask_px, 8768000000);
    EXPECT_EQ(quotes[0].ask_qty, X(400));
    EXPECT_EQ(quotes[0].hdr.ts, 1614009105335689322);
    EXPECT_EQ(trades[0].instrument, h->intern("MSFT"));
    EXPECT_EQ(trades[0].px, 12655000000);
    EXPECT_EQ(trades[0].qty, X(1));
    EXPECT_EQ(trades[0].hdr.ts, 1614009104208000000);
    EXPECT_EQ(bars[0].instrument, h->intern("AAPL"));
    EXPECT_EQ(bars[0].interval_s, 60u);
    EXPECT_EQ(bars[0].open, 13265000000);
    EXPECT_EQ(bars[0].close, 13465000000);
    EXPECT_EQ(bars[0].volume, X(205));
    EXPECT_EQ(bars[0].hdr.ts, 1721807820000000000);  // bar start + 60 s
}

TEST_F(Stream, ReconnectMarksAGap) {
    make();
    h->set_list("symbols", {"AAPL"});
    start_ready();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_CONNECTED, "data") == 1; }));
    venue.drop_streams();
    ASSERT_TRUE(wait([&] {
        return count_status(TH_VENUE_DISCONNECTED, "data") >= 1 && count_status(TH_VENUE_CONNECTED, "data") == 2 &&
               count_status(TH_VENUE_GAP, "data") == 1;
    }));
    EXPECT_GE(h->metric("reconnects"), 1);
    venue.push_quote("AAPL", "1.5", 2, "1.6", 3, "2021-02-22T15:51:45Z");
    ASSERT_TRUE(wait([&] { return quotes.size() == 1; }));
    EXPECT_EQ(quotes[0].bid_qty, X(200));
}

TEST_F(Stream, AuthFailureIsReportedWithoutTheSecret) {
    const std::string wrong = "wrong-secret-value-123";
    make(wrong);
    h->set_list("symbols", {"AAPL"});
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] {
        return count_status(TH_VENUE_DISCONNECTED, "auth failed") >= 1 &&
               count_status(TH_VENUE_DISCONNECTED, "authorization refused") >= 1;
    }));
    bool logged = false;
    for (const std::string& line : h->log_lines()) {
        EXPECT_EQ(line.find(wrong), std::string::npos) << line;
        EXPECT_EQ(line.find(kSecret), std::string::npos) << line;
        if (line.find("402") != std::string::npos && line.find("auth failed") != std::string::npos) logged = true;
    }
    EXPECT_TRUE(logged);
    for (const auto& s : statuses) EXPECT_EQ(std::string(s.text).find(wrong), std::string::npos);
    EXPECT_EQ(venue.listening_sessions(), 0u);
    EXPECT_EQ(venue.subscribed_data_sessions(), 0u);
}

}  // namespace
}  // namespace tradehost::alpaca::test
