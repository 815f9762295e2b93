// The instrument metadata rules (ABI 1.1): when a venue registered an instrument's tick,
// lot, minimum quantity and price bounds, orders that break them are refused with the
// rule's name; without metadata, or in a 1.0 host, nothing is checked.
#include "risk_fixture.hpp"

using namespace risk_test;

namespace {

/// An outcome token of a prediction market: prices 0.01..0.99 in ticks of 0.01, whole shares,
/// at least 5.
th_instrument_info outcome_info() {
    th_instrument_info i{};
    i.size = sizeof i;
    i.asset_class = TH_ASSET_PREDICTION_OUTCOME;
    i.tick_size = fx("0.01");
    i.lot_size = fx(1);
    i.min_qty = fx(5);
    i.min_price = fx("0.01");
    i.max_price = fx("0.99");
    tradehost::copy_str(i.currency, "USDC");
    return i;
}

}  // namespace

TEST_F(Risk, RefusesOrdersThatBreakTheInstrumentsRegisteredRules) {
    make();
    h->set_instrument_info(sym, outcome_info());
    EXPECT_TRUE(submit(T0, "ok", TH_SIDE_BUY, fx(10), fx("0.55")));

    EXPECT_FALSE(submit(T0, "t1", TH_SIDE_BUY, fx(10), fx("0.555")));
    EXPECT_EQ(last_reason, "tick_size: limit price 0.555 is not a multiple of tick 0.01 on AAPL");
    EXPECT_EQ(last_reject.exec_type, TH_EXEC_REJECTED);

    EXPECT_FALSE(submit(T0, "t2", TH_SIDE_BUY, fx(10), fx("1.2")));
    EXPECT_EQ(last_reason, "price_range: limit price 1.2 above max_price 0.99 on AAPL");
    EXPECT_FALSE(submit(T0, "t3", TH_SIDE_SELL, fx(10), fx("0.001")));
    EXPECT_EQ(last_reason, "price_range: limit price 0.001 below min_price 0.01 on AAPL");

    EXPECT_FALSE(submit(T0, "t4", TH_SIDE_BUY, fx(3), fx("0.5")));
    EXPECT_EQ(last_reason, "min_qty: qty 3 below min_qty 5 on AAPL");
    EXPECT_FALSE(submit(T0, "t5", TH_SIDE_BUY, fx("7.5"), fx("0.5")));
    EXPECT_EQ(last_reason, "lot_size: qty 7.5 is not a multiple of lot 1 on AAPL");

    EXPECT_EQ(h->metric("reject_tick_size"), 1);
    EXPECT_EQ(h->metric("reject_price_range"), 2);
    EXPECT_EQ(h->metric("reject_min_qty"), 1);
    EXPECT_EQ(h->metric("reject_lot_size"), 1);
}

TEST_F(Risk, MarketOrdersAreCheckedOnQuantityOnly) {
    make();
    h->set_instrument_info(sym, outcome_info());
    quote(T0, fx("0.40"), fx("0.42"));
    EXPECT_TRUE(submit(T0, "m1", TH_SIDE_BUY, fx(5)));
    EXPECT_FALSE(submit(T0, "m2", TH_SIDE_BUY, fx("5.5")));
    EXPECT_EQ(last_reason, "lot_size: qty 5.5 is not a multiple of lot 1 on AAPL");
}

TEST_F(Risk, ChecksStopPricesAndReplaces) {
    make();
    h->set_instrument_info(sym, outcome_info());
    auto stop = order(T0, "s1", TH_SIDE_SELL, fx(10));
    stop.order_type = TH_ORDER_STOP;
    stop.stop_px = fx("0.305");
    EXPECT_FALSE(pass(stop));
    EXPECT_EQ(last_reason, "tick_size: stop price 0.305 is not a multiple of tick 0.01 on AAPL");

    ASSERT_TRUE(submit(T0, "o1", TH_SIDE_BUY, fx(10), fx("0.50")));
    report(T0, "o1", TH_EXEC_NEW, TH_STATUS_NEW, fx(10), 0);
    EXPECT_FALSE(replace(T0, "o1r", "o1", fx(10), fx("0.505")));
    EXPECT_EQ(last_reason, "tick_size: limit price 0.505 is not a multiple of tick 0.01 on AAPL");
    EXPECT_STREQ(last_reject.orig_client_order_id, "o1");  // ABI 1.1: the order it refers to
    EXPECT_TRUE(replace(T0, "o1r", "o1", fx(20), fx("0.51")));
}

TEST_F(Risk, ALaterRegistrationReplacesTheRules) {
    make();
    h->set_instrument_info(sym, outcome_info());
    EXPECT_FALSE(submit(T0, "a", TH_SIDE_BUY, fx(10), fx("0.555")));
    th_instrument_info finer = outcome_info();
    finer.tick_size = fx("0.001");  // the venue narrowed the tick near the bounds
    h->set_instrument_info(sym, finer);
    EXPECT_TRUE(submit(T0, "b", TH_SIDE_BUY, fx(10), fx("0.555")));
}

TEST_F(Risk, WithoutMetadataNothingIsChecked) {
    make();
    EXPECT_TRUE(submit(T0, "a", TH_SIDE_BUY, fx("7.5"), fx("0.555")));
    const th_instrument other = h->intern("MSFT");
    h->set_instrument_info(other, outcome_info());  // another instrument's rules do not apply
    EXPECT_TRUE(submit(T0, "b", TH_SIDE_BUY, fx("7.5"), fx("1.555")));
}

TEST_F(Risk, RunsInA10HostWithoutMetadataCalls) {
    h = std::make_unique<Harness>(PLUGIN_PATH);
    h->emulate_host_abi_1_0();
    h->create();
    h->start();
    sym = h->intern("AAPL");
    h->set_instrument_info(sym, outcome_info());  // a 1.0 host cannot hand this to the plugin
    EXPECT_TRUE(submit(T0, "a", TH_SIDE_BUY, fx("7.5"), fx("0.555")));
}
