// The back/lay half of the surebet finder, on a worked example: back 100 at 3.20 with a
// bookmaker, lay at 3.00 on an exchange charging 5 % on net winnings. Lay stake
// 100 x 3.20 / (3.00 - 0.05) = 108.47, liability 108.47 x 2 = 216.95; if the outcome wins:
// 100 x 2.20 - 216.95 = 3.05; if it loses: 108.47 x 0.95 - 100 = 3.05. Locked: 3.05.
#include "back_lay_finder.hpp"

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
    s.min_profit = 0.001;
    s.max_age_ns = 60 * kSec;
    s.commission["betfair_ex_uk"] = 0.05;
    return s;
}

th_odds lay_or_back(const char* book, const char* outcome, double price, int64_t ts, bool lay) {
    th_odds o = tradehost::make_event<th_odds>(ts);
    o.market = TH_ODDS_H2H;
    o.side = lay ? TH_SIDE_SELL : TH_SIDE_BUY;
    o.price = tradehost::to_fixed(price);
    std::strcpy(o.event_id, "ev1");
    std::strcpy(o.bookmaker, book);
    std::strcpy(o.outcome, outcome);
    std::strcpy(o.market_key, "h2h");
    return o;
}

}  // namespace

TEST(BackLayFinder, WorkedExampleLocksTheSameProfitEitherWay) {
    BackLayFinder f(settings());
    EXPECT_FALSE(f.on_price(kMatch, "bet365", "Home", false, 3.20, 1, 0));  // no lay yet
    auto a = f.on_price(kMatch, "betfair_ex_uk", "Home", true, 3.00, 2, 0);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->bookmaker, "bet365");
    EXPECT_EQ(a->exchange, "betfair_ex_uk");
    EXPECT_NEAR(a->lay_stake, 108.47457627, 1e-6);
    EXPECT_NEAR(a->liability, 216.94915254, 1e-6);
    EXPECT_NEAR(a->profit, 3.05084746, 1e-6);
    // Outcome wins: back pays, lay loses its liability. Loses: back stake lost, lay stake won net.
    EXPECT_NEAR(100 * (3.20 - 1) - a->liability, a->profit, 1e-9);
    EXPECT_NEAR(a->lay_stake * (1 - 0.05) - 100, a->profit, 1e-9);
    EXPECT_NEAR(a->roi, a->profit / (100 + a->liability), 1e-12);
    // The same legs: once. A lay price that commission eats: gone.
    EXPECT_FALSE(f.on_price(kMatch, "betfair_ex_uk", "Home", true, 3.00, 3, 0));
    EXPECT_FALSE(f.on_price(kMatch, "betfair_ex_uk", "Home", true, 3.12, 4, 0));  // 3.2 x 0.95 < 3.12 - 0.05
}

TEST(BackLayFinder, NoArbWhenTheLayIsAboveTheBackOrStale) {
    BackLayFinder f(settings());
    f.on_price(kMatch, "bet365", "Away", false, 2.00, 1, 0);
    EXPECT_FALSE(f.on_price(kMatch, "betfair_ex_uk", "Away", true, 2.02, 2, 0));
    // The back goes stale: a lay below it later finds nothing to pair with.
    EXPECT_FALSE(f.on_price(kMatch, "betfair_ex_uk", "Away", true, 1.80, 100 * kSec, 0));
    // Backing and laying at the same exchange is not a surebet.
    BackLayFinder g(settings());
    g.on_price(kMatch, "betfair_ex_uk", "Draw", false, 3.5, 1, 0);
    EXPECT_FALSE(g.on_price(kMatch, "betfair_ex_uk", "Draw", true, 3.0, 1, 0));
}

TEST(SurebetPlugin, BackLayLegsAsSignals) {
    Harness h(PLUGIN_PATH);
    h.set("total_stake", "100");
    h.set("min_profit", "0.001");
    h.set("back_lay", "true");
    h.set_list("commission", {"betfair_ex_uk 0.05"});
    h.create();
    h.start();
    ASSERT_EQ(h.send("odds", lay_or_back("bet365", "Home", 3.20, 1, false)), TH_OK);
    ASSERT_EQ(h.send("odds", lay_or_back("betfair_ex_uk", "Home", 3.00, 2, true)), TH_OK);
    auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 2u);
    EXPECT_EQ(std::string(sig[0].name), "surebet:bet365");
    EXPECT_EQ(std::string(sig[1].name), "surebet_lay:betfair_ex_uk");
    EXPECT_NEAR(sig[0].strength, 100 / (100 + 108.47457627), 1e-6);
    EXPECT_NEAR(sig[0].strength + sig[1].strength, 1.0, 1e-12);
    EXPECT_NEAR(sig[0].value, 3.05084746 / (100 + 216.94915254), 1e-6);
    EXPECT_EQ(h.metric("back_lay_surebets"), 1);
}

TEST(SurebetPlugin, BackLayIsOffByDefault) {
    Harness h(PLUGIN_PATH);
    h.set_list("commission", {"betfair_ex_uk 0.05"});
    h.create();
    h.start();
    ASSERT_EQ(h.send("odds", lay_or_back("bet365", "Home", 3.20, 1, false)), TH_OK);
    ASSERT_EQ(h.send("odds", lay_or_back("betfair_ex_uk", "Home", 3.00, 2, true)), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
}
