// The plugin through the SDK harness: odds in, value signals out.
#include "value_finder.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>

using tradehost::testing::Harness;
using namespace tradehost::betting;

namespace {

constexpr th_time_ns kT0 = 1764633600000000000;  // 2025-12-02T00:00:00Z

th_odds odds(const std::string& book, const std::string& outcome, const std::string& price, th_time_ns ts) {
    auto o = tradehost::make_event<th_odds>(ts);
    o.market = TH_ODDS_H2H;
    o.side = TH_SIDE_BUY;
    EXPECT_TRUE(tradehost::parse_fixed(price, o.price));
    std::strncpy(o.event_id, "ev-arsenal-chelsea", sizeof o.event_id - 1);
    std::strncpy(o.bookmaker, book.c_str(), sizeof o.bookmaker - 1);
    std::strncpy(o.outcome, outcome.c_str(), sizeof o.outcome - 1);
    return o;
}

}  // namespace

// Pinnacle's line 2.6 / 2.4 / 4.3 has Shin-fair probabilities 0.3730 / 0.4048 / 0.2222 (the
// reference implementation's example): fair odds 2.681 / 2.470 / 4.500. A bookmaker's 2.90 on
// the first outcome is 8.2 % over fair; its 2.45 on the second is under.
TEST(ValueBets, SignalsAPriceAboveTheShinFairLineWithItsKellyStake) {
    Harness h(PLUGIN_PATH);
    h.set_list("reference", {"pinnacle"});
    h.set("min_edge", "0.03");
    h.set("kelly_multiplier", "0.5");
    h.create();
    h.start();
    ASSERT_EQ(h.send("odds", odds("bet365", "Arsenal", "2.90", kT0)), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty()) << "no fair line yet";
    ASSERT_EQ(h.send("odds", odds("pinnacle", "Arsenal", "2.6", kT0 + 1)), TH_OK);
    ASSERT_EQ(h.send("odds", odds("pinnacle", "Chelsea", "2.4", kT0 + 2)), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty()) << "pinnacle has not priced the draw";
    ASSERT_EQ(h.send("odds", odds("bet365", "Chelsea", "2.45", kT0 + 3)), TH_OK);
    ASSERT_EQ(h.send("odds", odds("pinnacle", "Draw", "4.3", kT0 + 4)), TH_OK);
    auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 1u);
    const double fair = 0.37299406033208965;
    EXPECT_NEAR(sig[0].value, 2.90 * fair - 1, 1e-9);
    EXPECT_NEAR(sig[0].strength, 0.5 * (fair * 2.90 - 1) / 1.90, 1e-9);
    EXPECT_STREQ(sig[0].name, "value:bet365");
    EXPECT_EQ(h.symbol(sig[0].instrument), "ev-arsenal-chelsea/h2h/Arsenal");
    // The same price is not reported twice; a better one is.
    ASSERT_EQ(h.send("odds", odds("pinnacle", "Draw", "4.3", kT0 + 5)), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
    ASSERT_EQ(h.send("odds", odds("bet365", "Arsenal", "3.00", kT0 + 6)), TH_OK);
    EXPECT_EQ(h.take<th_signal>("signals").size(), 1u);
    EXPECT_EQ(h.metric("value_bets"), 2);
}

TEST(ValueBets, StalePricesAndBadConfigAreRefused) {
    Harness bad(PLUGIN_PATH);
    bad.set_list("reference", {"pinnacle"});
    bad.set("method", "median");
    EXPECT_THROW(bad.create(), std::runtime_error);

    ValueFinder f({MarginMethod::Multiplicative, {"pinnacle"}, 0.01, 1.0, 60'000'000'000});
    const MarketId m{"ev", "h2h", ""};
    EXPECT_TRUE(f.on_price(m, "pinnacle", "A", 2.0, 0).empty());
    EXPECT_TRUE(f.on_price(m, "pinnacle", "B", 2.0, 0).empty());
    EXPECT_EQ(f.fair_line(m).at("A"), 0.5);
    // 2.2 against fair 2.0: a 10 % edge, full Kelly (0.1 / 1.2).
    auto v = f.on_price(m, "book", "A", 2.2, 10'000'000'000);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_NEAR(v[0].stake_fraction, 0.1 / 1.2, 1e-12);
    // Two minutes later the reference's prices are stale: no fair line, nothing reported.
    EXPECT_TRUE(f.on_price(m, "book", "B", 2.5, 130'000'000'000).empty());
    EXPECT_TRUE(f.fair_line(m).empty());
}

// A quarter line's fair price comes from the reference's own quarter line, never from the
// neighbouring half line: bet365's Over 2.25 at 2.30 against Pinnacle's 2.5 line (Over 2.20)
// is no signal; against Pinnacle's 2.25 line (1.95 / 1.95, fair 2.00) it is 15 % over fair.
TEST(ValueBets, AQuarterLineIsNotItsNeighbouringHalfLine) {
    auto totals = [](const std::string& book, const std::string& outcome, const char* line, const std::string& price, th_time_ns ts) {
        th_odds o = odds(book, outcome, price, ts);
        o.market = TH_ODDS_TOTAL;
        o.has_point = 1;
        EXPECT_TRUE(tradehost::parse_fixed(line, o.point));
        std::strncpy(o.market_key, "totals", sizeof o.market_key - 1);
        return o;
    };
    Harness h(PLUGIN_PATH);
    h.set_list("reference", {"pinnacle"});
    h.set("min_edge", "0.03");
    h.create();
    h.start();
    ASSERT_EQ(h.send("odds", totals("pinnacle", "Over", "2.5", "2.20", kT0)), TH_OK);
    ASSERT_EQ(h.send("odds", totals("pinnacle", "Under", "2.5", "1.70", kT0 + 1)), TH_OK);
    ASSERT_EQ(h.send("odds", totals("bet365", "Over", "2.25", "2.30", kT0 + 2)), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty()) << "no fair line for 2.25 yet";
    ASSERT_EQ(h.send("odds", totals("pinnacle", "Over", "2.25", "1.95", kT0 + 3)), TH_OK);
    ASSERT_EQ(h.send("odds", totals("pinnacle", "Under", "2.25", "1.95", kT0 + 4)), TH_OK);
    auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 1u);
    EXPECT_EQ(h.symbol(sig[0].instrument), "ev-arsenal-chelsea/totals/2.25/Over");
    EXPECT_NEAR(sig[0].value, 2.30 * 0.5 - 1, 1e-9);
}
