// format: books with `exchange`: a betting exchange's ladders (the recorded Betfair match-odds
// books of config/betting.yaml) replay as odds events, each book's best back (bid) and lay
// (ask) with the size on offer, named from the selection's symbol; before the quote and the
// book, so a venue that matches bets on odds sees the new price first. Symbols that are not
// selections, and `exchange` on other formats, are refused when the instance is created.
#include "odds_symbol.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <string>

using tradehost::testing::Harness;
using tradehost::replay::OddsSymbol;
using tradehost::replay::parse_odds_symbol;

namespace {

constexpr int64_t kUs = 1000;
const std::string kLadders = std::string(TEST_DATA_DIR) + "/betfair_nba_ladders.csv";
const std::string kEvent = "572d984e132eddaac3da93e5db332e7e";

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

std::string create_error(Harness& h) {
    try {
        h.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(ReplayExchange, SymbolsReadBackIntoSelections) {
    OddsSymbol s;
    ASSERT_EQ(parse_odds_symbol("ev1/spreads/-0.25/Sacramento Kings", s), "");
    EXPECT_EQ(s.event_id, "ev1");
    EXPECT_EQ(s.market, "spreads");
    EXPECT_TRUE(s.has_point);
    EXPECT_EQ(s.point, fx("-0.25"));
    EXPECT_EQ(s.outcome, "Sacramento Kings");
    EXPECT_EQ(s.kind, TH_ODDS_SPREAD);
    ASSERT_EQ(parse_odds_symbol("ev1/totals/2.25/Over", s), "");
    EXPECT_EQ(s.point, fx("2.25"));
    EXPECT_EQ(s.kind, TH_ODDS_TOTAL);
    ASSERT_EQ(parse_odds_symbol("ev1/h2h/AC/DC", s), "");  // not a number: the outcome holds the '/'
    EXPECT_FALSE(s.has_point);
    EXPECT_EQ(s.outcome, "AC/DC");
    ASSERT_EQ(parse_odds_symbol("ev1/h2h/2.5", s), "");  // a number with nothing after it is the outcome
    EXPECT_EQ(s.outcome, "2.5");
    EXPECT_EQ(parse_odds_symbol("M1-YES", s), "'M1-YES' is not a selection EVENT/MARKET[/POINT]/OUTCOME");
    EXPECT_NE(parse_odds_symbol("ev1/h2h/", s), "");
    EXPECT_NE(parse_odds_symbol("/h2h/A", s), "");
}

TEST(ReplayExchange, LaddersReplayAsBestBackAndLay) {
    Harness h(PLUGIN_PATH);
    EXPECT_EQ(h.port_index("odds"), 3u);  // appended after books
    h.set("file", kLadders);
    h.set("format", "books");
    h.set("exchange", "betfair_exchange");
    h.create();
    h.start();
    h.advance(0);
    for (int i = 0; i < 1000 && !h.source_finished(); ++i) h.advance(100 * kUs);
    ASSERT_TRUE(h.source_finished());
    const auto all = h.published();
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all[0].port, "odds");  // the prices first, then the quote and the book
    const auto odds = h.take<th_odds>("odds");
    // Two snapshots and one delta, each a back and a lay.
    ASSERT_EQ(odds.size(), 6u);
    const th_odds& back = odds[0];
    EXPECT_EQ(h.symbol(back.instrument), kEvent + "/h2h/Sacramento Kings");
    EXPECT_EQ(std::string(back.event_id), kEvent);
    EXPECT_EQ(std::string(back.outcome), "Sacramento Kings");
    EXPECT_EQ(std::string(back.market_key), "h2h");
    EXPECT_EQ(std::string(back.bookmaker), "betfair_exchange");
    EXPECT_EQ(back.market, TH_ODDS_H2H);
    EXPECT_EQ(back.has_point, 0);
    EXPECT_EQ(back.side, TH_SIDE_BUY);
    EXPECT_EQ(back.price, fx("1.59"));  // the highest available to back
    EXPECT_EQ(back.size, fx("412.5"));
    EXPECT_EQ(back.hdr.ts, 1644112690000000000);  // 2022-02-06T01:58:10Z
    EXPECT_EQ(odds[1].side, TH_SIDE_SELL);
    EXPECT_EQ(odds[1].price, fx("1.6"));  // the lowest available to lay
    EXPECT_EQ(odds[1].size, fx("388.2"));
    EXPECT_EQ(std::string(odds[2].outcome), "Oklahoma City Thunder");
    EXPECT_EQ(odds[2].price, fx("2.7"));
    EXPECT_EQ(odds[3].price, fx("2.72"));
    // 02:03: the 1.59 and 1.58 backs and the 1.6 lay gone, a 1.58 lay offered.
    EXPECT_EQ(odds[4].price, fx("1.57"));
    EXPECT_EQ(odds[4].size, fx("1210.4"));
    EXPECT_EQ(odds[5].side, TH_SIDE_SELL);
    EXPECT_EQ(odds[5].price, fx("1.58"));
    EXPECT_EQ(odds[5].size, fx("310"));
    EXPECT_EQ(odds[5].hdr.ts, 1644112980000000000);
    EXPECT_EQ(h.take<th_book>("books").size(), 3u);  // the books still go out as before
}

TEST(ReplayExchange, RefusedWhereItCannotApply) {
    {
        Harness h(PLUGIN_PATH);
        h.set("file", std::string(TEST_DATA_DIR) + "/prediction_books.csv");
        h.set("format", "books");
        h.set("exchange", "betfair_exchange");
        const std::string what = create_error(h);
        EXPECT_NE(what.find("prediction_books.csv: exchange: 'M1-YES' is not a selection EVENT/MARKET[/POINT]/OUTCOME"),
                  std::string::npos)
            << what;
    }
    {
        Harness h(PLUGIN_PATH);
        h.set("file", std::string(TEST_DATA_DIR) + "/quotes_iso.csv");
        h.set("format", "quotes");
        h.set("exchange", "betfair_exchange");
        EXPECT_NE(create_error(h).find("exchange: needs format: books"), std::string::npos);
    }
}
