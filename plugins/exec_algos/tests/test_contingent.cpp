// Contingent orders emulated by exec_algos through the ABI: OCO, OTO, bracket and trailing
// stop, each across a restart (a new instance on the saved state) where it matters.
#include "exec_fixture.hpp"

#include <cstring>

using namespace exec_test;

namespace {

class Contingent : public Exec {
protected:
    th_order_request order(th_time_ns ts, const std::string& id, th_side side, th_order_type type, th_fixed qty, th_fixed limit = 0,
                           th_fixed stop = 0) {
        auto r = parent(sym, ts, id, side, qty, limit);
        r.order_type = static_cast<uint8_t>(type);
        r.stop_px = stop;
        r.tif = TH_TIF_GTC;
        EXPECT_EQ(h->send("orders", r), TH_OK) << h->last_error();
        return r;
    }
    /// A new instance on the saved state, as after a restart (session 2).
    void restart(const std::map<std::string, std::string>& cfg) {
        const auto saved = h->state();
        h.reset();
        make(cfg, &saved, 2);
    }
};

}  // namespace

TEST_F(Contingent, OcoFillOfOneLegCancelsTheOtherAfterARestart) {
    make();
    quote(T0, 99 * U, 101 * U);
    auto a = order(T0, "g1.tp@oco", TH_SIDE_SELL, TH_ORDER_LIMIT, 10 * U, 110 * U);
    auto b = order(T0, "g1.sl@oco", TH_SIDE_SELL, TH_ORDER_STOP, 10 * U, 0, 90 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 2u);  // both legs go to the venue as they are
    EXPECT_EQ(id_of(c[0].client_order_id), "g1.tp@oco");
    EXPECT_EQ(c[1].order_type, TH_ORDER_STOP);
    restart({});
    fill(a, T0 + kMin, 4 * U, 110 * U, 4 * U);  // a partial fill is enough
    c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].action, TH_ORDER_CANCEL);
    EXPECT_EQ(id_of(c[0].orig_client_order_id), "g1.sl@oco");
    // The legs' own reports and fills go upstream as they are.
    EXPECT_EQ(parent_fills().size(), 1u);
    auto r = reports();
    ASSERT_FALSE(r.empty());
    EXPECT_EQ(id_of(r.back().client_order_id), "g1.tp@oco");
    report(b, T0 + kMin, TH_EXEC_CANCELED, 0);
    EXPECT_EQ(id_of(reports().back().client_order_id), "g1.sl@oco");
    EXPECT_TRUE(children().empty());
}

TEST_F(Contingent, OtoReleasesTheSecondLegWhenTheFirstFills) {
    make();
    quote(T0, 99 * U, 101 * U);
    auto first = order(T0, "g2.1@oto", TH_SIDE_BUY, TH_ORDER_LIMIT, 10 * U, 100 * U);
    auto held = order(T0, "g2.2@oto", TH_SIDE_SELL, TH_ORDER_LIMIT, 10 * U, 105 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(id_of(c[0].client_order_id), "g2.1@oto");
    auto r = reports();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, TH_STATUS_PENDING_NEW);
    restart({});
    fill(first, T0 + kSec, 6 * U, 100 * U, 6 * U);
    EXPECT_TRUE(children().empty());  // not until all of it
    fill(first, T0 + 2 * kSec, 4 * U, 100 * U, 10 * U);
    c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(id_of(c[0].client_order_id), "g2.2@oto");
    EXPECT_EQ(c[0].limit_px, 105 * U);
    // A group whose first leg ends unfilled refuses the rest.
    auto f3 = order(T0 + 3 * kSec, "g3.1@oto", TH_SIDE_BUY, TH_ORDER_LIMIT, 10 * U, 100 * U);
    order(T0 + 3 * kSec, "g3.2@oto", TH_SIDE_SELL, TH_ORDER_LIMIT, 10 * U, 105 * U);
    children();
    reports();
    report(f3, T0 + 4 * kSec, TH_EXEC_CANCELED, 0);
    r = reports();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(id_of(r[0].client_order_id), "g3.2@oto");
    EXPECT_EQ(r[0].exec_type, TH_EXEC_CANCELED);
    EXPECT_TRUE(children().empty());
    (void)held;
}

TEST_F(Contingent, BracketStopTriggersAfterARestartAndPullsTheTarget) {
    const std::map<std::string, std::string> cfg = {{"bracket_target_offset", "5"}, {"bracket_stop_offset", "3"}};
    make(cfg);
    quote(T0, 99 * U, 101 * U);
    auto entry = order(T0, "e1@bracket", TH_SIDE_BUY, TH_ORDER_MARKET, 20 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(id_of(c[0].client_order_id), "e1@bracket");
    fill(entry, T0 + kSec, 20 * U, 101 * U, 20 * U);
    c = children();
    ASSERT_EQ(c.size(), 1u);  // the take-profit; the stop is held here
    EXPECT_EQ(c[0].side, TH_SIDE_SELL);
    EXPECT_EQ(c[0].order_type, TH_ORDER_LIMIT);
    EXPECT_EQ(c[0].limit_px, 106 * U);
    EXPECT_EQ(c[0].qty, 20 * U);
    const auto tp = c[0];
    restart(cfg);
    quote(T0 + 2 * kSec, 98 * U + U / 2, 99 * U);  // bid 98.5: above the stop at 98
    EXPECT_TRUE(children().empty());
    quote(T0 + 3 * kSec, 98 * U, 98 * U + U / 2);  // bid 98: the stop triggers
    c = children();
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].action, TH_ORDER_CANCEL);
    EXPECT_EQ(id_of(c[0].orig_client_order_id), id_of(tp.client_order_id));
    EXPECT_EQ(c[1].action, TH_ORDER_NEW);
    EXPECT_EQ(c[1].order_type, TH_ORDER_MARKET);
    EXPECT_EQ(c[1].side, TH_SIDE_SELL);
    EXPECT_EQ(c[1].qty, 20 * U);
    EXPECT_EQ(id_of(c[1].client_order_id), "test-1-k2");
    quote(T0 + 4 * kSec, 97 * U, 98 * U);
    EXPECT_TRUE(children().empty());  // once
}

TEST_F(Contingent, BracketTargetFillDisarmsTheStop) {
    make({{"bracket_target_offset", "5"}});
    quote(T0, 99 * U, 101 * U);
    auto entry = order(T0, "e2@bracket", TH_SIDE_SELL, TH_ORDER_LIMIT, 10 * U, 99 * U, 104 * U);  // stop_px: its stop
    children();
    fill(entry, T0 + kSec, 10 * U, 99 * U, 10 * U);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].side, TH_SIDE_BUY);
    EXPECT_EQ(c[0].limit_px, 94 * U);
    fill(c[0], T0 + 2 * kSec, 10 * U, 94 * U, 10 * U);
    quote(T0 + 3 * kSec, 104 * U, 105 * U);  // through the stop: nothing, the target took it all
    EXPECT_TRUE(children().empty());
}

TEST_F(Contingent, TrailingStopFollowsTheBidAndTriggersOnce) {
    th_instrument_info info;
    std::memset(&info, 0, sizeof info);
    info.size = sizeof info;
    info.tick_size = U / 100;
    make({}, nullptr, 1, &info);
    quote(T0, 100 * U, 100 * U + U / 100);
    order(T0, "t1@trail", TH_SIDE_SELL, TH_ORDER_STOP, 5 * U, 0, 95 * U);  // 5 below the bid
    EXPECT_TRUE(children().empty());
    quote(T0 + kSec, 100 * U, 100 * U + U / 100);  // sets the distance: 5
    quote(T0 + 2 * kSec, 108 * U, 108 * U + U / 100);  // stop follows to 103
    restart({});
    quote(T0 + 3 * kSec, 104 * U, 104 * U + U / 100);  // down, above 103: the stop stays
    EXPECT_TRUE(children().empty());
    quote(T0 + 4 * kSec, 103 * U, 103 * U + U / 100);
    auto c = children();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(id_of(c[0].client_order_id), "t1@trail");
    EXPECT_EQ(c[0].order_type, TH_ORDER_MARKET);
    EXPECT_EQ(c[0].qty, 5 * U);
    quote(T0 + 5 * kSec, 90 * U, 91 * U);
    EXPECT_TRUE(children().empty());
}

TEST_F(Contingent, MalformedContingentOrdersAreRefused) {
    make();
    order(T0, "nogroup@oco", TH_SIDE_SELL, TH_ORDER_LIMIT, 10 * U, 110 * U);
    order(T0, "t2@trail", TH_SIDE_SELL, TH_ORDER_LIMIT, 10 * U, 110 * U);
    auto r = reports();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_NE(std::string(r[0].reason).find("GROUP.LEG@oco"), std::string::npos) << r[0].reason;
    EXPECT_NE(std::string(r[1].reason).find("STOP order"), std::string::npos) << r[1].reason;
    EXPECT_TRUE(children().empty());
}
