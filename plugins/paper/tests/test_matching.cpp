// Matching: market, limit (taker/maker), partial fills, TIF, stops, latency, determinism.
#include "paper_fixture.hpp"

using namespace paper_test;

TEST_F(Paper, DeclaresPortsInContractOrder) {
    make();
    EXPECT_STREQ(h->entry().name, "paper");
    EXPECT_STREQ(h->entry().kind, "broker");
    EXPECT_EQ(h->port_index("quotes"), 0u);
    EXPECT_EQ(h->port_index("orders"), 1u);
    EXPECT_EQ(h->port_index("exec_reports"), 2u);
    EXPECT_EQ(h->port_index("fills"), 3u);
    EXPECT_EQ(h->port_index("positions"), 4u);
    EXPECT_EQ(h->port_index("balances"), 5u);
}

TEST_F(Paper, MarketBuyFillsAtTheTouch) {
    make();
    quote(T0, fx(99), fx(500), fx(101), fx(500));
    market(T0 + kMs, "o1", TH_SIDE_BUY, fx(10));

    auto rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
    EXPECT_EQ(rs[0].status, TH_STATUS_NEW);
    EXPECT_EQ(rs[0].leaves_qty, fx(10));
    EXPECT_EQ(rs[0].hdr.ts, T0 + kMs);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(rs[1].status, TH_STATUS_FILLED);
    EXPECT_EQ(rs[1].cum_qty, fx(10));
    EXPECT_EQ(rs[1].leaves_qty, 0);
    EXPECT_EQ(rs[1].avg_px, fx(101));
    EXPECT_EQ(rs[1].last_px, fx(101));
    EXPECT_EQ(rs[1].last_qty, fx(10));
    EXPECT_STREQ(rs[1].client_order_id, "o1");
    EXPECT_STREQ(rs[1].venue_order_id, "test-1-O1");

    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].px, fx(101));
    EXPECT_EQ(fs[0].qty, fx(10));
    EXPECT_EQ(fs[0].side, TH_SIDE_BUY);
    EXPECT_EQ(fs[0].liquidity, TH_LIQ_TAKER);
    EXPECT_EQ(fs[0].instrument, sym);
    EXPECT_STREQ(fs[0].fill_id, "test-1-F1");
    EXPECT_STREQ(fs[0].venue_order_id, "test-1-O1");

    market(T0 + 2 * kMs, "o2", TH_SIDE_SELL, fx(4));
    fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].px, fx(99));
    EXPECT_STREQ(fs[0].fill_id, "test-1-F2");
}

TEST_F(Paper, FillPublishesFillReportPositionBalanceInOrder) {
    make({{"starting_cash", "10000"}});
    quote(T0, fx(99), fx(5), fx(101), fx(5));
    h->clear_published();
    market(T0 + kMs, "o1", TH_SIDE_BUY, fx(2));
    auto all = h->published();
    ASSERT_EQ(all.size(), 5u);
    EXPECT_EQ(all[0].port, "exec_reports");  // NEW
    EXPECT_EQ(all[1].port, "fills");
    EXPECT_EQ(all[2].port, "exec_reports");  // FILL
    EXPECT_EQ(all[3].port, "positions");
    EXPECT_EQ(all[4].port, "balances");
    auto ps = positions();
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].qty, fx(2));
    EXPECT_EQ(ps[0].avg_px, fx(101));
    EXPECT_EQ(ps[0].unrealized_pnl, fx(-2));  // marked at mid 100
    auto bs = balances();
    ASSERT_EQ(bs.size(), 1u);
    EXPECT_STREQ(bs[0].currency, "USD");
    EXPECT_EQ(bs[0].total, fx(10000 - 202));
    EXPECT_EQ(bs[0].available, fx(10000 - 202));
}

TEST_F(Paper, PartialFillsAreCappedByDisplayedSize) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(30));
    market(T0 + kMs, "o1", TH_SIDE_BUY, fx(100));
    quote(T0 + 2 * kMs, fx(99), fx(100), fx("101.5"), fx(50));
    quote(T0 + 3 * kMs, fx(99), fx(100), fx(102), fx(50));

    auto fs = fills();
    ASSERT_EQ(fs.size(), 3u);
    EXPECT_EQ(fs[0].qty, fx(30));
    EXPECT_EQ(fs[0].px, fx(101));
    EXPECT_EQ(fs[1].qty, fx(50));
    EXPECT_EQ(fs[1].px, fx("101.5"));
    EXPECT_EQ(fs[2].qty, fx(20));
    EXPECT_EQ(fs[2].px, fx(102));

    auto rs = reports();
    ASSERT_EQ(rs.size(), 4u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(rs[1].status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(rs[1].leaves_qty, fx(70));
    EXPECT_EQ(rs[2].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(rs[2].cum_qty, fx(80));
    EXPECT_EQ(rs[3].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(rs[3].cum_qty, fx(100));
    // (30*101 + 50*101.5 + 20*102) / 100 = 101.45
    EXPECT_EQ(rs[3].avg_px, fx("101.45"));
}

TEST_F(Paper, DisplayedSizeIsSharedByOrdersOnOneQuote) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    market(T0 + kMs, "a", TH_SIDE_BUY, fx(70));
    market(T0 + 2 * kMs, "b", TH_SIDE_BUY, fx(70));  // only 30 left on this quote
    auto fs = fills();
    ASSERT_EQ(fs.size(), 2u);
    EXPECT_EQ(fs[0].qty, fx(70));
    EXPECT_EQ(fs[1].qty, fx(30));
    EXPECT_STREQ(fs[1].client_order_id, "b");
    quote(T0 + 3 * kMs, fx(99), fx(100), fx(101), fx(100));
    fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].qty, fx(40));
}

TEST_F(Paper, WithoutPartialFillsTheWholeOrderFills) {
    make({{"partial_fills", "false"}});
    quote(T0, fx(99), fx(1), fx(101), fx(1));
    market(T0 + kMs, "o1", TH_SIDE_BUY, fx(500));
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].qty, fx(500));
    EXPECT_EQ(fs[0].px, fx(101));
}

TEST_F(Paper, MarketOrderBeforeAnyQuoteWaitsForOne) {
    make();
    market(T0, "s1", TH_SIDE_SELL, fx(5));
    EXPECT_TRUE(fills().empty());
    quote(T0 + kMs, fx(99), fx(100), fx(101), fx(100));
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].px, fx(99));
}

TEST_F(Paper, LimitRestsThenFillsAsMakerAtItsPrice) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    limit(T0 + kMs, "o1", TH_SIDE_BUY, fx(10), fx(100));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
    EXPECT_TRUE(fills().empty());

    quote(T0 + 2 * kMs, fx(99), fx(100), fx("100.5"), fx(100));  // still above the limit
    EXPECT_TRUE(fills().empty());
    quote(T0 + 3 * kMs, fx(98), fx(100), fx("99.5"), fx(4));  // crosses: maker at 100, 4 shown
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].px, fx(100));
    EXPECT_EQ(fs[0].qty, fx(4));
    EXPECT_EQ(fs[0].liquidity, TH_LIQ_MAKER);
    EXPECT_EQ(fs[0].hdr.ts, T0 + 3 * kMs);
    quote(T0 + 4 * kMs, fx(98), fx(100), fx(99), fx(100));
    fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].qty, fx(6));
    EXPECT_EQ(fs[0].px, fx(100));
    rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(rs[1].avg_px, fx(100));
}

TEST_F(Paper, MarketableLimitTakesAtTheQuotePrice) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    limit(T0 + kMs, "b", TH_SIDE_BUY, fx(10), fx(102));
    limit(T0 + kMs, "s", TH_SIDE_SELL, fx(10), fx(98));
    auto fs = fills();
    ASSERT_EQ(fs.size(), 2u);
    EXPECT_EQ(fs[0].px, fx(101));
    EXPECT_EQ(fs[0].liquidity, TH_LIQ_TAKER);
    EXPECT_EQ(fs[1].px, fx(99));
    EXPECT_EQ(fs[1].liquidity, TH_LIQ_TAKER);
}

TEST_F(Paper, IocFillsWhatItCanThenCancels) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(30));
    limit(T0 + kMs, "ioc", TH_SIDE_BUY, fx(50), fx(101), TH_TIF_IOC);
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].qty, fx(30));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 3u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(rs[2].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(rs[2].status, TH_STATUS_CANCELED);
    EXPECT_EQ(rs[2].cum_qty, fx(30));
    EXPECT_EQ(rs[2].leaves_qty, 0);
    EXPECT_NE(std::string(rs[2].reason).find("IOC"), std::string::npos);
    // Nothing rests: a later crossing quote fills nothing.
    quote(T0 + 2 * kMs, fx(99), fx(100), fx(100), fx(100));
    EXPECT_TRUE(fills().empty());

    // An IOC that cannot fill at all is canceled with nothing done.
    limit(T0 + 3 * kMs, "ioc2", TH_SIDE_BUY, fx(5), fx(90), TH_TIF_IOC);
    rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(rs[1].cum_qty, 0);
}

TEST_F(Paper, FokFillsCompletelyOrNotAtAll) {
    make();
    quote(T0, fx(99), fx(100), fx(101), fx(30));
    market(T0 + kMs, "fok1", TH_SIDE_BUY, fx(50), TH_TIF_FOK);
    EXPECT_TRUE(fills().empty());
    auto rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(rs[1].cum_qty, 0);
    EXPECT_NE(std::string(rs[1].reason).find("FOK"), std::string::npos);

    market(T0 + 2 * kMs, "fok2", TH_SIDE_BUY, fx(30), TH_TIF_FOK);
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].qty, fx(30));
    rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_FILL);
}

TEST_F(Paper, StopTriggersWhenTheQuoteTradesThrough) {
    make();
    quote(T0, fx(99), fx(100), fx(100), fx(100));
    send(request(sym, T0 + kMs, "bstop", TH_SIDE_BUY, TH_ORDER_STOP, fx(10), 0, fx(102)));
    send(request(sym, T0 + kMs, "sstop", TH_SIDE_SELL, TH_ORDER_STOP, fx(10), 0, fx(95)));
    EXPECT_TRUE(fills().empty());
    quote(T0 + 2 * kMs, fx(100), fx(100), fx("101.9"), fx(100));
    EXPECT_TRUE(fills().empty());
    quote(T0 + 3 * kMs, fx(101), fx(100), fx("102.5"), fx(100));  // ask >= 102: buy stop fires
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_STREQ(fs[0].client_order_id, "bstop");
    EXPECT_EQ(fs[0].px, fx("102.5"));
    EXPECT_EQ(fs[0].liquidity, TH_LIQ_TAKER);
    quote(T0 + 4 * kMs, fx(95), fx(100), fx(96), fx(100));  // bid <= 95: sell stop fires
    fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_STREQ(fs[0].client_order_id, "sstop");
    EXPECT_EQ(fs[0].px, fx(95));
}

TEST_F(Paper, StopLimitBecomesALimitWhenTriggered) {
    make();
    quote(T0, fx(99), fx(100), fx(100), fx(100));
    send(request(sym, T0 + kMs, "sl", TH_SIDE_BUY, TH_ORDER_STOP_LIMIT, fx(10), fx(103), fx(102)));
    quote(T0 + 2 * kMs, fx(103), fx(100), fx(104), fx(100));  // triggers, but 104 > limit 103
    EXPECT_TRUE(fills().empty());
    quote(T0 + 3 * kMs, fx(102), fx(100), fx("102.5"), fx(100));  // crosses the resting limit
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].px, fx(103));
    EXPECT_EQ(fs[0].liquidity, TH_LIQ_MAKER);
}

TEST_F(Paper, LatencyIgnoresQuotesOlderThanTheLiveTime) {
    make({{"latency", "10ms"}});
    quote(T0, fx(99), fx(100), fx(101), fx(100));
    market(T0 + kMs, "o1", TH_SIDE_BUY, fx(10));  // live at T0 + 11ms
    EXPECT_TRUE(reports().empty());  // not acknowledged before it is live

    quote(T0 + 5 * kMs, fx(99), fx(100), fx(101), fx(100));  // older than the live time
    EXPECT_TRUE(reports().empty());
    EXPECT_TRUE(fills().empty());

    quote(T0 + 11 * kMs, fx(100), fx(100), fx(102), fx(100));  // first quote at the live time
    auto rs = reports();
    ASSERT_EQ(rs.size(), 2u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
    EXPECT_EQ(rs[0].hdr.ts, T0 + 11 * kMs);
    EXPECT_EQ(rs[1].exec_type, TH_EXEC_FILL);
    auto fs = fills();
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].px, fx(102));
    EXPECT_EQ(fs[0].hdr.ts, T0 + 11 * kMs);
}

TEST_F(Paper, LatencyAcknowledgesOnTheNextEventAfterTheLiveTime) {
    make({{"latency", "10ms"}});
    limit(T0, "o1", TH_SIDE_BUY, fx(1), fx(90));
    EXPECT_TRUE(reports().empty());
    // A quote on another instrument moves venue time past the live time.
    quote_on(*h, h->intern("MSFT"), T0 + 20 * kMs, fx(1), fx(1), fx(2), fx(1));
    auto rs = reports();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].exec_type, TH_EXEC_NEW);
    EXPECT_EQ(rs[0].hdr.ts, T0 + 10 * kMs);
}

namespace {

std::vector<std::vector<unsigned char>> run_scenario() {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set("latency", "3ms");
    h->set("fee_bps", "1.5");
    h->create();
    h->start();
    th_instrument a = h->intern("AAPL"), b = h->intern("BTC-USD");
    uint32_t seed = 12345;
    auto rnd = [&seed](uint32_t n) {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) % n;
    };
    for (int i = 0; i < 400; ++i) {
        th_time_ns ts = T0 + i * kMs;
        th_instrument inst = rnd(2) ? a : b;
        if (rnd(3) == 0) {
            th_side side = rnd(2) ? TH_SIDE_BUY : TH_SIDE_SELL;
            th_order_type type = rnd(2) ? TH_ORDER_MARKET : TH_ORDER_LIMIT;
            th_fixed limit = fx(95 + static_cast<int64_t>(rnd(10)));
            auto r = request(inst, ts, "c" + std::to_string(i), side, type, fx(1 + rnd(20)), limit);
            h->send("orders", r);
        } else {
            auto q = tradehost::make_event<th_quote>(ts);
            q.instrument = inst;
            th_fixed mid = fx(95 + static_cast<int64_t>(rnd(10)));
            q.bid_px = mid - fx("0.5");
            q.ask_px = mid + fx("0.5");
            q.bid_qty = fx(1 + rnd(15));
            q.ask_qty = fx(1 + rnd(15));
            h->send("quotes", q);
        }
    }
    h->stop();
    std::vector<std::vector<unsigned char>> out;
    for (const auto& p : h->published()) out.push_back(p.bytes);
    return out;
}

}  // namespace

TEST_F(Paper, SameInputsGiveIdenticalOutputs) {
    auto first = run_scenario();
    auto second = run_scenario();
    ASSERT_GT(first.size(), 100u);
    EXPECT_EQ(first, second);
}
