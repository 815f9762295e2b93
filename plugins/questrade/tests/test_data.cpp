// Market data: symbols resolved to Questrade symbolIds, polled quotes -> th_quote, trades
// when the last trade moved.
#include "qt_fixture.hpp"

using namespace qt_test;

TEST_F(Questrade, SymbolsResolveAndQuotesArePublished) {
    venue.set_quote("AAPL", "189.5", 100, "189.52", 200);
    venue.set_quote("THI.TO", "83.65", 6500, "83.67", 9100);
    make(venue.issue_refresh_token(), {"AAPL", "THI.TO", "NOPE"});
    std::vector<th_quote> quotes;
    const th_instrument aapl = h->intern("AAPL");
    const th_instrument thi = h->intern("THI.TO");
    ASSERT_TRUE(wait<th_quote>("quotes", quotes, [&] {
        bool a = false, t = false;
        for (const auto& q : quotes) a |= q.instrument == aapl, t |= q.instrument == thi;
        return a && t;
    }));
    for (const auto& q : quotes) {
        if (q.instrument == thi) {
            EXPECT_EQ(q.bid_px, fx("83.65"));
            EXPECT_EQ(q.ask_px, fx("83.67"));
            EXPECT_EQ(q.bid_qty, fx("6500"));
            EXPECT_EQ(q.ask_qty, fx("9100"));
        }
    }
    // One batch lookup by name, and quotes asked by symbolId.
    const auto lookups = venue.server().requests("GET", "/v1/symbols");
    ASSERT_FALSE(lookups.empty());
    EXPECT_EQ(*lookups[0].param("names"), "AAPL,THI.TO,NOPE");
    const auto polls = venue.server().requests("GET", "/v1/markets/quotes");
    ASSERT_FALSE(polls.empty());
    EXPECT_EQ(*polls.back().param("ids"), "8049,38738");
    EXPECT_TRUE(logs_contain("unknown symbol 'NOPE'"));

    // A new last trade becomes a th_trade.
    venue.set_quote("AAPL", "189.6", 100, "189.62", 200, "189.61", 300);
    std::vector<th_trade> trades;
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    venue.set_quote("AAPL", "189.6", 100, "189.62", 200, "189.63", 50);
    ASSERT_TRUE(wait<th_trade>("trades", trades, [&] {
        for (const auto& t : trades)
            if (t.px == fx("189.63")) return true;
        return false;
    }));
    EXPECT_EQ(trades.back().qty, fx("50"));
    EXPECT_EQ(trades.back().instrument, aapl);
}
