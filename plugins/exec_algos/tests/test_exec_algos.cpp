// exec_algos through the plugin ABI (the SDK's harness): parents in, children out on
// schedule, lot and tick rounding, the cancel cascade, rejects, targets, POV, iceberg,
// sniper, and a restart in the middle of a parent.
#include "exec_fixture.hpp"

#include <cmath>
#include <cstring>
#include <numeric>

using namespace exec_test;

namespace {

th_instrument_info lots_and_ticks(th_fixed lot, th_fixed tick) {
    th_instrument_info i;
    std::memset(&i, 0, sizeof i);
    i.size = sizeof i;
    i.lot_size = lot;
    i.tick_size = tick;
    return i;
}

th_fixed total_qty(const std::vector<th_order_request>& v) {
    th_fixed q = 0;
    for (const auto& r : v)
        if (r.action == TH_ORDER_NEW) q += r.qty;
    return q;
}

}  // namespace

TEST_F(Exec, TwapSendsEqualSlicesAtTheSliceTimes) {
    make({{"duration", "10m"}, {"slices", "10"}, {"child_price", "market"}});
    quote(T0, 100 * U, 100 * U + U / 100);
    send_parent(T0, "s-1@twap", TH_SIDE_BUY, 1000 * U);
    auto r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_NEW);
    EXPECT_EQ(id_of(r[0].client_order_id), "s-1@twap");
    auto c = children();
    ASSERT_EQ(c.size(), 1u);  // slice 0 at once
    EXPECT_EQ(c[0].qty, 100 * U);
    EXPECT_EQ(c[0].order_type, TH_ORDER_MARKET);
    EXPECT_EQ(id_of(c[0].client_order_id), "test-1-c1");
    fill(c[0], T0, 100 * U, 100 * U, 100 * U);
    // Quotes inside slice 0 send nothing more; each later slice sends 100.
    quote(T0 + 30 * kSec, 100 * U, 100 * U + U / 100);
    EXPECT_TRUE(children().empty());
    for (int k = 1; k < 10; ++k) {
        quote(T0 + k * kMin, 100 * U, 100 * U + U / 100);
        c = children();
        ASSERT_EQ(c.size(), 1u) << k;
        EXPECT_EQ(c[0].qty, 100 * U) << k;
        fill(c[0], T0 + k * kMin, 100 * U, (100 + k) * U, 100 * U);
    }
    r = reports();
    ASSERT_FALSE(r.empty());
    EXPECT_EQ(r.back().exec_type, TH_EXEC_FILL);
    EXPECT_EQ(r.back().cum_qty, 1000 * U);
    EXPECT_EQ(r.back().avg_px, 10450000000);  // (100 + 101 + ... + 109) / 10 = 104.5
    const auto pf = parent_fills();
    ASSERT_EQ(pf.size(), 10u);
    EXPECT_EQ(id_of(pf[3].client_order_id), "s-1@twap");
    EXPECT_EQ(id_of(pf[3].venue_order_id), "test-1-c4");
    quote(T0 + 20 * kMin, 100 * U, 100 * U + U / 100);
    EXPECT_TRUE(children().empty());
}

TEST_F(Exec, ChildrenRespectLotsAndTicks) {
    const th_instrument_info info = lots_and_ticks(10 * U, 5 * U / 100);  // lot 10, tick 0.05
    make({{"duration", "3m"}, {"slices", "3"}, {"child_price", "aggressive"}}, nullptr, 1, &info);
    quote(T0, 100 * U + 2 * U / 100, 100 * U + 3 * U / 100);  // 100.02 / 100.03: off the grid
    send_parent(T0, "odd@twap", TH_SIDE_BUY, 95 * U);
    auto r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_NE(std::string(r[0].reason).find("lot_size"), std::string::npos) << r[0].reason;
    send_parent(T0, "b@twap", TH_SIDE_BUY, 100 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    // 100 in lots of 10 over 3 slices: floor(10/3) = 3 lots first.
    EXPECT_EQ(c[0].qty, 30 * U);
    EXPECT_EQ(c[0].limit_px, 100 * U + 5 * U / 100);  // the ask rounded up to the tick: crosses
    EXPECT_EQ(c[0].tif, TH_TIF_IOC);
    fill(c[0], T0, 30 * U, 100 * U + 5 * U / 100, 30 * U);
    quote(T0 + kMin, 100 * U + 2 * U / 100, 100 * U + 3 * U / 100);
    c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].qty, 30 * U);  // floor(20/3) = 6 lots in all
    // A sell rounds its far touch (the bid) down.
    send_parent(T0 + kMin, "s@twap", TH_SIDE_SELL, 60 * U);
    c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].side, TH_SIDE_SELL);
    EXPECT_EQ(c[0].qty, 20 * U);
    EXPECT_EQ(c[0].limit_px, 100 * U);
}

TEST_F(Exec, PassiveChildrenJoinTheNearTouchAndExpire) {
    const th_instrument_info info = lots_and_ticks(U, U / 100);
    make({{"duration", "2m"}, {"slices", "2"}, {"child_price", "passive"}, {"child_ttl", "30s"}}, nullptr, 1, &info);
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "p@twap", TH_SIDE_BUY, 10 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].limit_px, 99 * U);
    EXPECT_EQ(c[0].tif, TH_TIF_DAY);
    report(c[0], T0, TH_EXEC_NEW, 0);
    // Past the TTL the child is pulled; once the venue confirms, its quantity goes out again.
    quote(T0 + 31 * kSec, 99 * U, 101 * U);
    auto x = children();
    ASSERT_EQ(x.size(), 1u);
    EXPECT_EQ(x[0].action, TH_ORDER_CANCEL);
    EXPECT_EQ(id_of(x[0].orig_client_order_id), id_of(c[0].client_order_id));
    report(c[0], T0 + 31 * kSec, TH_EXEC_CANCELED, 0);
    EXPECT_TRUE(children().empty());
    quote(T0 + 32 * kSec, 99 * U, 101 * U);
    auto again = children();
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].action, TH_ORDER_NEW);
    EXPECT_EQ(again[0].qty, 5 * U);
}

TEST_F(Exec, CancellingTheParentCancelsItsChildren) {
    make({{"duration", "2m"}, {"slices", "2"}, {"child_price", "passive"}, {"child_ttl", "0"}});
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "c@twap", TH_SIDE_BUY, 10 * U);
    quote(T0 + kMin, 99 * U, 101 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 2u);
    report(c[0], T0, TH_EXEC_NEW, 0);
    fill(c[1], T0 + kMin, 2 * U, 99 * U, 2 * U);  // partly filled
    reports();
    cancel_parent(T0 + kMin + kSec, "c@twap");
    auto x = children();
    ASSERT_EQ(x.size(), 2u);
    for (const auto& r : x) EXPECT_EQ(r.action, TH_ORDER_CANCEL);
    EXPECT_TRUE(reports().empty());  // cancelled only once every child is done
    report(c[0], T0 + kMin + kSec, TH_EXEC_CANCELED, 0);
    EXPECT_TRUE(reports().empty());
    report(c[1], T0 + kMin + kSec, TH_EXEC_CANCELED, 2 * U);
    auto r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(r[0].cum_qty, 2 * U);
    EXPECT_EQ(r[0].leaves_qty, 0);
    // Nothing more is sent for it, and a cancel of an unknown parent is refused.
    quote(T0 + 5 * kMin, 99 * U, 101 * U);
    EXPECT_TRUE(children().empty());
    cancel_parent(T0 + 5 * kMin, "c@twap");
    r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_REJECTED);
}

TEST_F(Exec, RejectedChildrenInARowCancelTheParent) {
    make({{"duration", "1m"}, {"slices", "1"}, {"child_price", "market"}, {"max_child_rejects", "2"}});
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "r@twap", TH_SIDE_BUY, 10 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    report(c[0], T0, TH_EXEC_REJECTED, 0, "max_order_qty: qty 10 > limit 5");
    EXPECT_TRUE(children().empty());  // not in answer to the report
    quote(T0 + kSec, 99 * U, 101 * U);
    c = children();
    ASSERT_EQ(c.size(), 1u);  // sent again on the next quote
    report(c[0], T0 + kSec, TH_EXEC_REJECTED, 0, "max_order_qty: qty 10 > limit 5");
    auto r = reports();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[1].exec_type, TH_EXEC_CANCELED);
    EXPECT_NE(std::string(r[1].reason).find("child rejected: max_order_qty"), std::string::npos) << r[1].reason;
    EXPECT_TRUE(children().empty());
}

TEST_F(Exec, PovTradesItsShareOfTheVolume) {
    make({{"default_algo", "pov"}, {"pov_rate", "0.2"}, {"child_price", "market"}});
    quote(T0, 99 * U, 101 * U);
    trade(T0, 100 * U, 1000 * U);  // before the parent: not counted
    send_parent(T0, "v-1", TH_SIDE_SELL, 100 * U);
    EXPECT_TRUE(children().empty());
    const th_fixed prints[] = {50, 100, 200, 300};
    const th_fixed expect[] = {10, 20, 40, 30};  // 20% of 50, 150, 350, 650 (capped at 100)
    for (int i = 0; i < 4; ++i) {
        trade(T0 + (i + 1) * kSec, 100 * U, prints[i] * U);
        auto c = children();
        ASSERT_EQ(c.size(), 1u) << i;
        EXPECT_EQ(c[0].qty, expect[i] * U) << i;
        fill(c[0], T0 + (i + 1) * kSec, c[0].qty, 100 * U, c[0].qty);
    }
    auto r = reports();
    EXPECT_EQ(r.back().exec_type, TH_EXEC_FILL);
}

TEST_F(Exec, IcebergShowsOneSliceAtATime) {
    make({{"display_qty", "25"}});
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "ice@iceberg", TH_SIDE_BUY, 60 * U, 100 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].qty, 25 * U);
    EXPECT_EQ(c[0].limit_px, 100 * U);
    fill(c[0], T0 + kSec, 10 * U, 100 * U, 10 * U);
    EXPECT_TRUE(children().empty());  // still showing
    fill(c[0], T0 + 2 * kSec, 15 * U, 100 * U, 25 * U);
    c = children();
    ASSERT_EQ(c.size(), 1u);  // refreshed
    EXPECT_EQ(c[0].qty, 25 * U);
    fill(c[0], T0 + 3 * kSec, 25 * U, 100 * U, 25 * U);
    c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].qty, 10 * U);  // the rest
    // An iceberg needs its price.
    send_parent(T0, "ice2@iceberg", TH_SIDE_BUY, 60 * U);
    auto r = reports();
    EXPECT_EQ(r.back().exec_type, TH_EXEC_REJECTED);
}

TEST_F(Exec, SniperTakesWhenTheBookShowsThePriceAndSize) {
    const th_instrument_info info = lots_and_ticks(U, U / 100);
    make({}, nullptr, 1, &info);
    quote(T0, 99 * U, 101 * U, 500 * U);
    send_parent(T0, "sn@sniper", TH_SIDE_BUY, 300 * U, 100 * U);
    EXPECT_TRUE(children().empty());  // the ask is above the limit
    // A book with 120 at 99.98 and 80 at 100.00 (and more above): 200 is takeable.
    th_book b;
    std::memset(&b, 0, sizeof b);
    b.hdr = tradehost::make_event<th_book>(T0 + kSec).hdr;
    b.instrument = sym;
    b.snapshot = 1;
    b.bid_count = 1;
    b.ask_count = 3;
    b.levels[0] = {99 * U, 50 * U};
    b.levels[1] = {9998000000, 120 * U};
    b.levels[2] = {100 * U, 80 * U};
    b.levels[3] = {10001000000, 1000 * U};
    tradehost::finish_book(b);
    ASSERT_EQ(h->send("books", b.hdr), TH_OK) << h->last_error();
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].qty, 200 * U);
    EXPECT_EQ(c[0].limit_px, 100 * U);
    EXPECT_EQ(c[0].tif, TH_TIF_IOC);
    fill(c[0], T0 + kSec, 200 * U, 9999000000, 200 * U);
    EXPECT_TRUE(children().empty());  // the book still shows what was just taken: the next one decides
    b.hdr.ts = T0 + 2 * kSec;
    b.ask_count = 1;
    b.levels[1] = {100 * U, 500 * U};
    tradehost::finish_book(b);
    ASSERT_EQ(h->send("books", b.hdr), TH_OK) << h->last_error();
    c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].qty, 100 * U);
}

TEST_F(Exec, TargetsBecomeParentsForTheDifference) {
    make({{"duration", "1m"}, {"slices", "1"}, {"child_price", "market"}});
    quote(T0, 99 * U, 101 * U);
    auto pos = tradehost::make_event<th_position>(T0);
    pos.instrument = sym;
    pos.qty = 40 * U;
    ASSERT_EQ(h->send("positions", pos), TH_OK);
    auto t = tradehost::make_event<th_target>(T0);
    t.instrument = sym;
    t.kind = TH_TARGET_QTY;
    t.value = -60 * U;
    tradehost::copy_str(t.strategy, "momentum@twap");
    ASSERT_EQ(h->send("targets", t), TH_OK) << h->last_error();
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].side, TH_SIDE_SELL);
    EXPECT_EQ(c[0].qty, 100 * U);
    auto r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(id_of(r[0].client_order_id), "test-1-p1");
    fill(c[0], T0, 100 * U, 99 * U, 100 * U);
    // Reached: the same target again sends nothing.
    t.hdr.ts = T0 + kSec;
    ASSERT_EQ(h->send("targets", t), TH_OK);
    EXPECT_TRUE(children().empty());
    // A weight needs a portfolio value: refused with a warning, nothing sent.
    t.kind = TH_TARGET_WEIGHT;
    ASSERT_EQ(h->send("targets", t), TH_OK);
    EXPECT_TRUE(children().empty());
    EXPECT_EQ(h->metric("targets_unsupported"), 1);
}

TEST_F(Exec, ARestartMidParentResumesWithoutSendingAChildTwice) {
    const std::map<std::string, std::string> cfg = {{"duration", "4m"}, {"slices", "4"}, {"child_price", "market"}};
    make(cfg);
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "rs@twap", TH_SIDE_BUY, 400 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    fill(c[0], T0, 100 * U, 100 * U, 100 * U);
    quote(T0 + kMin, 99 * U, 101 * U);
    auto c2 = children();
    ASSERT_EQ(c2.size(), 1u);  // the second child is out but the host stops before its fill
    const auto saved = h->state();
    ASSERT_TRUE(saved.count("engine"));
    h.reset();

    make(cfg, &saved, 2);
    // The same slice's quote again sends nothing: the child is already out.
    quote(T0 + kMin + kSec, 99 * U, 101 * U);
    EXPECT_TRUE(children().empty());
    fill(c2[0], T0 + kMin + kSec, 100 * U, 101 * U, 100 * U);
    quote(T0 + 2 * kMin, 99 * U, 101 * U);
    auto c3 = children();
    ASSERT_EQ(c3.size(), 1u);
    EXPECT_EQ(id_of(c3[0].client_order_id), "test-2-c3");  // new session, counter kept
    fill(c3[0], T0 + 2 * kMin, 100 * U, 101 * U, 100 * U);
    quote(T0 + 3 * kMin, 99 * U, 101 * U);
    auto c4 = children();
    ASSERT_EQ(c4.size(), 1u);
    fill(c4[0], T0 + 3 * kMin, 100 * U, 101 * U, 100 * U);
    auto r = reports();
    ASSERT_FALSE(r.empty());
    EXPECT_EQ(r.back().exec_type, TH_EXEC_FILL);
    EXPECT_EQ(r.back().cum_qty, 400 * U);
    EXPECT_EQ(total_qty(c) + total_qty(c2) + total_qty(c3) + total_qty(c4), 400 * U);
    // A duplicate parent id after the restart is refused.
    send_parent(T0 + 4 * kMin, "rs@twap", TH_SIDE_BUY, 400 * U);
    r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_REJECTED);
}

// Issue 18: the saved state (version 2) keeps each parent's cause, so the children a parent
// sends after a restart still name the order request (or target) it works; a version 1 blob
// from before still loads, its parents' cause 0.
TEST_F(Exec, ARestartKeepsTheParentsCauseAndAVersion1StateStillLoads) {
    const std::map<std::string, std::string> cfg = {{"duration", "4m"}, {"slices", "4"}, {"child_price", "market"}};
    constexpr uint64_t kCause = 0x1122334455667788;  // a byte pattern found once in the blob
    make(cfg);
    quote(T0, 99 * U, 101 * U);
    auto p = parent(sym, T0, "cz@twap", TH_SIDE_BUY, 400 * U);
    p.decision_id = kCause;
    ASSERT_EQ(h->send("orders", p), TH_OK) << h->last_error();
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].cause_id, kCause);
    fill(c[0], T0, 100 * U, 100 * U, 100 * U);
    const auto saved = h->state();
    h.reset();

    make(cfg, &saved, 2);
    quote(T0 + kMin, 99 * U, 101 * U);
    auto c2 = children();
    ASSERT_EQ(c2.size(), 1u);
    EXPECT_EQ(c2[0].cause_id, kCause);  // 0 before version 2
    h.reset();

    // The same state as version 1 wrote it: no cause after each parent's children.
    std::string v1 = saved.at("engine");
    const char pattern[] = {'\x88', '\x77', '\x66', '\x55', '\x44', '\x33', '\x22', '\x11'};
    const size_t at = v1.find(std::string(pattern, sizeof pattern));
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(v1.find(std::string(pattern, sizeof pattern), at + 1), std::string::npos);
    v1.erase(at, sizeof pattern);
    ASSERT_EQ(v1[4], '\x02');  // the version, after the magic (little-endian u32)
    v1[4] = '\x01';
    auto old = saved;
    old["engine"] = v1;
    make(cfg, &old, 2);
    quote(T0 + kMin, 99 * U, 101 * U);
    auto c3 = children();
    ASSERT_EQ(c3.size(), 1u);  // resumed as before: the second slice
    EXPECT_EQ(c3[0].qty, c2[0].qty);
    EXPECT_EQ(c3[0].cause_id, 0u);
}

TEST_F(Exec, ACorruptStateStopsTheStart) {
    std::map<std::string, std::string> bad = {{"engine", "garbage"}};
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    x->state() = bad;
    x->create();
    try {
        x->start();
        ADD_FAILURE() << "started on a corrupt state";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("saved parent orders unreadable"), std::string::npos) << e.what();
    }
}

TEST_F(Exec, BadConfigNamesTheKey) {
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    x->set("default_algo", "moonshot");
    try {
        x->create();
        ADD_FAILURE() << "created";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("default_algo: 'moonshot'"), std::string::npos) << e.what();
    }
}

TEST_F(Exec, ImplementationShortfallFrontLoads) {
    make({{"default_algo", "is"}, {"duration", "10s"}, {"slices", "10"}, {"child_price", "market"},
          {"is_risk_aversion", "2e-6"}, {"is_volatility", "0.3"}, {"is_temp_impact", "2.5e-6"}});
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "is-1", TH_SIDE_BUY, 10000 * U);
    std::vector<th_fixed> sizes;
    for (int k = 0; k < 10; ++k) {
        if (k > 0) quote(T0 + k * kSec, 99 * U, 101 * U);
        auto c = children();
        ASSERT_EQ(c.size(), 1u) << k;
        sizes.push_back(c[0].qty);
        fill(c[0], T0 + k * kSec, c[0].qty, 100 * U, c[0].qty);
    }
    // κ from the discrete relation; n_1 = X (1 − sinh(κ(T − τ)) / sinh(κT)), floored to a unit.
    const double kappa = std::acosh(1 + (2e-6 * 0.09 / 2.5e-6) / 2);
    const double first = 10000 * (1 - std::sinh(kappa * 9) / std::sinh(kappa * 10));
    EXPECT_NEAR(tradehost::to_double(sizes[0]), first, 1e-7);
    EXPECT_GT(sizes[0], sizes[9]);
    EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), th_fixed{0}), 10000 * U);
}

TEST_F(Exec, VwapFollowsTheProfileFile) {
    make({{"default_algo", "vwap"}, {"vwap_profile", std::string(TEST_DATA_DIR) + "/noon_profile.csv"}, {"profile_bucket", "1m"},
          {"duration", "3m"}, {"slices", "3"}, {"child_price", "market"}});
    quote(T0, 99 * U, 101 * U);  // T0 is 12:00:00 UTC
    send_parent(T0, "vw-1", TH_SIDE_BUY, 1000 * U);
    const th_fixed expect[] = {100, 300, 600};
    for (int k = 0; k < 3; ++k) {
        if (k > 0) quote(T0 + k * kMin, 99 * U, 101 * U);
        auto c = children();
        ASSERT_EQ(c.size(), 1u) << k;
        EXPECT_EQ(c[0].qty, expect[k] * U) << k;
        fill(c[0], T0 + k * kMin, c[0].qty, 100 * U, c[0].qty);
    }
    EXPECT_EQ(reports().back().exec_type, TH_EXEC_FILL);
}

TEST_F(Exec, VwapLearnsItsProfileFromTrades) {
    make({{"default_algo", "vwap"}, {"profile_bucket", "1m"}, {"duration", "2m"}, {"slices", "2"}, {"child_price", "market"}});
    // The day before, 12:00-12:01 traded 1 and 12:01-12:02 traded 3.
    const th_time_ns yesterday = T0 - 86400 * kSec;
    trade(yesterday + 10 * kSec, 100 * U, 1 * U);
    trade(yesterday + 70 * kSec, 100 * U, 3 * U);
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "vw-2", TH_SIDE_SELL, 400 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].qty, 100 * U);  // a quarter first
}

TEST_F(Exec, ReplacingTheParentPullsItsChildrenAndResumesOnTheNewTerms) {
    make({{"duration", "2m"}, {"slices", "2"}, {"child_price", "passive"}, {"child_ttl", "0"}});
    quote(T0, 99 * U, 101 * U);
    send_parent(T0, "r1@twap", TH_SIDE_BUY, 100 * U, 100 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].qty, 50 * U);
    fill(c[0], T0 + kSec, 20 * U, 99 * U, 20 * U);  // 30 still open
    reports();
    parent_fills();
    auto rep = tradehost::make_event<th_order_request>(T0 + 2 * kSec);
    rep.instrument = sym;
    rep.action = TH_ORDER_REPLACE;
    rep.qty = 200 * U;
    rep.limit_px = 98 * U;
    tradehost::copy_str(rep.client_order_id, "r2@twap");
    tradehost::copy_str(rep.orig_client_order_id, "r1@twap");
    ASSERT_EQ(h->send("orders", rep), TH_OK) << h->last_error();
    auto r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_REPLACED);
    EXPECT_EQ(id_of(r[0].client_order_id), "r2@twap");
    EXPECT_EQ(id_of(r[0].orig_client_order_id), "r1@twap");
    EXPECT_EQ(r[0].order_qty, 200 * U);
    EXPECT_EQ(r[0].cum_qty, 20 * U);
    const auto first = c[0];
    c = children();
    // The open child is pulled, and the new terms' slice 0 (100 of 200) goes out at once for
    // what is not committed: the pulled child counts in full until the venue confirms.
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].action, TH_ORDER_CANCEL);
    EXPECT_EQ(id_of(c[0].orig_client_order_id), id_of(first.client_order_id));
    EXPECT_EQ(c[1].action, TH_ORDER_NEW);
    EXPECT_EQ(c[1].qty, 50 * U);
    EXPECT_EQ(c[1].limit_px, 98 * U);  // the new cap bounds the passive price
    report(first, T0 + 3 * kSec, TH_EXEC_CANCELED, 20 * U);
    quote(T0 + 4 * kSec, 99 * U, 101 * U);
    auto more = children();
    ASSERT_EQ(more.size(), 1u);  // what the pulled child left: 100 - 20 filled - 50 out
    EXPECT_EQ(more[0].qty, 30 * U);
    fill(c[1], T0 + 5 * kSec, 50 * U, 98 * U, 50 * U);
    EXPECT_EQ(id_of(parent_fills().back().client_order_id), "r2@twap");
    // The old id is gone: a cancel of it is refused.
    cancel_parent(T0 + 6 * kSec, "r1@twap");
    EXPECT_EQ(reports().back().exec_type, TH_EXEC_REJECTED);
}

TEST_F(Exec, NotionalTargetsDivideByTheMidInLots) {
    const th_instrument_info info = lots_and_ticks(10 * U, U / 100);
    make({{"duration", "1m"}, {"slices", "1"}, {"child_price", "market"}}, nullptr, 1, &info);
    quote(T0, 49 * U, 51 * U);  // mid 50
    auto t = tradehost::make_event<th_target>(T0);
    t.instrument = sym;
    t.kind = TH_TARGET_NOTIONAL;
    t.value = 12345 * U;  // 246.9 units: 240 in lots of 10
    t.horizon_ns = 30 * kSec;
    ASSERT_EQ(h->send("targets", t), TH_OK) << h->last_error();
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].side, TH_SIDE_BUY);
    EXPECT_EQ(c[0].qty, 240 * U);
}
