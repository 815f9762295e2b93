// Units compiled into the test: position accounting, open orders, and the snapshot codec
// used by hot reload (snapshot/restore).
#include "risk_fixture.hpp"
#include "rules.hpp"
#include <tradehost/blob.hpp>
#include "state.hpp"

#include <map>

using namespace tradehost::risk_gate;
using risk_test::fx;
using risk_test::T0;

namespace {

th_order_request new_order(const char* id, th_instrument inst, th_side side, th_fixed qty, th_fixed px) {
    auto r = tradehost::make_event<th_order_request>(T0);
    r.instrument = inst;
    r.action = TH_ORDER_NEW;
    r.side = static_cast<uint8_t>(side);
    r.order_type = TH_ORDER_LIMIT;
    r.tif = TH_TIF_GTC;
    r.qty = qty;
    r.limit_px = px;
    tradehost::copy_str(r.client_order_id, id);
    return r;
}

}  // namespace

TEST(RiskPositions, BuySellAndFlip) {
    PositionBook b;
    b.on_fill(1, TH_SIDE_BUY, fx(10), fx(100), 0);
    b.on_fill(1, TH_SIDE_BUY, fx(10), fx(110), 0);
    EXPECT_EQ(b.find(1)->pos.qty, fx(20));
    EXPECT_EQ(b.find(1)->pos.avg_px, fx(105));
    b.on_fill(1, TH_SIDE_SELL, fx(30), fx(120), fx(1));  // +300 on 20, short 10 @ 120, fee 1
    EXPECT_EQ(b.find(1)->pos.qty, fx(-10));
    EXPECT_EQ(b.find(1)->pos.avg_px, fx(120));
    EXPECT_EQ(b.realized_total(), fx(299));
    b.on_quote(1, fx(109), fx(111));  // short 10 from 120 at mid 110: +100
    EXPECT_EQ(b.unrealized_total(), fx(100));
    EXPECT_EQ(b.total_pnl(), fx(399));
    EXPECT_EQ(b.find(1)->mark(), fx(110));
}

TEST(RiskOpenOrders, LeavesFromFillsAndReportsInEitherOrder) {
    OpenOrders oo;
    OpenOrder o;
    o.id = "a";
    o.instrument = 1;
    o.side = TH_SIDE_BUY;
    o.qty = fx(10);
    o.px = fx(5);
    oo.add(o);
    oo.on_fill("a", fx(3));
    EXPECT_EQ(oo.find("a")->leaves(), fx(7));
    auto r = tradehost::make_event<th_execution_report>(T0);
    r.exec_type = TH_EXEC_PARTIAL_FILL;
    r.status = TH_STATUS_PARTIALLY_FILLED;
    r.cum_qty = fx(3);
    tradehost::copy_str(r.client_order_id, "a");
    oo.on_report(r);
    EXPECT_EQ(oo.find("a")->leaves(), fx(7));  // not counted twice
    EXPECT_EQ(oo.totals(1).buy_qty, fx(7));
    EXPECT_EQ(oo.totals(1).buy_notional, fx(35));
    const std::string a = "a";
    EXPECT_EQ(oo.totals(1, &a).buy_qty, 0);
}

TEST(RiskState, SnapshotRoundTripKeepsPositionsOrdersAndDay) {
    std::map<th_instrument, std::string> syms = {{1, "AAPL"}, {2, "MSFT"}};
    RiskState s;
    s.positions.on_fill(1, TH_SIDE_BUY, fx(10), fx(100), fx("0.5"));
    s.positions.on_quote(1, fx(99), fx(103));
    s.positions.on_fill(2, TH_SIDE_SELL, fx(5), fx(20), 0);
    OpenOrder o;
    o.id = "o1";
    o.instrument = 2;
    o.side = TH_SIDE_SELL;
    o.type = TH_ORDER_LIMIT;
    o.qty = fx(7);
    o.limit_px = o.px = fx(21);
    o.cum_fills = fx(2);
    o.acked = true;
    s.orders.add(o);
    s.orders.set_pending("o1", "o1r", fx(9), fx(22), 0, fx(22));
    s.day.roll(T0, s.positions.total_pnl());
    s.day.breached = true;
    s.day.breach_loss = fx(1234);
    s.rate.record(T0);
    s.rate.record(T0 + 5);

    const std::string blob = encode_state(s, [&](th_instrument id) { return syms.at(id); });
    // Another process interns the symbols in another order.
    std::map<std::string, th_instrument> ids = {{"MSFT", 7}, {"AAPL", 9}};
    RiskState t = decode_state(blob, [&](const std::string& sym) { return ids.at(sym); });

    ASSERT_NE(t.positions.find(9), nullptr);
    EXPECT_EQ(t.positions.find(9)->pos.qty, fx(10));
    EXPECT_EQ(t.positions.find(9)->pos.realized, fx("-0.5"));
    EXPECT_EQ(t.positions.find(7)->pos.qty, fx(-5));
    EXPECT_EQ(t.positions.total_pnl(), s.positions.total_pnl());
    const OpenOrder* r = t.orders.find("o1r");  // found through its pending replacement
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->id, "o1");
    EXPECT_EQ(r->instrument, 7u);
    EXPECT_EQ(r->leaves(), fx(5));
    EXPECT_EQ(r->exposure_qty(), fx(7));  // max(5, 9 - 2)
    EXPECT_TRUE(t.day.breached);
    EXPECT_EQ(t.day.breach_loss, fx(1234));
    EXPECT_EQ(t.day.start_total, s.day.start_total);
    EXPECT_EQ(t.rate.count(T0 + 10), 2);

    // The restored state decides like the original: short 5, open sell 7, so 8 more reach 20.
    RiskLimits lim;
    lim.max_position = fx(20);
    Environment env;
    Verdict a = evaluate(lim, s, new_order("n", 2, TH_SIDE_SELL, fx(8), fx(20)), env);
    Verdict b = evaluate(lim, t, new_order("n", 7, TH_SIDE_SELL, fx(8), fx(20)), env);
    EXPECT_TRUE(a.approved);
    EXPECT_TRUE(b.approved);
    a = evaluate(lim, s, new_order("n", 2, TH_SIDE_SELL, fx(8) + 1, fx(20)), env);
    b = evaluate(lim, t, new_order("n", 7, TH_SIDE_SELL, fx(8) + 1, fx(20)), env);
    EXPECT_EQ(a.rule, "max_position");
    EXPECT_EQ(b.rule, "max_position");
}

TEST(RiskState, MalformedBlobIsRefused) {
    EXPECT_THROW(decode_state("nope", [](const std::string&) { return th_instrument{1}; }), tradehost::Error);
}

TEST(RiskPositions, ReconcileSetsQuantityAndCostBasis) {
    PositionBook b;
    EXPECT_FALSE(b.reconcile(1, 0, 0, 0)) << "flat agrees with an unknown instrument";
    EXPECT_EQ(b.find(1), nullptr);
    b.on_fill(1, TH_SIDE_BUY, fx(10), fx(100), fx(1));  // realized -1 (fee)
    EXPECT_TRUE(b.reconcile(1, fx(-50), fx(100), 0));
    EXPECT_EQ(b.find(1)->pos.qty, fx(-50));
    EXPECT_EQ(b.find(1)->pos.avg_px, fx(100));
    EXPECT_EQ(b.realized_total(), fx(-1)) << "realized PnL stays the gate's own";
    // Fills realize against the venue's cost basis: buy 20 @ 90 closes 20 of the short: +200.
    b.on_fill(1, TH_SIDE_BUY, fx(20), fx(90), 0);
    EXPECT_EQ(b.find(1)->pos.qty, fx(-30));
    EXPECT_EQ(b.realized_total(), fx(199));
    EXPECT_FALSE(b.reconcile(1, fx(-30), fx(100), 0)) << "it sets, it does not add";
    EXPECT_EQ(b.find(1)->pos.qty, fx(-30));
    EXPECT_TRUE(b.reconcile(1, 0, fx(100), 0));
    EXPECT_EQ(b.find(1)->pos.qty, 0);
    EXPECT_EQ(b.find(1)->pos.avg_px, 0) << "flat has no average";
}

TEST(RiskPositions, VenueMarkValuesThePositionUntilAQuote) {
    PositionBook b;
    b.reconcile(1, fx(-100), fx(100), fx(-3000));  // marked at 130 by the venue
    EXPECT_EQ(b.find(1)->venue_mark, fx(130));
    EXPECT_EQ(b.find(1)->mark(), fx(130));
    EXPECT_EQ(b.unrealized_total(), fx(-3000));
    b.on_quote(1, fx(120), fx(122));  // the quote wins: mid 121
    EXPECT_EQ(b.find(1)->mark(), fx(121));
    EXPECT_EQ(b.unrealized_total(), fx(-2100));
    // Without any price the average is the mark, and nothing is unrealized.
    b.reconcile(2, fx(5), fx(40), 0);
    EXPECT_EQ(b.find(2)->mark(), fx(40));
    EXPECT_EQ(b.unrealized_total(), fx(-2100));
}

TEST(RiskState, SnapshotKeepsTheVenueMarkAndReadsVersion1) {
    std::map<th_instrument, std::string> syms = {{1, "AAPL"}};
    RiskState s;
    s.positions.reconcile(1, fx(50), fx(100), fx(4000));
    const std::string blob = encode_state(s, [&](th_instrument id) { return syms.at(id); });
    RiskState t = decode_state(blob, [](const std::string&) { return th_instrument{4}; });
    ASSERT_NE(t.positions.find(4), nullptr);
    EXPECT_EQ(t.positions.find(4)->venue_mark, fx(180));
    EXPECT_EQ(t.positions.find(4)->pos.avg_px, fx(100));
    EXPECT_EQ(t.positions.unrealized_total(), fx(4000));

    // A version 1 blob, as an older build wrote it: no venue mark.
    tradehost::BlobWriter w;
    w.u32(0x4b535254);
    w.u32(1);
    w.u32(1);  // one position
    w.str("AAPL");
    w.i64(fx(-20));  // qty
    w.i64(fx(50));   // avg_px
    w.i64(fx(7));    // realized
    w.i64(fx(49));   // bid
    w.i64(fx(51));   // ask
    w.u32(0);        // no open orders
    w.boolean(true);
    w.i64(19724);    // day
    w.i64(fx(3));    // start_total
    w.boolean(false);
    w.i64(0);
    w.u32(1);        // one time in the rate window
    w.i64(T0);
    const std::string v1 = w.take();
    RiskState o = decode_state(v1, [](const std::string&) { return th_instrument{2}; });
    ASSERT_NE(o.positions.find(2), nullptr);
    EXPECT_EQ(o.positions.find(2)->pos.qty, fx(-20));
    EXPECT_EQ(o.positions.find(2)->pos.realized, fx(7));
    EXPECT_EQ(o.positions.find(2)->venue_mark, 0);
    EXPECT_EQ(o.positions.find(2)->mark(), fx(50));
    EXPECT_EQ(o.day.start_total, fx(3));
    EXPECT_EQ(o.rate.count(T0), 1);

    std::string v3 = v1;
    v3[4] = 3;  // a version from the future
    EXPECT_THROW(decode_state(v3, [](const std::string&) { return th_instrument{2}; }), tradehost::Error);
    std::string v0 = v1;
    v0[4] = 0;
    EXPECT_THROW(decode_state(v0, [](const std::string&) { return th_instrument{2}; }), tradehost::Error);
}
