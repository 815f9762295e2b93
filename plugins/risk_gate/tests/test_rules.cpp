// Each rule one by one (a pass just under the limit, a reject just over it), kill switches,
// daily loss over a UTC day change, the rate window, positions and open-order accounting.
#include "risk_fixture.hpp"

#include <algorithm>
#include <cstring>

using namespace risk_test;

TEST_F(Risk, DeclaresPortsInContractOrder) {
    make();
    EXPECT_STREQ(h->entry().name, "risk_gate");
    EXPECT_STREQ(h->entry().kind, "risk");
    EXPECT_EQ(h->port_index("fills"), 1u);
    EXPECT_EQ(h->port_index("quotes"), 2u);
    EXPECT_EQ(h->port_index("exec_reports"), 3u);
    EXPECT_EQ(h->port_index("rejects"), 5u);
    // "orders" is both an input (0) and an output (4), told apart by direction.
    EXPECT_EQ(h->port_index("orders"), 0u);
    EXPECT_EQ(h->port_index("positions"), 6u);
    const th_port_desc* ports = h->entry().ports;
    ASSERT_EQ(h->entry().port_count, 7u);
    EXPECT_STREQ(ports[0].name, "orders");
    EXPECT_EQ(ports[0].direction, TH_PORT_IN);
    EXPECT_EQ(ports[0].event_type, TH_EV_ORDER_REQUEST);
    EXPECT_STREQ(ports[4].name, "orders");
    EXPECT_EQ(ports[4].direction, TH_PORT_OUT);
    EXPECT_EQ(ports[4].event_type, TH_EV_ORDER_REQUEST);
    EXPECT_EQ(ports[5].event_type, TH_EV_EXECUTION_REPORT);
    EXPECT_STREQ(ports[6].name, "positions");
    EXPECT_EQ(ports[6].direction, TH_PORT_IN);
    EXPECT_EQ(ports[6].event_type, TH_EV_POSITION);
}

TEST_F(Risk, ForwardsApprovedOrdersUnchanged) {
    make({{"max_order_qty", "100"}});
    auto r = order(T0, "o1", TH_SIDE_BUY, fx(10), fx("101.25"));
    r.tif = TH_TIF_GTC;
    ASSERT_EQ(h->send("orders", r), TH_OK);
    auto out = h->take<th_order_request>("orders");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].hdr.ts, r.hdr.ts);
    EXPECT_EQ(out[0].hdr.size, sizeof(th_order_request));
    const size_t hdr = sizeof(th_event_header);
    EXPECT_EQ(std::memcmp(reinterpret_cast<const char*>(&out[0]) + hdr, reinterpret_cast<const char*>(&r) + hdr,
                          sizeof r - hdr),
              0);
    EXPECT_EQ(h->metric("orders_checked"), 1);
    EXPECT_EQ(h->metric("orders_approved"), 1);
    EXPECT_EQ(h->metric("rejects"), 0);
}

TEST_F(Risk, MaxOrderQty) {
    make({{"max_order_qty", "100"}});
    EXPECT_TRUE(submit(T0, "a", TH_SIDE_BUY, fx(100), fx(10)));
    EXPECT_FALSE(submit(T0 + kMs, "b", TH_SIDE_SELL, fx(150), fx(10)));
    EXPECT_EQ(last_reason, "max_order_qty: qty 150 > limit 100");
    EXPECT_EQ(last_reject.exec_type, TH_EXEC_REJECTED);
    EXPECT_EQ(last_reject.status, TH_STATUS_REJECTED);
    EXPECT_STREQ(last_reject.client_order_id, "b");
    EXPECT_EQ(last_reject.instrument, sym);
    EXPECT_EQ(last_reject.side, TH_SIDE_SELL);
    EXPECT_EQ(last_reject.order_qty, fx(150));
    EXPECT_EQ(last_reject.hdr.ts, T0 + kMs);
    EXPECT_FALSE(submit(T0 + 2 * kMs, "c", TH_SIDE_BUY, fx("100.00000001"), fx(10)));
    EXPECT_EQ(last_reason, "max_order_qty: qty 100.00000001 > limit 100");
    EXPECT_EQ(h->metric("orders_checked"), 3);
    EXPECT_EQ(h->metric("orders_approved"), 1);
    EXPECT_EQ(h->metric("rejects"), 2);
    EXPECT_EQ(h->metric("reject_max_order_qty"), 2);
}

TEST_F(Risk, MaxOrderNotionalUsesLimitOrOppositeQuote) {
    make({{"max_order_notional", "10000"}});
    EXPECT_TRUE(submit(T0, "a", TH_SIDE_BUY, fx(100), fx(100)));
    EXPECT_FALSE(submit(T0, "b", TH_SIDE_BUY, fx(100), fx("100.01")));
    EXPECT_EQ(last_reason, "max_order_notional: notional 10001 > limit 10000");

    EXPECT_FALSE(submit(T0, "m0", TH_SIDE_BUY, fx(1)));  // market, no quote yet
    EXPECT_EQ(last_reason, "no reference price: no quote on the opposite side for AAPL");
    EXPECT_EQ(h->metric("reject_no_reference_price"), 1);

    quote(T0 + kMs, fx(99), fx(100));
    EXPECT_TRUE(submit(T0 + 2 * kMs, "m1", TH_SIDE_BUY, fx(100)));    // 100 * ask 100
    EXPECT_TRUE(submit(T0 + 2 * kMs, "m2", TH_SIDE_SELL, fx(101)));   // 101 * bid 99 = 9999
    EXPECT_FALSE(submit(T0 + 2 * kMs, "m3", TH_SIDE_SELL, fx(102)));  // 10098
    EXPECT_EQ(last_reason, "max_order_notional: notional 10098 > limit 10000");
    EXPECT_EQ(h->metric("reject_max_order_notional"), 2);
}

TEST_F(Risk, MaxPositionCountsFillsFlipsAndSameSideOpenOrders) {
    make({{"max_position", "100"}});
    fill(T0, "ext", TH_SIDE_BUY, fx(80), fx(10));  // long 80
    EXPECT_TRUE(submit(T0 + kMs, "a", TH_SIDE_BUY, fx(20), fx(10)));  // 80 + 20 = 100
    EXPECT_FALSE(submit(T0 + kMs, "b", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_EQ(last_reason, "max_position: projected position 101 > limit 100 on AAPL");
    report(T0 + 2 * kMs, "a", TH_EXEC_CANCELED, TH_STATUS_CANCELED, fx(20), 0);

    fill(T0 + 3 * kMs, "ext2", TH_SIDE_SELL, fx(150), fx(10));  // flips to short 70
    EXPECT_TRUE(submit(T0 + 4 * kMs, "c", TH_SIDE_SELL, fx(30), fx(10)));  // -70 - 30 = -100
    EXPECT_FALSE(submit(T0 + 4 * kMs, "d", TH_SIDE_SELL, fx(1), fx(10)));
    EXPECT_EQ(last_reason, "max_position: projected position 101 > limit 100 on AAPL");
    EXPECT_TRUE(submit(T0 + 4 * kMs, "e", TH_SIDE_BUY, fx(170), fx(10)));  // -70 + 170 = 100
    EXPECT_FALSE(submit(T0 + 4 * kMs, "f", TH_SIDE_BUY, fx(1), fx(10)));

    // Over the limit through fills: orders that reduce still pass, adding ones do not.
    fill(T0 + 5 * kMs, "ext3", TH_SIDE_BUY, fx(370), fx(10));  // long 300
    EXPECT_TRUE(submit(T0 + 6 * kMs, "g", TH_SIDE_SELL, fx(10), fx(10)));
    EXPECT_FALSE(submit(T0 + 6 * kMs, "h", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_EQ(h->metric("reject_max_position"), 4);
}

TEST_F(Risk, MaxInstrumentExposure) {
    make({{"max_instrument_exposure", "10000"}});
    quote(T0, fx(99), fx(101));                     // mid 100
    fill(T0 + kMs, "ext", TH_SIDE_BUY, fx(50), fx(100));  // 5000 at the mark
    EXPECT_TRUE(submit(T0 + 2 * kMs, "a", TH_SIDE_BUY, fx(50), fx(100)));  // 5000 + 5000
    EXPECT_FALSE(submit(T0 + 2 * kMs, "b", TH_SIDE_BUY, fx(1), fx("0.01")));
    EXPECT_EQ(last_reason, "max_instrument_exposure: exposure 10000.01 > limit 10000 on AAPL");
    EXPECT_TRUE(submit(T0 + 2 * kMs, "c", TH_SIDE_SELL, fx(150), fx(100)));  // |5000 - 15000|
    EXPECT_FALSE(submit(T0 + 2 * kMs, "d", TH_SIDE_SELL, fx(1), fx(100)));
    EXPECT_EQ(last_reason, "max_instrument_exposure: exposure 10100 > limit 10000 on AAPL");
    EXPECT_EQ(h->metric("reject_max_instrument_exposure"), 2);
}

TEST_F(Risk, MaxGrossExposureSumsInstruments) {
    make({{"max_gross_exposure", "10000"}});
    th_instrument msft = h->intern("MSFT");
    EXPECT_TRUE(submit(T0, "a", TH_SIDE_BUY, fx(50), fx(100)));
    EXPECT_TRUE(submit(T0, "m", TH_SIDE_BUY, fx(50), fx(100), msft));
    EXPECT_FALSE(submit(T0, "b", TH_SIDE_BUY, fx(1), fx("0.01")));
    EXPECT_EQ(last_reason, "max_gross_exposure: gross exposure 10000.01 > limit 10000");
    // A sell smaller than the open buys does not raise AAPL's worst case.
    EXPECT_TRUE(submit(T0, "s1", TH_SIDE_SELL, fx(10), fx(100)));
    EXPECT_FALSE(submit(T0, "s2", TH_SIDE_SELL, fx(50), fx(100)));  // sell side 6000 > buy side 5000
    EXPECT_EQ(last_reason, "max_gross_exposure: gross exposure 11000 > limit 10000");
    EXPECT_EQ(h->metric("reject_max_gross_exposure"), 2);
}

TEST_F(Risk, InvalidRequestsAreRejected) {
    make();
    EXPECT_FALSE(submit(T0, "z", TH_SIDE_BUY, 0, fx(10)));
    EXPECT_EQ(last_reason, "invalid: qty 0 <= 0");
    auto r = order(T0, "nolimit", TH_SIDE_BUY, fx(1));
    r.order_type = TH_ORDER_LIMIT;
    EXPECT_FALSE(pass(r));
    EXPECT_EQ(last_reason, "invalid: missing limit price");
    EXPECT_TRUE(submit(T0, "d1", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_FALSE(submit(T0, "d1", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_EQ(last_reason, "invalid: duplicate client_order_id d1 is still open");
    EXPECT_EQ(h->metric("reject_invalid"), 3);
}

TEST_F(Risk, ConfigKillSwitchRejectsButCancelsPass) {
    make({{"kill_switch", "true"}});
    EXPECT_FALSE(submit(T0, "a", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_EQ(last_reason, "kill_switch: engaged by config");
    EXPECT_FALSE(replace(T0, "a2", "a", fx(1), fx(11)));
    EXPECT_TRUE(cancel(T0, "c1", "resting-order"));
    EXPECT_EQ(h->metric("reject_kill_switch"), 2);
    EXPECT_EQ(h->metric("orders_approved"), 1);
}

TEST_F(Risk, HostKillSwitchEngagesAtRunTime) {
    make();
    EXPECT_TRUE(submit(T0, "a", TH_SIDE_BUY, fx(1), fx(10)));
    h->set_kill_switch(true);
    EXPECT_FALSE(submit(T0 + kMs, "b", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_EQ(last_reason, "kill_switch: engaged by the operator");
    EXPECT_TRUE(cancel(T0 + kMs, "c1", "a"));
    h->set_kill_switch(false);
    EXPECT_TRUE(submit(T0 + 2 * kMs, "d", TH_SIDE_BUY, fx(1), fx(10)));
}

TEST_F(Risk, DailyLossLatchesUntilTheNextUtcDay) {
    make({{"max_daily_loss", "1000"}});
    quote(T0, fx(99), fx(101));
    fill(T0 + kMs, "ext", TH_SIDE_BUY, fx(100), fx(100));  // long 100 @ 100
    quote(T0 + 2 * kMs, fx(89), fx(91));                    // mid 90: loss 1000, not over
    EXPECT_TRUE(submit(T0 + 3 * kMs, "n1", TH_SIDE_BUY, fx(1), fx(90)));
    quote(T0 + 4 * kMs, fx("89.98"), fx(90));               // mid 89.99: loss 1001
    EXPECT_FALSE(submit(T0 + 5 * kMs, "n2", TH_SIDE_BUY, fx(1), fx(90)));
    EXPECT_EQ(last_reason, "max_daily_loss: day loss 1001 > limit 1000");

    quote(T0 + 6 * kMs, fx(94), fx(96));  // mid 95: loss 500 now, but the breach holds
    EXPECT_FALSE(submit(T0 + 7 * kMs, "n3", TH_SIDE_SELL, fx(1), fx(96)));
    EXPECT_EQ(last_reason,
              "max_daily_loss: day loss reached 1001 > limit 1000 today; blocked until the next UTC day");
    EXPECT_TRUE(cancel(T0 + 8 * kMs, "c1", "n1"));
    EXPECT_TRUE(replace(T0 + 8 * kMs, "n1r", "n1", fx(1), fx(89)));  // the rule is for NEW orders

    // Next UTC day: the day starts from the PnL at the last mark (-500).
    quote(kMidnight + kSec, fx(94), fx(96));
    EXPECT_TRUE(submit(kMidnight + 2 * kSec, "n4", TH_SIDE_BUY, fx(1), fx(95)));
    quote(kMidnight + 3 * kSec, fx("85.4"), fx("85.6"));  // mid 85.5: -1450 total, day loss 950
    EXPECT_TRUE(submit(kMidnight + 4 * kSec, "n5", TH_SIDE_BUY, fx(1), fx(85)));
    fill(kMidnight + 5 * kSec, "ext2", TH_SIDE_SELL, fx(50), fx("85.5"), fx(61));  // realizes; fee 61
    EXPECT_FALSE(submit(kMidnight + 6 * kSec, "n6", TH_SIDE_BUY, fx(1), fx(85)));
    EXPECT_EQ(last_reason, "max_daily_loss: day loss 1011 > limit 1000");
    EXPECT_EQ(h->metric("reject_max_daily_loss"), 3);
    const auto logs = h->log_lines();
    EXPECT_TRUE(std::any_of(logs.begin(), logs.end(),
                            [](const std::string& l) { return l.find("max_daily_loss breached") != std::string::npos; }));
}

TEST_F(Risk, RateLimitSlidesOverOneSecondOfEventTime) {
    make({{"max_orders_per_second", "3"}});
    EXPECT_TRUE(submit(T0, "r1", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_TRUE(submit(T0 + 100 * kMs, "r2", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_TRUE(submit(T0 + 200 * kMs, "r3", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_FALSE(submit(T0 + 300 * kMs, "r4", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_EQ(last_reason, "max_orders_per_second: 4 orders in 1s > limit 3");
    EXPECT_TRUE(submit(T0 + 1000 * kMs, "r5", TH_SIDE_BUY, fx(1), fx(10)));   // r1 left the window
    EXPECT_FALSE(submit(T0 + 1050 * kMs, "r6", TH_SIDE_BUY, fx(1), fx(10)));  // r2, r3, r5 inside
    EXPECT_TRUE(submit(T0 + 1100 * kMs, "r7", TH_SIDE_BUY, fx(1), fx(10)));   // r2 left
    EXPECT_TRUE(cancel(T0 + 1100 * kMs, "c1", "r7"));                         // cancels are not counted
    EXPECT_FALSE(replace(T0 + 1150 * kMs, "r3b", "r3", fx(2), fx(10)));      // replaces are
    EXPECT_EQ(h->metric("reject_max_orders_per_second"), 3);
}

TEST_F(Risk, OpenOrdersFollowExecutionReportsAndFills) {
    make({{"max_position", "100"}});
    EXPECT_TRUE(submit(T0, "o1", TH_SIDE_BUY, fx(100), fx(10)));
    EXPECT_FALSE(submit(T0, "x1", TH_SIDE_BUY, fx(1), fx(10)));
    report(T0 + kMs, "o1", TH_EXEC_NEW, TH_STATUS_NEW, fx(100), 0);
    // Partial fill: 40 in the position, 60 still open -> still 100 in all.
    report(T0 + 2 * kMs, "o1", TH_EXEC_PARTIAL_FILL, TH_STATUS_PARTIALLY_FILLED, fx(100), fx(40));
    fill(T0 + 2 * kMs, "o1", TH_SIDE_BUY, fx(40), fx(10));
    EXPECT_FALSE(submit(T0 + 3 * kMs, "x2", TH_SIDE_BUY, fx(1), fx(10)));
    // The last fill arrives before its report; nothing is counted twice.
    fill(T0 + 4 * kMs, "o1", TH_SIDE_BUY, fx(60), fx(10));
    report(T0 + 4 * kMs, "o1", TH_EXEC_FILL, TH_STATUS_FILLED, fx(100), fx(100));
    EXPECT_FALSE(submit(T0 + 5 * kMs, "x3", TH_SIDE_BUY, fx(1), fx(10)));
    EXPECT_EQ(last_reason, "max_position: projected position 101 > limit 100 on AAPL");

    // Sells: a venue reject or expiry frees the open quantity.
    EXPECT_TRUE(submit(T0 + 6 * kMs, "s1", TH_SIDE_SELL, fx(1), fx(10)));
    EXPECT_FALSE(submit(T0 + 6 * kMs, "s2", TH_SIDE_SELL, fx(200), fx(10)));  // 100 - 1 - 200
    report(T0 + 7 * kMs, "s1", TH_EXEC_REJECTED, TH_STATUS_REJECTED, fx(1), 0);
    EXPECT_TRUE(submit(T0 + 8 * kMs, "s3", TH_SIDE_SELL, fx(200), fx(10)));
    report(T0 + 9 * kMs, "s3", TH_EXEC_NEW, TH_STATUS_NEW, fx(200), 0);
    EXPECT_FALSE(submit(T0 + 10 * kMs, "s4", TH_SIDE_SELL, fx(1), fx(10)));
    report(T0 + 11 * kMs, "s3", TH_EXEC_EXPIRED, TH_STATUS_EXPIRED, fx(200), 0);
    EXPECT_TRUE(submit(T0 + 12 * kMs, "s5", TH_SIDE_SELL, fx(1), fx(10)));
}

TEST_F(Risk, ReplaceCountsTheLargerLegUntilTheVenueAnswers) {
    make({{"max_position", "100"}});
    EXPECT_TRUE(submit(T0, "o1", TH_SIDE_BUY, fx(50), fx(10)));
    report(T0, "o1", TH_EXEC_NEW, TH_STATUS_NEW, fx(50), 0);
    EXPECT_TRUE(replace(T0 + kMs, "o1r", "o1", fx(100), fx(10)));  // the old leg is taken out
    EXPECT_FALSE(submit(T0 + kMs, "x1", TH_SIDE_BUY, fx(1), fx(10)));
    report(T0 + 2 * kMs, "o1r", TH_EXEC_REJECTED, TH_STATUS_REJECTED, fx(100), 0);  // venue refused
    EXPECT_TRUE(submit(T0 + 3 * kMs, "x2", TH_SIDE_BUY, fx(50), fx(10)));  // 50 + 50
    EXPECT_FALSE(replace(T0 + 4 * kMs, "o1r2", "o1", fx(60), fx(10)));
    EXPECT_EQ(last_reason, "max_position: projected position 110 > limit 100 on AAPL");
    EXPECT_TRUE(replace(T0 + 5 * kMs, "o1r3", "o1", fx(10), fx(10)));  // reducing passes
    report(T0 + 6 * kMs, "o1r3", TH_EXEC_REPLACED, TH_STATUS_NEW, fx(10), 0);
    EXPECT_TRUE(submit(T0 + 7 * kMs, "x3", TH_SIDE_BUY, fx(40), fx(10)));  // 10 + 50 + 40
    EXPECT_FALSE(submit(T0 + 7 * kMs, "x4", TH_SIDE_BUY, fx(1), fx(10)));
    report(T0 + 8 * kMs, "o1r3", TH_EXEC_CANCELED, TH_STATUS_CANCELED, fx(10), 0);
    EXPECT_TRUE(submit(T0 + 9 * kMs, "x5", TH_SIDE_BUY, fx(10), fx(10)));
}

TEST_F(Risk, NegativeLimitsAreRefused) {
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    EXPECT_THROW(x->set("max_order_qty", "-1"), std::runtime_error);
    EXPECT_THROW(x->set("max_orders_per_second", "1.5"), std::runtime_error);
}

TEST_F(Risk, HotReloadCarriesPositionsOpenOrdersAndTheBreach) {
    const std::map<std::string, std::string> cfg = {{"max_position", "100"}, {"max_daily_loss", "100"}};
    make(cfg);
    quote(T0, fx(99), fx(101));
    fill(T0 + kMs, "ext", TH_SIDE_BUY, fx(60), fx(100));
    EXPECT_TRUE(submit(T0 + 2 * kMs, "o1", TH_SIDE_BUY, fx(40), fx(100)));
    quote(T0 + 3 * kMs, fx(97), fx(99));  // mid 98: loss 120 > 100, latched
    const std::string blob = h->snapshot();

    auto old = std::move(h);
    h = std::make_unique<Harness>(PLUGIN_PATH);
    for (const auto& kv : cfg) h->set(kv.first, kv.second);
    h->create();
    h->restore(blob);
    h->start();
    sym = h->intern("AAPL");
    quote(T0 + 4 * kMs, fx(99), fx(101));  // loss back to 0, but the breach holds today
    EXPECT_FALSE(submit(T0 + 5 * kMs, "n1", TH_SIDE_SELL, fx(1), fx(100)));
    EXPECT_EQ(last_reason, "max_daily_loss: day loss reached 120 > limit 100 today; blocked until the next UTC day");
    // Next day: the position (60) and the open buy (40) are still counted.
    EXPECT_FALSE(submit(kMidnight + kSec, "n2", TH_SIDE_BUY, fx(1), fx(100)));
    EXPECT_EQ(last_reason, "max_position: projected position 101 > limit 100 on AAPL");
    report(kMidnight + 2 * kSec, "o1", TH_EXEC_CANCELED, TH_STATUS_CANCELED, fx(40), 0);
    EXPECT_TRUE(submit(kMidnight + 3 * kSec, "n3", TH_SIDE_BUY, fx(40), fx(100)));
}

// --- Reconciliation with the venue's positions -------------------------------------------

TEST_F(Risk, PositionAtStartSetsThePositionTheLimitsMeasure) {
    // A restart: the venue holds -50 and says so at start; the gate starts flat.
    make({{"max_position", "100"}});
    position(T0, fx(-50), fx(100));
    EXPECT_EQ(h->metric("reconciled"), 1);
    EXPECT_FALSE(submit(T0 + kMs, "s1", TH_SIDE_SELL, fx(51), fx(100)));
    EXPECT_EQ(last_reason, "max_position: projected position 101 > limit 100 on AAPL");
    EXPECT_TRUE(submit(T0 + 2 * kMs, "b1", TH_SIDE_BUY, fx(150), fx(100)));  // -50 + 150 = 100
    const auto logs = h->log_lines();
    EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const std::string& l) {
        return l.rfind("info:", 0) == 0 && l.find("AAPL: position reconciled to the venue's -50 @ 100 (was 0 @ 0)") !=
                                                std::string::npos;
    }));
}

TEST_F(Risk, AFillFollowedByItsPositionEventCountsOnce) {
    make({{"max_position", "100"}});
    EXPECT_TRUE(submit(T0, "o1", TH_SIDE_BUY, fx(30), fx(100)));
    // What the paper venue publishes for one fill: fill, report, then the position after it.
    fill(T0 + kMs, "o1", TH_SIDE_BUY, fx(30), fx(100));
    report(T0 + kMs, "o1", TH_EXEC_FILL, TH_STATUS_FILLED, fx(30), fx(30));
    position(T0 + kMs, fx(30), fx(100));
    EXPECT_EQ(h->metric("reconciled"), 0) << "the position event agreed with the fill";
    EXPECT_TRUE(submit(T0 + 2 * kMs, "o2", TH_SIDE_BUY, fx(70), fx(100)));  // 30 + 70
    EXPECT_FALSE(submit(T0 + 3 * kMs, "x", TH_SIDE_BUY, fx(1), fx(100)));
    EXPECT_EQ(last_reason, "max_position: projected position 101 > limit 100 on AAPL");
    // A partial fill and its position event, twice.
    fill(T0 + 4 * kMs, "o2", TH_SIDE_BUY, fx(20), fx(110));
    position(T0 + 4 * kMs, fx(50), fx(104));  // (30*100 + 20*110) / 50
    fill(T0 + 5 * kMs, "o2", TH_SIDE_BUY, fx(50), fx(110));
    position(T0 + 5 * kMs, fx(100), fx(107));  // (50*104 + 50*110) / 100
    report(T0 + 5 * kMs, "o2", TH_EXEC_FILL, TH_STATUS_FILLED, fx(70), fx(70));
    EXPECT_EQ(h->metric("reconciled"), 0);
    EXPECT_FALSE(submit(T0 + 6 * kMs, "y", TH_SIDE_BUY, fx(1), fx(100)));
    EXPECT_TRUE(submit(T0 + 7 * kMs, "z", TH_SIDE_SELL, fx(200), fx(100)));  // 100 - 200 = -100
}

TEST_F(Risk, APositionEventReplacesWhatFillsAccumulated) {
    make({{"max_position", "100"}});
    fill(T0, "ext", TH_SIDE_BUY, fx(60), fx(100));  // the gate believes +60
    position(T0 + kMs, fx(10), fx(100));             // the venue says +10: it wins
    EXPECT_EQ(h->metric("reconciled"), 1);
    position(T0 + 2 * kMs, fx(10), fx(100));         // said again: nothing changes
    EXPECT_EQ(h->metric("reconciled"), 1);
    EXPECT_TRUE(submit(T0 + 3 * kMs, "b1", TH_SIDE_BUY, fx(90), fx(100)));
    EXPECT_FALSE(submit(T0 + 4 * kMs, "b2", TH_SIDE_BUY, fx(1), fx(100)));
    // Fills keep moving it between position events: a sell of 30 takes it to -20.
    report(T0 + 5 * kMs, "b1", TH_EXEC_CANCELED, TH_STATUS_CANCELED, fx(90), 0);
    fill(T0 + 6 * kMs, "ext2", TH_SIDE_SELL, fx(30), fx(100));
    EXPECT_TRUE(submit(T0 + 7 * kMs, "s1", TH_SIDE_SELL, fx(80), fx(100)));  // -20 - 80
    EXPECT_FALSE(submit(T0 + 8 * kMs, "s2", TH_SIDE_SELL, fx(1), fx(100)));
    // The average price alone differing is a reconciliation too.
    position(T0 + 9 * kMs, fx(-20), fx(99));
    EXPECT_EQ(h->metric("reconciled"), 2);
}

TEST_F(Risk, ExposureUsesTheReconciledPositionAndTheVenueMark) {
    make({{"max_instrument_exposure", "10000"}});
    // Long 50 @ 100, which the venue values at 180 (unrealized 4000); the gate has no quote yet.
    position(T0, fx(50), fx(100), fx(4000));
    // Position notional 50 * 180 = 9000: a buy of 5 @ 200 makes 10000, 6 would make 10200.
    EXPECT_TRUE(submit(T0 + kMs, "b1", TH_SIDE_BUY, fx(5), fx(200)));
    EXPECT_FALSE(submit(T0 + 2 * kMs, "b2", TH_SIDE_BUY, fx(1), fx(200)));
    EXPECT_EQ(last_reason, "max_instrument_exposure: exposure 10200 > limit 10000 on AAPL");
    // A quote takes over from the venue's mark: mid 100 -> 5000 + 1000 open.
    quote(T0 + 3 * kMs, fx(99), fx(101));
    EXPECT_TRUE(submit(T0 + 4 * kMs, "b3", TH_SIDE_BUY, fx(20), fx(200)));
}

TEST_F(Risk, AReconciliationIsNeitherADayLossNorADayGain) {
    make({{"max_daily_loss", "1000"}});
    // At restart the venue is short 100 @ 100, valued at 130: -3000 made before this session.
    position(T0, fx(-100), fx(100), fx(-3000));
    EXPECT_TRUE(submit(T0 + kMs, "n1", TH_SIDE_BUY, fx(1), fx(100)));
    // The first quote moves it by 100 (mid 131): that loss is the day's.
    quote(T0 + 2 * kMs, fx(130), fx(132));
    EXPECT_TRUE(submit(T0 + 3 * kMs, "n2", TH_SIDE_BUY, fx(1), fx(100)));
    // A position that agrees changes nothing; one that differs moves the basis with it.
    position(T0 + 4 * kMs, fx(-100), fx(100), fx(-3100));
    position(T0 + 5 * kMs, fx(-40), fx(90));  // valued at 131 now: -1640 instead of -3100
    EXPECT_TRUE(submit(T0 + 6 * kMs, "n3", TH_SIDE_BUY, fx(1), fx(100)));
    // From here price moves count: 100 so far, + 40 * 20 = 900, + 40 * 3 = 1020 > 1000.
    quote(T0 + 7 * kMs, fx(150), fx(152));
    EXPECT_TRUE(submit(T0 + 8 * kMs, "n4", TH_SIDE_BUY, fx(1), fx(100)));
    quote(T0 + 9 * kMs, fx(153), fx(155));
    EXPECT_FALSE(submit(T0 + 10 * kMs, "n5", TH_SIDE_BUY, fx(1), fx(100)));
    EXPECT_EQ(last_reason, "max_daily_loss: day loss 1020 > limit 1000");
}

TEST_F(Risk, PositionEventsOfOtherInstrumentsAndInstrumentZero) {
    make({{"max_position", "100"}});
    const th_instrument msft = h->intern("MSFT");
    position(T0, fx(-90), fx(300), 0, msft);
    position(T0, 0, 0);  // AAPL flat, as the gate already believes
    EXPECT_EQ(h->metric("reconciled"), 1);
    EXPECT_TRUE(submit(T0 + kMs, "a", TH_SIDE_BUY, fx(100), fx(10)));
    EXPECT_FALSE(submit(T0 + kMs, "m", TH_SIDE_SELL, fx(11), fx(300), msft));
    auto zero = tradehost::make_event<th_position>(T0);
    zero.qty = fx(5);
    EXPECT_EQ(h->send("positions", zero), TH_OK);
    EXPECT_EQ(h->metric("reconciled"), 1);
    auto wrong = tradehost::make_event<th_fill>(T0);
    EXPECT_EQ(h->send("positions", wrong), TH_ERR_INVALID_ARGUMENT);
    EXPECT_NE(h->last_error().find("positions"), std::string::npos);
}

TEST_F(Risk, HotReloadCarriesTheReconciledPositionAndVenueMark) {
    const std::map<std::string, std::string> cfg = {{"max_instrument_exposure", "10000"}};
    make(cfg);
    position(T0, fx(50), fx(100), fx(4000));  // valued at 180
    const std::string blob = h->snapshot();
    auto old = std::move(h);
    h = std::make_unique<Harness>(PLUGIN_PATH);
    for (const auto& kv : cfg) h->set(kv.first, kv.second);
    h->create();
    h->restore(blob);
    h->start();
    sym = h->intern("AAPL");
    EXPECT_TRUE(submit(T0 + kMs, "b1", TH_SIDE_BUY, fx(5), fx(200)));
    EXPECT_FALSE(submit(T0 + 2 * kMs, "b2", TH_SIDE_BUY, fx(1), fx(200)));
    EXPECT_EQ(last_reason, "max_instrument_exposure: exposure 10200 > limit 10000 on AAPL");
}
