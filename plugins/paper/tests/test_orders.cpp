// Order lifecycle: cancel, replace, duplicates, validation, cash, DAY expiry, fees, PnL.
#include "paper_fixture.hpp"

using namespace paper_test;

TEST_F(Paper, CancelRestingOrderAndRejectUnknown) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    limit(T0 + kMs, "o1", TH_SIDE_BUY, fx(10), fx(95));
    reports();
    cancel(T0 + 2 * kMs, "c1", "o1");
    auto rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(rs[0].status, TH_STATUS_CANCELED);
    EXPECT_STREQ(rs[0].client_order_id, "o1");
    EXPECT_STREQ(rs[0].venue_order_id, "test-1-O1");
    EXPECT_EQ(rs[0].leaves_qty, 0);
    EXPECT_EQ(rs[0].hdr.ts, T0 + 2 * kMs);

    // It no longer fills, and a second cancel is for an unknown order.
    quote(T0 + 3 * kMs, fx(90), fx(100), fx(94), fx(100));
    EXPECT_TRUE(fills().empty());
    cancel(T0 + 4 * kMs, "c2", "o1");
    cancel(T0 + 5 * kMs, "c3", "nope");
    rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_EQ(rs[0].status, TH_STATUS_REJECTED);
    EXPECT_STREQ(rs[0].client_order_id, "c2");
    EXPECT_STREQ(rs[0].reason, "unknown order o1");
    EXPECT_STREQ(rs[1].reason, "unknown order nope");
}

TEST_F(Paper, ReplaceChangesQtyAndPriceUnderTheNewId) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    limit(T0 + kMs, "o1", TH_SIDE_BUY, fx(10), fx(95));
    reports();

    replace(T0 + 2 * kMs, "o1-r1", "o1", fx(20), fx(96));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_REPLACED);
    EXPECT_EQ(rs[0].status, TH_STATUS_NEW);
    EXPECT_STREQ(rs[0].client_order_id, "o1-r1");
    EXPECT_STREQ(rs[0].venue_order_id, "test-1-O1");
    EXPECT_EQ(rs[0].order_qty, fx(20));
    EXPECT_EQ(rs[0].leaves_qty, fx(20));

    // The old id is gone; fills come under the new id at the new price.
    cancel(T0 + 3 * kMs, "c1", "o1");
    EXPECT_EQ(reports().at(0).exec_type, TH_EXEC_REJECTED);
    quote(T0 + 4 * kMs, fx(94), fx(100), fx("95.5"), fx(5));
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_STREQ(fs[0].client_order_id, "o1-r1");
    EXPECT_EQ(fs[0].px, fx(96));
    EXPECT_EQ(fs[0].qty, fx(5));
    reports();

    // Below cum_qty is rejected; the order stays as it was.
    replace(T0 + 5 * kMs, "o1-r2", "o1-r1", fx(4), 0);
    rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(rs[0].client_order_id, "o1-r2");
    EXPECT_STREQ(rs[0].reason, "qty 4 below cum_qty 5");

    // Down to 8 keeps the price (limit 0 = unchanged) and leaves 3.
    replace(T0 + 6 * kMs, "o1-r3", "o1-r1", fx(8), 0);
    rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_REPLACED);
    EXPECT_EQ(rs[0].status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(rs[0].cum_qty, fx(5));
    EXPECT_EQ(rs[0].leaves_qty, fx(3));
    EXPECT_EQ(rs[0].avg_px, fx(96));

    // A new price that crosses the market takes at the quote as a taker.
    quote(T0 + 7 * kMs, fx(96), fx(100), fx(97), fx(100));
    replace(T0 + 8 * kMs, "o1-r4", "o1-r3", fx(8), fx(98));
    fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_STREQ(fs[0].client_order_id, "o1-r4");
    EXPECT_EQ(fs[0].px, fx(97));
    EXPECT_EQ(fs[0].qty, fx(3));
    EXPECT_EQ(fs[0].liquidity, TH_LIQ_TAKER);
}

TEST_F(Paper, ReplaceOfUnknownOrderIsRejected) {
    make();
    replace(T0, "r1", "ghost", fx(1), fx(1));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(rs[0].client_order_id, "r1");
    EXPECT_STREQ(rs[0].reason, "unknown order ghost");
}

TEST_F(Paper, DuplicateClientOrderIdIsRejected) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    limit(T0 + kMs, "o1", TH_SIDE_BUY, fx(10), fx(95));
    limit(T0 + 2 * kMs, "o1", TH_SIDE_SELL, fx(3), fx(105));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_REJECTED);
    EXPECT_EQ(rs[1].status, TH_STATUS_REJECTED);
    EXPECT_STREQ(rs[1].client_order_id, "o1");
    EXPECT_EQ(rs[1].side, TH_SIDE_SELL);
    EXPECT_EQ(rs[1].order_qty, fx(3));
    EXPECT_STREQ(rs[1].reason, "duplicate client_order_id o1");
    // The original is untouched and can still be canceled; its id stays used after that.
    cancel(T0 + 3 * kMs, "c1", "o1");
    EXPECT_EQ(reports().at(0).exec_type, TH_EXEC_CANCELED);
    limit(T0 + 4 * kMs, "o1", TH_SIDE_BUY, fx(1), fx(95));
    EXPECT_EQ(reports().at(0).exec_type, TH_EXEC_REJECTED);
}

TEST_F(Paper, InvalidOrdersAreRejectedWithAReason) {
    make();
    limit(T0, "q0", TH_SIDE_BUY, 0, fx(95));
    send(request(sym, T0, "nolimit", TH_SIDE_BUY, TH_ORDER_LIMIT, fx(1)));
    send(request(sym, T0, "nostop", TH_SIDE_SELL, TH_ORDER_STOP, fx(1)));
    market(T0, "mkt", TH_SIDE_BUY, fx(1));  // no quote yet to price the buy
    auto nosym = request(0, T0, "nosym", TH_SIDE_BUY, TH_ORDER_LIMIT, fx(1), fx(1));
    send(nosym);
    auto rs = reports();
    ASSERT_EQ(rs.size(), 5u);
    for (const auto& r : rs) EXPECT_EQ(r.exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(rs[0].reason, "invalid qty 0: must be > 0");
    EXPECT_STREQ(rs[1].reason, "missing limit price");
    EXPECT_STREQ(rs[2].reason, "missing stop price");
    EXPECT_STREQ(rs[3].reason, "no quote for AAPL to price a market buy");
    EXPECT_STREQ(rs[4].reason, "missing instrument");
    EXPECT_EQ(h->metric("orders_rejected"), 5);
}

TEST_F(Paper, BuyNeedsCashShortSalesDoNot) {
    make({{"starting_cash", "1000"}, {"fee_per_unit", "0.01"}});
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    limit(T0 + kMs, "b1", TH_SIDE_BUY, fx(10), fx(99));   // needs 990 + 0.1
    limit(T0 + kMs, "b2", TH_SIDE_BUY, fx(1), fx(10));    // 9.9 left, needs 10.01
    limit(T0 + kMs, "s1", TH_SIDE_SELL, fx(50), fx(200)); // short sale: no cash needed
    auto rs = reports();
    ASSERT_EQ(rs.size(), 3u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(rs[1].reason, "insufficient cash: need 10.01 USD, available 9.9");
    EXPECT_EQ(rs[2].exec_type, TH_EXEC_NEW);

    // Canceling the first buy frees its cash.
    cancel(T0 + 2 * kMs, "c1", "b1");
    limit(T0 + 3 * kMs, "b3", TH_SIDE_BUY, fx(1), fx(10));
    rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_NEW);
}

TEST_F(Paper, DayOrdersExpireAtUtcMidnightGtcRemain) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    limit(T0 + kMs, "day", TH_SIDE_BUY, fx(1), fx(90), TH_TIF_DAY);
    limit(T0 + kMs, "gtc", TH_SIDE_BUY, fx(1), fx(90), TH_TIF_GTC);
    reports();
    quote(kMidnight - 1, fx(99), fx(100), fx(101), fx(100));
    EXPECT_TRUE(reports().empty());

    quote(kMidnight + kSec, fx(89), fx(100), fx(89), fx(100));  // next day, and it crosses 90
    auto rs = reports();
    ASSERT_GE(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_EXPIRED);
    EXPECT_EQ(rs[0].status, TH_STATUS_EXPIRED);
    EXPECT_STREQ(rs[0].client_order_id, "day");
    EXPECT_EQ(rs[0].hdr.ts, kMidnight);
    EXPECT_EQ(rs[0].leaves_qty, 0);
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);  // only the GTC order fills
    EXPECT_STREQ(fs[0].client_order_id, "gtc");
}

TEST_F(Paper, FeesFromBpsAndPerUnit) {
    make({{"fee_bps", "10"}, {"fee_per_unit", "0.01"}});
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    market(T0 + kMs, "o1", TH_SIDE_BUY, fx(10));
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].fee, fx("1.11"));  // 1010 * 0.001 + 10 * 0.01
    auto bs = balances();
    ASSERT_EQ(bs.size(), 1u);
    EXPECT_EQ(bs[0].total, fx("98988.89"));
    auto ps = positions();
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].realized_pnl, fx("-1.11"));
}

TEST_F(Paper, PositionAndRealizedPnlThroughAFlip) {
    make();
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    market(T0 + kMs, "b1", TH_SIDE_BUY, fx(10));  // long 10 @ 101
    quote(T0 + 2 * kMs, fx(109), fx(1000), fx(110), fx(1000));
    market(T0 + 3 * kMs, "s1", TH_SIDE_SELL, fx(25));  // sells 10 (+80), opens short 15 @ 109
    quote(T0 + 4 * kMs, fx(99), fx(1000), fx(100), fx(1000));
    market(T0 + 5 * kMs, "b2", TH_SIDE_BUY, fx(15));  // covers at 100: +135

    auto ps = positions();
    ASSERT_EQ(ps.size(), 3u);
    EXPECT_EQ(ps[0].qty, fx(10));
    EXPECT_EQ(ps[0].avg_px, fx(101));
    EXPECT_EQ(ps[1].qty, fx(-15));
    EXPECT_EQ(ps[1].avg_px, fx(109));
    EXPECT_EQ(ps[1].realized_pnl, fx(80));
    EXPECT_EQ(ps[1].unrealized_pnl, fx("-7.5"));  // short 15 from 109, mid 109.5
    EXPECT_EQ(ps[2].qty, 0);
    EXPECT_EQ(ps[2].realized_pnl, fx(215));
    auto bs = balances();
    ASSERT_EQ(bs.size(), 3u);
    EXPECT_EQ(bs[2].total, fx(100000 + 215));
}

TEST_F(Paper, StopPublishesPositionsAndBalance) {
    make();
    quote(T0, fx(100), fx(1000), fx(101), fx(1000));
    market(T0 + kMs, "b1", TH_SIDE_BUY, fx(10));
    quote(T0 + 2 * kMs, fx(104), fx(1000), fx(106), fx(1000));
    h->clear_published();
    h->stop();
    auto ps = positions();
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].qty, fx(10));
    EXPECT_EQ(ps[0].unrealized_pnl, fx(40));  // (105 - 101) * 10
    EXPECT_EQ(ps[0].hdr.ts, T0 + 2 * kMs);
    EXPECT_EQ(balances().size(), 1u);
}

TEST_F(Paper, ConfigIsChecked) {
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    x->set("currency", "");
    EXPECT_THROW(x->create(), std::runtime_error);
    auto y = std::make_unique<Harness>(PLUGIN_PATH);
    EXPECT_THROW(y->set("fee_bps", "-1"), std::runtime_error);
    EXPECT_THROW(y->set("latency", "soon"), std::runtime_error);
}
