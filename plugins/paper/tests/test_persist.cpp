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
