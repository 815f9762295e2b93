// The Kelly sizer's lays, worked by hand: laying at 2.5 an outcome whose probability is 0.3
// has edge 1 - 0.3 x 2.5 = 0.25 per unit of lay stake. Laying at L is backing "not this" at
// L / (L - 1) = 1.6667 with p = 0.7, whose Kelly fraction is (0.7 x 1.6667 - 1) / 0.6667 =
// 0.25 of the bankroll, risked as the lay's liability. Bankroll 1000, half Kelly: liability
// 125, lay stake 125 / (2.5 - 1) = 83.33. A back/lay surebet's lay leg is a sell at the lay
// price with its share of the surebet's total.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;

th_odds price(Harness& h, const char* outcome, const char* book, double odds, bool lay) {
    th_odds o = tradehost::make_event<th_odds>(1);
    o.market = TH_ODDS_H2H;
    o.side = lay ? TH_SIDE_SELL : TH_SIDE_BUY;
    o.price = tradehost::to_fixed(odds);
    std::strcpy(o.event_id, "ev1");
    std::strcpy(o.bookmaker, book);
    std::strcpy(o.outcome, outcome);
    std::strcpy(o.market_key, "h2h");
    o.instrument = h.intern(std::string("ev1/h2h/") + outcome);
    return o;
}

th_signal signal(Harness& h, const std::string& symbol, const char* name, double value, double strength, int64_t ts) {
    th_signal s = tradehost::make_event<th_signal>(ts);
    s.instrument = h.intern(symbol);
    s.value = value;
    s.strength = strength;
    std::strcpy(s.name, name);
    return s;
}

std::unique_ptr<Harness> make() {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set_instance_name("sizer");
    h->set("bankroll", "1000");
    h->set("kelly_multiplier", "0.5");
    return h;
}

}  // namespace

TEST(KellySizerLays, LayStakeFromKellyLiability) {
    auto h = make();
    h->create();
    h->start();
    h->send("odds", price(*h, "Home", "betfair_ex_uk", 2.5, true));
    h->send("signals", signal(*h, "ev1/h2h/Home", "value_lay:betfair_ex_uk", 0.25, 1, 1 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(orders[0].side, TH_SIDE_SELL);
    EXPECT_EQ(orders[0].limit_px, 250000000);
    EXPECT_DOUBLE_EQ(tradehost::to_double(orders[0].qty), 83.33);
    // The liability (83.33 x 1.5 = 125) is what the caps count: a second signal adds nothing.
    h->send("signals", signal(*h, "ev1/h2h/Home", "value_lay:betfair_ex_uk", 0.25, 1, 2 * kSec));
    EXPECT_TRUE(h->take<th_order_request>("orders").empty());
}

TEST(KellySizerLays, MaxStakeCapsTheLiability) {
    auto h = make();
    h->set("max_stake", "60");
    h->create();
    h->start();
    h->send("odds", price(*h, "Home", "betfair_ex_uk", 4, true));
    // p = 0.2: edge 1 - 0.8 = 0.2; half Kelly liability 100, capped at 60: stake 60 / 3 = 20.
    h->send("signals", signal(*h, "ev1/h2h/Home", "value_lay:betfair_ex_uk", 0.2, 1, 1 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_DOUBLE_EQ(tradehost::to_double(orders[0].qty), 20);
}

TEST(KellySizerLays, BackLaySurebetLegs) {
    auto h = make();
    h->set("surebet_stake", "208.47");
    h->create();
    h->start();
    h->send("odds", price(*h, "Home", "bet365", 3.2, false));
    h->send("odds", price(*h, "Home", "betfair_ex_uk", 3.0, true));
    const double back_share = 100 / 208.47457627;
    h->send("signals", signal(*h, "ev1/h2h/Home", "surebet:bet365", 0.0096, back_share, 1 * kSec));
    h->send("signals", signal(*h, "ev1/h2h/Home", "surebet_lay:betfair_ex_uk", 0.0096, 1 - back_share, 1 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_EQ(orders[0].side, TH_SIDE_BUY);
    EXPECT_EQ(orders[0].limit_px, 320000000);
    EXPECT_NEAR(tradehost::to_double(orders[0].qty), 100, 0.011);
    EXPECT_EQ(orders[1].side, TH_SIDE_SELL);
    EXPECT_EQ(orders[1].limit_px, 300000000);
    EXPECT_NEAR(tradehost::to_double(orders[1].qty), 108.47, 0.011);
}

TEST(KellySizerLays, NoLayPriceNoBet) {
    auto h = make();
    h->create();
    h->start();
    h->send("odds", price(*h, "Home", "betfair_ex_uk", 2.5, false));  // a back price only
    h->send("signals", signal(*h, "ev1/h2h/Home", "value_lay:betfair_ex_uk", 0.25, 1, 1 * kSec));
    EXPECT_TRUE(h->take<th_order_request>("orders").empty());
    EXPECT_EQ(h->metric("signals_skipped"), 1);
}
