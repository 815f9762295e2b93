// The Kelly sizer through the plugin: single Kelly on a value signal, simultaneous Kelly when
// a second outcome of the same market has value (worked by hand below), caps per bet and per
// event, the bankroll from a balance event, surebet legs sharing one total, and the stakes
// already sent surviving a restart so nothing is bet twice.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;

th_odds odds(Harness& h, const char* outcome, const char* book, double price, const char* event = "ev1") {
    th_odds o = tradehost::make_event<th_odds>(1);
    o.market = TH_ODDS_H2H;
    o.side = TH_SIDE_BUY;
    o.price = tradehost::to_fixed(price);
    std::strcpy(o.event_id, event);
    std::strcpy(o.bookmaker, book);
    std::strcpy(o.outcome, outcome);
    std::strcpy(o.market_key, "h2h");
    o.instrument = h.intern(std::string(event) + "/h2h/" + outcome);
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

double stake(const th_order_request& r) { return tradehost::to_double(r.qty); }

}  // namespace

TEST(KellySizer, SingleThenSimultaneousKelly) {
    auto h = make();
    h->create();
    h->start();
    h->send("odds", odds(*h, "A", "bookie", 2.5));
    h->send("odds", odds(*h, "B", "bookie", 4.0));
    h->send("odds", odds(*h, "C", "pinnacle", 1.9));
    // A at 2.5 with edge 0.10: p = 0.44, Kelly (0.44*2.5-1)/1.5 = 0.0667; half of it on 1000.
    h->send("signals", signal(*h, "ev1/h2h/A", "value:bookie", 0.10, 0.033, 1 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(std::string(orders[0].client_order_id), "sizer-1");
    EXPECT_EQ(orders[0].action, TH_ORDER_NEW);
    EXPECT_EQ(orders[0].side, TH_SIDE_BUY);
    EXPECT_EQ(orders[0].order_type, TH_ORDER_LIMIT);
    EXPECT_EQ(orders[0].tif, TH_TIF_FOK);
    EXPECT_EQ(orders[0].limit_px, 250000000);
    EXPECT_EQ(h->symbol(orders[0].instrument), "ev1/h2h/A");
    EXPECT_DOUBLE_EQ(stake(orders[0]), 33.33);
    // B at 4.0 with edge 0.20: p = 0.3. Backed with A, Smoczynski-Tomkins: B (p*o 1.2) then A
    // (1.1 > R = 0.7/0.75); R = (1-0.74)/(1-0.65) = 0.742857; f_B = 0.3 - R/4 = 0.114286.
    h->send("signals", signal(*h, "ev1/h2h/B", "value:bookie", 0.20, 0.05, 2 * kSec));
    orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(std::string(orders[0].client_order_id), "sizer-2");
    EXPECT_DOUBLE_EQ(stake(orders[0]), 57.14);  // 0.5 x 0.114286 x 1000, rounded down
    EXPECT_EQ(h->metric("bets"), 2);
}

TEST(KellySizer, CapsPerBetAndPerEvent) {
    auto h = make();
    h->set("max_stake", "20");
    h->set("max_event_stake", "30");
    h->create();
    h->start();
    h->send("odds", odds(*h, "A", "bookie", 2.5));
    h->send("odds", odds(*h, "B", "bookie", 4.0));
    h->send("signals", signal(*h, "ev1/h2h/A", "value:bookie", 0.10, 0.03, 1 * kSec));
    h->send("signals", signal(*h, "ev1/h2h/B", "value:bookie", 0.20, 0.05, 2 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_DOUBLE_EQ(stake(orders[0]), 20);  // 33.33 capped per bet
    EXPECT_DOUBLE_EQ(stake(orders[1]), 10);  // 20 per bet, but the event has 10 left of 30
    // The event is full: a third signal sends nothing.
    h->send("odds", odds(*h, "Draw", "bookie", 3.5));
    h->send("signals", signal(*h, "ev1/h2h/Draw", "value:bookie", 0.3, 0.05, 3 * kSec));
    EXPECT_TRUE(h->take<th_order_request>("orders").empty());
    EXPECT_EQ(h->metric("signals_skipped"), 1);
}

TEST(KellySizer, TheBankrollFollowsBalanceEvents) {
    auto h = make();
    h->create();
    h->start();
    th_balance b = tradehost::make_event<th_balance>(1);
    std::strcpy(b.currency, "USD");
    b.total = tradehost::to_fixed(2000);
    b.available = tradehost::to_fixed(1500);
    h->send("balances", b);
    th_balance other = b;
    std::strcpy(other.currency, "EUR");
    other.total = tradehost::to_fixed(50);
    h->send("balances", other);  // another currency: ignored
    h->send("odds", odds(*h, "A", "bookie", 2.5));
    h->send("signals", signal(*h, "ev1/h2h/A", "value:bookie", 0.10, 0.03, 1 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_DOUBLE_EQ(stake(orders[0]), 66.66);
    EXPECT_EQ(h->metric("bankroll_updates"), 1);
}

TEST(KellySizer, SurebetLegsShareOneCappedTotal) {
    auto h = make();
    h->set("surebet_stake", "200");
    h->set("max_event_stake", "100");
    h->create();
    h->start();
    h->send("odds", odds(*h, "P1", "a", 2.10));
    h->send("odds", odds(*h, "P2", "b", 2.05));
    const double s1 = 1 / 2.10 / (1 / 2.10 + 1 / 2.05);
    h->send("signals", signal(*h, "ev1/h2h/P1", "surebet:a", 0.0373, s1, 1 * kSec));
    h->send("signals", signal(*h, "ev1/h2h/P2", "surebet:b", 0.0373, 1 - s1, 1 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_DOUBLE_EQ(stake(orders[0]), 49.39);  // of 100, the event cap
    EXPECT_DOUBLE_EQ(stake(orders[1]), 50.60);
    EXPECT_EQ(orders[0].limit_px, 210000000);
    EXPECT_EQ(orders[1].limit_px, 205000000);
}

TEST(KellySizer, ASurebetFitsWhatRoomItsEventHasLeftOrIsNotStarted) {
    auto h = make();
    h->set("max_event_stake", "100");
    h->create();
    h->start();
    h->send("odds", odds(*h, "P1", "a", 2.10));
    h->send("odds", odds(*h, "P2", "b", 2.05));
    h->send("signals", signal(*h, "ev1/h2h/P1", "value:a", 0.05, 0.02, 1 * kSec));  // 0.5 x Kelly 0.0455 x 1000
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_DOUBLE_EQ(stake(orders[0]), 22.72);
    // 77.28 left on the event: the surebet's total shrinks to it, and both legs go.
    const double s1 = 1 / 2.10 / (1 / 2.10 + 1 / 2.05);
    h->send("signals", signal(*h, "ev1/h2h/P1", "surebet:a", 0.0373, s1, 2 * kSec));
    h->send("signals", signal(*h, "ev1/h2h/P2", "surebet:b", 0.0373, 1 - s1, 2 * kSec));
    orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_DOUBLE_EQ(stake(orders[0]), 38.17);  // 0.49398 x 77.28
    EXPECT_DOUBLE_EQ(stake(orders[1]), 39.10);  // 0.50602 x 77.28
    // A second surebet on the full event: its first leg finds no room, so neither leg goes.
    h->send("signals", signal(*h, "ev1/h2h/P1", "surebet:a", 0.04, s1, 3 * kSec));
    h->send("signals", signal(*h, "ev1/h2h/P2", "surebet:b", 0.04, 1 - s1, 3 * kSec));
    EXPECT_TRUE(h->take<th_order_request>("orders").empty());
}

TEST(KellySizer, StakesSentSurviveARestart) {
    std::map<std::string, std::string> saved;
    {
        auto h = make();
        h->create();
        h->start();
        h->send("odds", odds(*h, "A", "bookie", 2.5));
        h->send("signals", signal(*h, "ev1/h2h/A", "value:bookie", 0.10, 0.03, 1 * kSec));
        EXPECT_EQ(h->take<th_order_request>("orders").size(), 1u);
        h->stop();
        saved = h->state();
    }
    auto h = make();
    h->state() = saved;
    h->create();
    h->start();
    h->send("odds", odds(*h, "A", "bookie", 2.5));
    h->send("signals", signal(*h, "ev1/h2h/A", "value:bookie", 0.10, 0.03, 5 * kSec));
    EXPECT_TRUE(h->take<th_order_request>("orders").empty());  // already staked 33.33
    // A better edge raises the target: only the difference is sent, under a fresh id.
    h->send("signals", signal(*h, "ev1/h2h/A", "value:bookie", 0.25, 0.08, 6 * kSec));
    auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(std::string(orders[0].client_order_id), "sizer-2");
    EXPECT_NEAR(stake(orders[0]), 83.33 - 33.33, 0.011);  // Kelly 0.25/1.5 = 0.1667 -> 83.33 target
}
