// persist=true: a restart continues with the same positions, resting orders, cash and ids.
#include "paper_fixture.hpp"

using namespace paper_test;

TEST_F(Paper, PersistedStateSurvivesARestart) {
    const std::map<std::string, std::string> cfg = {{"persist", "true"}, {"fee_per_unit", "0.01"}};
    make(cfg);
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    market(T0 + kMs, "b1", TH_SIDE_BUY, fx(10));               // long 10 @ 101
    limit(T0 + 2 * kMs, "rest", TH_SIDE_SELL, fx(4), fx(110));  // resting sell
    limit(T0 + 3 * kMs, "day", TH_SIDE_BUY, fx(1), fx(50), TH_TIF_DAY);
    ASSERT_FALSE(h->state().empty());
    h->stop();
    const std::map<std::string, std::string> saved = h->state();
    h.reset();

    // A second process: other interning order, next session.
    auto h2 = fresh(cfg, &saved, 2);
    th_instrument other = h2->intern("MSFT");
    th_instrument aapl = h2->intern("AAPL");
    EXPECT_NE(other, aapl);

    // start() told downstream what the venue holds (see StartPublishesLoadedPositions).
    ASSERT_EQ(h2->take<th_position>("positions").size(), 1u);
    ASSERT_EQ(h2->take<th_balance>("balances").size(), 1u);

    // The resting sell is still there and fills under its old ids; counters continue.
    quote_on(*h2, aapl, T0 + 4 * kMs, fx(111), fx(1000), fx(112), fx(1000));
    auto fs = h2->take<th_fill>("fills");
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_STREQ(fs[0].client_order_id, "rest");
    EXPECT_EQ(fs[0].instrument, aapl);
    EXPECT_EQ(fs[0].px, fx(110));
    EXPECT_STREQ(fs[0].venue_order_id, "test-1-O2");   // assigned in session 1
    EXPECT_STREQ(fs[0].fill_id, "test-2-F2");          // second fill overall, session 2

    auto ps = h2->take<th_position>("positions");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].qty, fx(6));
    EXPECT_EQ(ps[0].avg_px, fx(101));
    EXPECT_EQ(ps[0].realized_pnl, fx("35.86"));  // 4 * 9 - fees 0.1 - 0.04
    auto bs = h2->take<th_balance>("balances");
    ASSERT_EQ(bs.size(), 1u);
    EXPECT_EQ(bs[0].total, fx("99429.86"));  // 100000 - 1010.1 + 440 - 0.04

    // Ids already used before the restart stay used; the DAY order still expires.
    auto dup = request(aapl, T0 + 5 * kMs, "b1", TH_SIDE_BUY, TH_ORDER_LIMIT, fx(1), fx(1));
    ASSERT_EQ(h2->send("orders", dup), TH_OK);
    auto rs = h2->take<th_execution_report>("exec_reports");
    ASSERT_EQ(rs.size(), 2u);  // fill of "rest", then the duplicate's reject
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(rs[1].reason, "duplicate client_order_id b1");
    quote_on(*h2, aapl, kMidnight + kSec, fx(111), fx(1000), fx(112), fx(1000));
    rs = h2->take<th_execution_report>("exec_reports");
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_EXPIRED);
    EXPECT_STREQ(rs[0].client_order_id, "day");

    // A new order gets the next venue order number.
    auto nw = request(aapl, kMidnight + 2 * kSec, "n1", TH_SIDE_SELL, TH_ORDER_LIMIT, fx(1), fx(200));
    ASSERT_EQ(h2->send("orders", nw), TH_OK);
    rs = h2->take<th_execution_report>("exec_reports");
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_STREQ(rs[0].venue_order_id, "test-2-O4");
}

TEST_F(Paper, PendingLatencyRequestsArePersisted) {
    const std::map<std::string, std::string> cfg = {{"persist", "true"}, {"latency", "1s"}};
    make(cfg);
    limit(T0, "late", TH_SIDE_BUY, fx(1), fx(90));
    EXPECT_TRUE(reports().empty());
    h->stop();
    const auto saved = h->state();
    h.reset();
    auto h2 = fresh(cfg, &saved, 2);
    quote_on(*h2, h2->intern("AAPL"), T0 + 2 * kSec, fx(89), fx(10), fx(89), fx(10));
    auto rs = h2->take<th_execution_report>("exec_reports");
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
    EXPECT_EQ(rs[0].hdr.ts, T0 + kSec);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_FILL);
}

TEST_F(Paper, WithoutPersistNothingIsStoredOrLoaded) {
    make();
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    market(T0 + kMs, "b1", TH_SIDE_BUY, fx(10));
    h->stop();
    EXPECT_TRUE(h->state().empty());
}

TEST_F(Paper, CorruptStateFailsStart) {
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    x->set("persist", "true");
    x->state()["paper_state"] = "garbage";
    x->create();
    EXPECT_THROW(x->start(), std::runtime_error);
}

TEST_F(Paper, HotReloadSnapshotRestoreKeepsOrdersAndPositions) {
    make();
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    market(T0 + kMs, "b1", TH_SIDE_BUY, fx(10));
    limit(T0 + 2 * kMs, "rest", TH_SIDE_SELL, fx(4), fx(110));
    h->stop();
    const std::string blob = h->snapshot();

    // The new build: created, restored before start, then started. With persist on, the
    // restored state wins over an older persisted one.
    auto h2 = std::make_unique<Harness>(PLUGIN_PATH);
    h2->set("persist", "true");
    h2->state()["paper_state"] = "stale";
    h2->create();
    h2->restore(blob);
    h2->start();
    // The restored position is published at start, before any event.
    auto at_start = h2->take<th_position>("positions");
    ASSERT_EQ(at_start.size(), 1u);
    EXPECT_EQ(h2->symbol(at_start[0].instrument), "AAPL");
    EXPECT_EQ(at_start[0].qty, fx(10));
    EXPECT_EQ(h2->take<th_balance>("balances").size(), 1u);
    quote_on(*h2, h2->intern("AAPL"), T0 + 3 * kMs, fx(111), fx(1000), fx(112), fx(1000));
    auto fs = h2->take<th_fill>("fills");
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_STREQ(fs[0].client_order_id, "rest");
    EXPECT_STREQ(fs[0].fill_id, "test-1-F2");
    auto ps = h2->take<th_position>("positions");
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].qty, fx(6));
    EXPECT_EQ(ps[0].realized_pnl, fx(36));
}

// After a restart the venue publishes what it holds before it processes anything, so that
// strategies and risk gates (which start flat) reconcile to the venue's positions.
TEST_F(Paper, StartPublishesLoadedPositionsAndBalanceBeforeAnyOrder) {
    const std::map<std::string, std::string> cfg = {{"persist", "true"}};
    make(cfg);
    const th_instrument msft = h->intern("MSFT");
    const th_instrument ibm = h->intern("IBM");
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    quote_on(*h, msft, T0, fx(300), fx(1000), fx(301), fx(1000));
    quote_on(*h, ibm, T0, fx(150), fx(1000), fx(151), fx(1000));
    market(T0 + kMs, "s1", TH_SIDE_SELL, fx(50));  // short 50 AAPL @ 100
    send(request(msft, T0 + 2 * kMs, "b1", TH_SIDE_BUY, TH_ORDER_MARKET, fx(20)));  // long 20 MSFT @ 301
    send(request(ibm, T0 + 3 * kMs, "b2", TH_SIDE_BUY, TH_ORDER_MARKET, fx(5)));    // IBM: round trip,
    send(request(ibm, T0 + 4 * kMs, "s2", TH_SIDE_SELL, TH_ORDER_MARKET, fx(5)));   // flat again
    limit(T0 + 5 * kMs, "rest", TH_SIDE_BUY, fx(10), fx(90));  // resting buy reserves 900
    h->stop();
    const auto saved = h->state();
    h.reset();

    // Next session; symbols interned in another order. Nothing is sent: start alone publishes.
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    for (const auto& kv : cfg) x->set(kv.first, kv.second);
    x->state() = saved;
    x->set_session_id(2);
    const th_instrument ibm2 = x->intern("IBM"), msft2 = x->intern("MSFT"), aapl2 = x->intern("AAPL");
    x->create();
    EXPECT_TRUE(x->published().empty()) << "nothing is published before start";
    x->start();

    // Positions first (every non-zero one, the flat IBM left out), then one balance.
    const auto all = x->published();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].port, "positions");
    EXPECT_EQ(all[1].port, "positions");
    EXPECT_EQ(all[2].port, "balances");
    auto ps = x->take<th_position>("positions");
    ASSERT_EQ(ps.size(), 2u);
    std::map<th_instrument, th_position> by_id;
    for (const auto& p : ps) by_id[p.instrument] = p;
    EXPECT_EQ(by_id.count(ibm2), 0u);
    ASSERT_EQ(by_id.count(aapl2), 1u);
    ASSERT_EQ(by_id.count(msft2), 1u);
    EXPECT_EQ(by_id[aapl2].qty, -fx(50));
    EXPECT_EQ(by_id[aapl2].avg_px, fx(100));
    EXPECT_EQ(by_id[aapl2].unrealized_pnl, -fx(25));  // -50 * (100.5 - 100)
    EXPECT_EQ(by_id[msft2].qty, fx(20));
    EXPECT_EQ(by_id[msft2].avg_px, fx(301));
    EXPECT_EQ(by_id[aapl2].hdr.ts, T0 + 5 * kMs) << "stamped with the venue time of the saved state";
    auto bs = x->take<th_balance>("balances");
    ASSERT_EQ(bs.size(), 1u);
    // 100000 + 5000 - 6020 + 5 * (150 - 151) = 98975; 900 reserved by the resting buy.
    EXPECT_EQ(bs[0].total, fx(98975));
    EXPECT_EQ(bs[0].available, fx(98075));
    EXPECT_STREQ(bs[0].currency, "USD");
    EXPECT_TRUE(x->take<th_execution_report>("exec_reports").empty());
    EXPECT_TRUE(x->take<th_fill>("fills").empty());
}

TEST_F(Paper, StartPublishesOnlyTheBalanceWhenTheLoadedStateIsFlat) {
    const std::map<std::string, std::string> cfg = {{"persist", "true"}};
    make(cfg);
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    market(T0 + kMs, "b1", TH_SIDE_BUY, fx(10));
    market(T0 + 2 * kMs, "s1", TH_SIDE_SELL, fx(10));
    h->stop();
    const auto saved = h->state();
    h.reset();
    auto x = fresh(cfg, &saved, 2);
    EXPECT_TRUE(x->take<th_position>("positions").empty());
    auto bs = x->take<th_balance>("balances");
    ASSERT_EQ(bs.size(), 1u);
    EXPECT_EQ(bs[0].total, fx(99990));  // bought at 101, sold at 100
}

TEST_F(Paper, AFreshStartPublishesNothing) {
    make({{"persist", "true"}});  // persist on, but no saved state yet
    EXPECT_TRUE(h->published().empty());
    make();
    EXPECT_TRUE(h->published().empty());
}

TEST_F(Paper, StartDoesNotPublishAPersistedStateWhenPersistIsOff) {
    const std::map<std::string, std::string> cfg = {{"persist", "true"}};
    make(cfg);
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    market(T0 + kMs, "s1", TH_SIDE_SELL, fx(50));
    h->stop();
    const auto saved = h->state();
    h.reset();
    auto x = fresh({}, &saved, 2);  // the state exists, but this instance does not load it
    EXPECT_TRUE(x->published().empty());
}
