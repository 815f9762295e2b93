// The surebet finder on constructed books with known answers: a two-way arbitrage across two
// bookmakers (stakes 49.40 / 50.60 of 100, profit 3.73), the same with an exchange's 5 %
// commission, a three-way market, a book missing its draw (no false surebet), stale prices
// expiring, and each surebet reported once; then the plugin end to end.
#include "arb_finder.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>

using namespace tradehost::surebet;
using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;
const MarketKey kMatch{"ev1", "h2h", ""};

ArbSettings settings() {
    ArbSettings s;
    s.total_stake = 100;
    s.min_profit = 0.005;
    s.max_age_ns = 60 * kSec;
    return s;
}

}  // namespace

TEST(ArbFinder, TwoWayAcrossTwoBookmakers) {
    ArbFinder f(settings());
    EXPECT_FALSE(f.on_price(kMatch, "a", "P1", 2.10, 1, 0));
    EXPECT_FALSE(f.on_price(kMatch, "a", "P2", 1.80, 1, 0));  // a's own book: 1.032, no arb
    EXPECT_FALSE(f.on_price(kMatch, "b", "P1", 1.85, 2, 0));
    auto arb = f.on_price(kMatch, "b", "P2", 2.05, 2, 0);
    ASSERT_TRUE(arb);
    ASSERT_EQ(arb->legs.size(), 2u);
    EXPECT_EQ(arb->legs[0].outcome, "P1");
    EXPECT_EQ(arb->legs[0].bookmaker, "a");
    EXPECT_EQ(arb->legs[1].bookmaker, "b");
    EXPECT_NEAR(arb->inverse_sum, 1 / 2.10 + 1 / 2.05, 1e-12);
    EXPECT_NEAR(arb->legs[0].stake, 49.39759036, 1e-6);
    EXPECT_NEAR(arb->legs[1].stake, 50.60240964, 1e-6);
    EXPECT_NEAR(arb->profit, 3.73493976, 1e-6);
    // Whatever wins returns the same.
    EXPECT_NEAR(arb->legs[0].stake * 2.10, arb->legs[1].stake * 2.05, 1e-9);
    // The same legs again: not reported twice. A better price: reported.
    EXPECT_FALSE(f.on_price(kMatch, "b", "P2", 2.05, 3, 0));
    EXPECT_TRUE(f.on_price(kMatch, "b", "P2", 2.08, 4, 0));
}

TEST(ArbFinder, CommissionOnWinningsCanCloseIt) {
    ArbSettings s = settings();
    s.commission["exchange"] = 0.05;
    ArbFinder f(s);
    f.on_price(kMatch, "a", "P1", 2.10, 1, 0);
    f.on_price(kMatch, "a", "P2", 1.80, 1, 0);
    auto arb = f.on_price(kMatch, "exchange", "P2", 2.05, 1, 0);  // net 1.9975
    ASSERT_TRUE(arb);
    EXPECT_NEAR(arb->profit, 2.37339841, 1e-6);
    s.commission["exchange"] = 0.10;  // net 1.945: 1/2.1 + 1/1.945 = 0.990, profit 0.97 %
    s.min_profit = 0.01;
    ArbFinder g(s);
    g.on_price(kMatch, "a", "P1", 2.10, 1, 0);
    g.on_price(kMatch, "a", "P2", 1.80, 1, 0);
    EXPECT_FALSE(g.on_price(kMatch, "exchange", "P2", 2.05, 1, 0));
}

TEST(ArbFinder, ThreeWayAndAMissingDraw) {
    ArbFinder f(settings());
    // Two books price only home and away: their inverses sum below 1, so nobody has shown
    // the whole market yet and no "surebet" is claimed on two of its three outcomes.
    f.on_price(kMatch, "x", "Home", 2.60, 1, 0);
    f.on_price(kMatch, "x", "Away", 3.40, 1, 0);
    EXPECT_FALSE(f.on_price(kMatch, "y", "Away", 3.30, 1, 0));
    // A whole book arrives with the draw.
    f.on_price(kMatch, "z", "Home", 2.30, 2, 0);
    f.on_price(kMatch, "z", "Away", 3.00, 2, 0);
    auto arb = f.on_price(kMatch, "z", "Draw", 3.60, 2, 0);
    ASSERT_TRUE(arb);
    ASSERT_EQ(arb->legs.size(), 3u);  // Away, Draw, Home
    EXPECT_EQ(arb->legs[0].bookmaker, "x");
    EXPECT_EQ(arb->legs[1].bookmaker, "z");
    EXPECT_NEAR(arb->legs[2].stake, 40.21024967, 1e-6);  // Home 2.60
    EXPECT_NEAR(arb->legs[1].stake, 29.04073587, 1e-6);  // Draw 3.60
    EXPECT_NEAR(arb->legs[0].stake, 30.74901445, 1e-6);  // Away 3.40
    EXPECT_NEAR(arb->profit, 4.54664915, 1e-6);
}

TEST(ArbFinder, StalePricesExpire) {
    ArbFinder f(settings());
    f.on_price(kMatch, "a", "P1", 2.10, 0, 0);
    f.on_price(kMatch, "a", "P2", 1.80, 0, 0);
    f.on_price(kMatch, "b", "P1", 1.85, 61 * kSec, 0);
    // a's 2.10 is 61 s older than the newest price: stale, so P1's best is b's 1.85.
    EXPECT_FALSE(f.on_price(kMatch, "b", "P2", 2.05, 61 * kSec, 0));
    // a refreshes: the surebet is back.
    f.on_price(kMatch, "a", "P2", 1.80, 62 * kSec, 0);
    EXPECT_TRUE(f.on_price(kMatch, "a", "P1", 2.10, 62 * kSec, 0));
}

namespace {

th_odds odds(const char* book, const char* outcome, double price, int64_t ts) {
    th_odds o = tradehost::make_event<th_odds>(ts);
    o.market = TH_ODDS_H2H;
    o.side = TH_SIDE_BUY;
    o.price = tradehost::to_fixed(price);
    std::strcpy(o.event_id, "ev1");
    std::strcpy(o.bookmaker, book);
    std::strcpy(o.outcome, outcome);
    std::strcpy(o.market_key, "h2h");
    return o;
}

}  // namespace

TEST(SurebetPlugin, OneSignalPerLeg) {
    Harness h(PLUGIN_PATH);
    h.set("total_stake", "100");
    h.set_list("commission", {"exchange 0.05"});
    h.create();
    h.start();
    for (const th_odds& o : {odds("a", "P1", 2.10, 1), odds("a", "P2", 1.80, 1), odds("exchange", "P2", 2.05, 2)})
        ASSERT_EQ(h.send("odds", o), TH_OK);
    auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 2u);
    EXPECT_EQ(std::string(sig[0].name), "surebet:a");
    EXPECT_EQ(std::string(sig[1].name), "surebet:exchange");
    EXPECT_EQ(h.symbol(sig[0].instrument), "ev1/h2h/P1");
    EXPECT_NEAR(sig[0].value, 0.0237339841, 1e-9);
    EXPECT_NEAR(sig[0].strength + sig[1].strength, 1.0, 1e-12);
    EXPECT_NEAR(sig[0].strength * 2.10, sig[1].strength * (1 + 1.05 * 0.95), 1e-12);
    EXPECT_EQ(h.metric("surebets"), 1);
}

TEST(SurebetPlugin, BadCommissionIsAConfigError) {
    Harness h(PLUGIN_PATH);
    h.set_list("commission", {"exchange five"});
    try {
        h.create();
        FAIL() << "created";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("commission[0] 'exchange five'"), std::string::npos) << e.what();
    }
}

// An Asian quarter line is its own market: Over 2.25 and Under 2.5 do not cover each other
// (on 2 goals Over 2.25 half loses and Under 2.5 wins, on 3 the reverse), so a surebet
// across the quarter line and its neighbouring half line would be false. Only the two sides
// of the same line make one.
TEST(SurebetPlugin, AQuarterLineIsNotItsNeighbouringHalfLine) {
    auto totals = [](const char* book, const char* outcome, double line, double price, int64_t ts) {
        th_odds o = odds(book, outcome, price, ts);
        o.market = TH_ODDS_TOTAL;
        o.has_point = 1;
        o.point = tradehost::to_fixed(line);
        std::strcpy(o.market_key, "totals");
        return o;
    };
    Harness h(PLUGIN_PATH);
    h.set("total_stake", "100");
    h.create();
    h.start();
    for (const th_odds& o : {totals("a", "Over", 2.25, 2.10, 1), totals("a", "Under", 2.25, 1.80, 1), totals("b", "Over", 2.5, 1.85, 2),
                             totals("b", "Under", 2.5, 2.05, 2)})
        ASSERT_EQ(h.send("odds", o), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty()) << "Over 2.25 at 2.10 and Under 2.5 at 2.05 are two markets";
    ASSERT_EQ(h.send("odds", totals("b", "Under", 2.25, 2.05, 3)), TH_OK);
    auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 2u);
    EXPECT_EQ(h.symbol(sig[0].instrument), "ev1/totals/2.25/Over");
    EXPECT_EQ(h.symbol(sig[1].instrument), "ev1/totals/2.25/Under");
}
