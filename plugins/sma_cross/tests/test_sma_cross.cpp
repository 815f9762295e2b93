// Plugin-level tests of the sma_cross strategy through the SDK test harness.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using tradehost::testing::Harness;

namespace {

constexpr th_time_ns kT0 = 1704205800000000000;  // 2024-01-02T14:30:00Z
constexpr int64_t kSec = 1000000000;

th_fixed fx(const std::string& s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

using Settings = std::vector<std::pair<std::string, std::string>>;

// With fast=2, slow=4 this path crosses up at 5, down at 7, up at 9 and down at 10:
//   i=4 [10,10,10,9]  fast 9.5  < slow 9.75   first direction, not a crossing
//   i=5 [10,10,9,12]  fast 10.5 > slow 10.25  golden cross
//   i=7 [9,12,8,7]    fast 7.5  < slow 9      death cross
//   i=8 [12,8,7,13]   fast 10  == slow 10     no direction
//   i=9 [8,7,13,14]   fast 13.5 > slow 10.5   golden cross
//   i=10 [7,13,14,5]  fast 9.5  < slow 9.75   death cross
const std::vector<std::string> kPath = {"10", "10", "10", "10", "9", "12", "8", "7", "13", "14", "5"};

class Rig {
public:
    explicit Rig(const Settings& settings = {}, bool create = true) : h(PLUGIN_PATH) {
        h.set("fast", "2");
        h.set("slow", "4");
        for (const auto& [k, v] : settings) h.set(k, v);
        if (create) start();
    }
    void start() {
        h.create();
        h.start();
    }

    // A quote whose mid is `mid` (one cent either side).
    void quote(const std::string& sym, const std::string& mid, th_time_ns ts) {
        auto q = tradehost::make_event<th_quote>(ts);
        q.instrument = h.intern(sym);
        q.bid_px = fx(mid) - fx("0.01");
        q.ask_px = fx(mid) + fx("0.01");
        q.bid_qty = q.ask_qty = fx("100");
        ASSERT_EQ(h.send("quotes", q), TH_OK) << h.last_error();
    }
    void bar(const std::string& sym, const std::string& close, th_time_ns ts) {
        auto b = tradehost::make_event<th_bar>(ts);
        b.instrument = h.intern(sym);
        b.interval_s = 60;
        b.open = b.high = b.low = b.close = fx(close);
        ASSERT_EQ(h.send("bars", b), TH_OK) << h.last_error();
    }
    void fill(const th_order_request& o, th_fixed qty) {
        auto f = tradehost::make_event<th_fill>(o.hdr.ts);
        f.instrument = o.instrument;
        f.side = o.side;
        f.px = o.limit_px ? o.limit_px : fx("10");
        f.qty = qty;
        tradehost::copy_str(f.client_order_id, o.client_order_id);
        tradehost::copy_str(f.fill_id, std::string("f-") + o.client_order_id);
        ASSERT_EQ(h.send("fills", f), TH_OK) << h.last_error();
    }
    void report(const th_order_request& o, th_exec_type type, th_fixed leaves = 0, const char* reason = "") {
        auto r = tradehost::make_event<th_execution_report>(o.hdr.ts);
        r.instrument = o.instrument;
        r.exec_type = static_cast<uint8_t>(type);
        r.side = o.side;
        r.order_qty = o.qty;
        r.leaves_qty = leaves;
        r.cum_qty = o.qty - leaves;
        tradehost::copy_str(r.client_order_id, o.client_order_id);
        tradehost::copy_str(r.reason, reason);
        ASSERT_EQ(h.send("exec_reports", r), TH_OK) << h.last_error();
    }
    // Fill completely and report it, as a broker would.
    void fill_all(const th_order_request& o) {
        fill(o, o.qty);
        report(o, TH_EXEC_FILL);
    }
    // The venue's position of `sym`, as the paper venue publishes it after a fill or at start.
    void position(const std::string& sym, const std::string& qty, th_time_ns ts = kT0) {
        auto p = tradehost::make_event<th_position>(ts);
        p.instrument = h.intern(sym);
        p.qty = fx(qty);
        p.avg_px = fx("10");
        ASSERT_EQ(h.send("positions", p), TH_OK) << h.last_error();
    }
    std::vector<th_order_request> orders() { return h.take<th_order_request>("orders"); }

    // Feed kPath[from, to) as quotes at kT0 + i seconds; returns the orders it produced.
    std::vector<th_order_request> feed(size_t from, size_t to, const std::string& sym = "AAPL") {
        for (size_t i = from; i < to; ++i) quote(sym, kPath[i], kT0 + static_cast<int64_t>(i) * kSec);
        return orders();
    }

    Harness h;
};

void expect_order(const th_order_request& o, th_side side, const std::string& qty, const char* id, th_time_ns ts) {
    EXPECT_EQ(o.side, side);
    EXPECT_EQ(o.qty, fx(qty));
    EXPECT_STREQ(o.client_order_id, id);
    EXPECT_EQ(o.hdr.ts, ts);
    EXPECT_EQ(o.action, TH_ORDER_NEW);
    EXPECT_EQ(o.orig_client_order_id[0], '\0');
}

th_time_ns at(int i) { return kT0 + i * kSec; }

}  // namespace

TEST(SmaCross, DeclaresItsPorts) {
    Harness h(PLUGIN_PATH);
    EXPECT_STREQ(h.entry().kind, "strategy");
    EXPECT_EQ(h.port_index("quotes"), 0u);
    EXPECT_EQ(h.port_index("bars"), 1u);
    EXPECT_EQ(h.port_index("fills"), 2u);
    EXPECT_EQ(h.port_index("exec_reports"), 3u);
    EXPECT_EQ(h.port_index("orders"), 4u);
    EXPECT_EQ(h.port_index("positions"), 5u);
    EXPECT_EQ(h.port_index("signals"), 6u);
    EXPECT_EQ(h.port_index("model_signals"), 7u);
    ASSERT_EQ(h.entry().port_count, 8u);
    EXPECT_EQ(h.entry().ports[5].direction, TH_PORT_IN);
    EXPECT_EQ(h.entry().ports[5].event_type, TH_EV_POSITION);
    EXPECT_EQ(h.entry().ports[6].direction, TH_PORT_OUT);
    EXPECT_EQ(h.entry().ports[6].event_type, TH_EV_SIGNAL);
    EXPECT_EQ(h.entry().ports[7].direction, TH_PORT_IN);
    EXPECT_EQ(h.entry().ports[7].event_type, TH_EV_SIGNAL);
}

TEST(SmaCross, EveryCrossingIsASignedSignal) {
    Rig r;
    r.feed(0, 11);  // crosses up at 5, down at 7, up at 9, down at 10
    auto sigs = r.h.take<th_signal>("signals");
    ASSERT_EQ(sigs.size(), 4u);
    const double dirs[] = {1, -1, 1, -1};
    const int when[] = {5, 7, 9, 10};
    for (size_t i = 0; i < sigs.size(); ++i) {
        EXPECT_EQ(sigs[i].value, dirs[i]) << i;
        EXPECT_EQ(sigs[i].strength, 1.0) << i;  // in [0, 1]: the direction is value's sign
        EXPECT_EQ(sigs[i].hdr.ts, at(when[i])) << i;
        EXPECT_EQ(r.h.symbol(sigs[i].instrument), "AAPL");
        EXPECT_STREQ(sigs[i].name, dirs[i] > 0 ? "sma_golden_cross" : "sma_death_cross");
    }
}

TEST(SmaCross, OrdersOnKnownCrossingsWithFilledPositions) {
    Rig r;
    EXPECT_TRUE(r.feed(0, 5).empty()) << "warm-up and the first direction send nothing";
    auto o = r.feed(5, 6);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_BUY, "10", "test-1-1", at(5));
    EXPECT_EQ(r.h.symbol(o[0].instrument), "AAPL");
    EXPECT_EQ(o[0].order_type, TH_ORDER_MARKET);
    EXPECT_EQ(o[0].tif, TH_TIF_DAY);
    EXPECT_EQ(o[0].limit_px, 0);
    r.fill_all(o[0]);

    EXPECT_TRUE(r.feed(6, 7).empty());
    o = r.feed(7, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "20", "test-1-2", at(7));  // +10 -> -10
    r.fill_all(o[0]);

    EXPECT_TRUE(r.feed(8, 9).empty()) << "equal averages are no crossing";
    o = r.feed(9, 10);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_BUY, "20", "test-1-3", at(9));
    r.fill_all(o[0]);
    o = r.feed(10, 11);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "20", "test-1-4", at(10));
    EXPECT_EQ(r.h.metric("crosses"), 4);
    EXPECT_EQ(r.h.metric("orders"), 4);
    EXPECT_EQ(r.h.metric("fills"), 3);
}

TEST(SmaCross, OrderQuantityFollowsThePositionFromFills) {
    // No fill events: the position stays 0, so every crossing trades exactly order_qty.
    Rig none;
    auto o = none.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    none.report(o[0], TH_EXEC_FILL);
    o = none.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "10", "test-1-2", at(7));

    // A partial fill of 4 then a cancel: long 4, so the death cross sells 14.
    Rig partial;
    o = partial.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    partial.report(o[0], TH_EXEC_NEW, fx("10"));
    partial.fill(o[0], fx("4"));
    partial.report(o[0], TH_EXEC_PARTIAL_FILL, fx("6"));
    partial.report(o[0], TH_EXEC_CANCELED);
    o = partial.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "14", "test-1-2", at(7));
}

TEST(SmaCross, NoNewOrderWhileOneIsOpen) {
    Rig r;
    auto first = r.feed(0, 6);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_TRUE(r.feed(6, 8).empty()) << "the death cross comes while the buy is open";
    EXPECT_EQ(r.h.metric("skipped_pending"), 1);
    r.report(first[0], TH_EXEC_NEW, fx("10"));
    EXPECT_TRUE(r.feed(8, 10).empty()) << "still open after NEW";
    EXPECT_EQ(r.h.metric("skipped_pending"), 2);
    r.fill_all(first[0]);
    auto o = r.feed(10, 11);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "20", "test-1-2", at(10));
    EXPECT_EQ(r.h.metric("crosses"), 4);
}

TEST(SmaCross, BarsDriveTheStrategyLikeQuotes) {
    Rig r;
    std::vector<th_order_request> all;
    for (size_t i = 0; i < kPath.size(); ++i) {
        r.bar("SPY", kPath[i], at(static_cast<int>(i)));
        for (const auto& o : r.orders()) {
            all.push_back(o);
            r.fill_all(o);
        }
    }
    ASSERT_EQ(all.size(), 4u);
    expect_order(all[0], TH_SIDE_BUY, "10", "test-1-1", at(5));
    expect_order(all[1], TH_SIDE_SELL, "20", "test-1-2", at(7));
    expect_order(all[2], TH_SIDE_BUY, "20", "test-1-3", at(9));
    expect_order(all[3], TH_SIDE_SELL, "20", "test-1-4", at(10));
    EXPECT_EQ(r.h.symbol(all[0].instrument), "SPY");
}

TEST(SmaCross, WithoutShortingADeathCrossGoesFlat) {
    Rig r(Settings{{"allow_short", "false"}});
    std::vector<th_order_request> all;
    for (size_t i = 0; i < kPath.size(); ++i) {
        r.quote("AAPL", kPath[i], at(static_cast<int>(i)));
        for (const auto& o : r.orders()) {
            all.push_back(o);
            r.fill_all(o);
        }
    }
    ASSERT_EQ(all.size(), 4u);
    expect_order(all[0], TH_SIDE_BUY, "10", "test-1-1", at(5));
    expect_order(all[1], TH_SIDE_SELL, "10", "test-1-2", at(7));
    expect_order(all[2], TH_SIDE_BUY, "10", "test-1-3", at(9));
    expect_order(all[3], TH_SIDE_SELL, "10", "test-1-4", at(10));

    // A death cross while flat has nothing to do.
    Rig flat(Settings{{"allow_short", "false"}});
    const std::vector<std::string> down_first = {"10", "10", "10", "10", "11", "8", "12", "13"};
    for (size_t i = 0; i < down_first.size(); ++i) flat.quote("AAPL", down_first[i], at(static_cast<int>(i)));
    auto o = flat.orders();
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_BUY, "10", "test-1-1", at(7));
    EXPECT_EQ(flat.h.metric("crosses"), 2);
}

TEST(SmaCross, LimitOrdersArePricedAroundTheMid) {
    Rig passive(Settings{{"order_type", "limit"}, {"limit_offset_bps", "10"}});
    auto o = passive.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].order_type, TH_ORDER_LIMIT);
    EXPECT_EQ(o[0].tif, TH_TIF_GTC);
    EXPECT_EQ(o[0].limit_px, fx("11.98"));  // 12 * 0.999 = 11.988, buys round down
    passive.fill_all(o[0]);
    o = passive.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].limit_px, fx("7.01"));  // 7 * 1.001 = 7.007, sells round up
    EXPECT_EQ(o[0].qty, fx("20"));

    Rig marketable(Settings{{"order_type", "limit"}, {"limit_offset_bps", "-10"}, {"tif", "ioc"}});
    o = marketable.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].limit_px, fx("12.01"));  // 12.012 rounded down
    EXPECT_EQ(o[0].tif, TH_TIF_IOC);
    marketable.fill_all(o[0]);
    o = marketable.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].limit_px, fx("7"));  // 7 * 0.999 = 6.993, sells round up

    Rig coarse(Settings{{"order_type", "limit"}, {"tick_size", "0.25"}});
    o = coarse.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].limit_px, fx("12"));
}

TEST(SmaCross, MarketOrdersUseTheConfiguredTif) {
    Rig r(Settings{{"tif", "ioc"}});
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].tif, TH_TIF_IOC);
    EXPECT_EQ(o[0].order_type, TH_ORDER_MARKET);
}

TEST(SmaCross, RejectsAreLoggedCountedAndFreeTheInstrument) {
    Rig r;
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    r.report(o[0], TH_EXEC_REJECTED, 0, "insufficient buying power");
    EXPECT_EQ(r.h.metric("rejects"), 1);
    bool logged = false;
    for (const auto& line : r.h.log_lines())
        logged = logged || (line.rfind("warn:", 0) == 0 && line.find("test-1-1") != std::string::npos &&
                            line.find("insufficient buying power") != std::string::npos);
    EXPECT_TRUE(logged);
    o = r.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "10", "test-1-2", at(7));  // never filled: flat -> -10
}

TEST(SmaCross, FillsAndReportsOfOtherInstancesAreIgnored) {
    Rig r;
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    th_order_request foreign = o[0];
    tradehost::copy_str(foreign.client_order_id, "other-1-1");
    r.fill(foreign, fx("50"));
    r.report(foreign, TH_EXEC_REJECTED, 0, "not ours");
    tradehost::copy_str(foreign.client_order_id, "test-2-1-1");
    r.fill(foreign, fx("50"));
    EXPECT_EQ(r.h.metric("fills"), 0);
    EXPECT_EQ(r.h.metric("rejects"), 0);
    r.fill_all(o[0]);
    o = r.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].qty, fx("20"));
}

TEST(SmaCross, ClientOrderIdsCarryTheSession) {
    Rig r({}, false);
    r.h.set_session_id(7);
    r.start();
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_STREQ(o[0].client_order_id, "test-7-1");
}

TEST(SmaCross, InstrumentsListLimitsTrading) {
    Rig r;
    Rig only({}, false);
    only.h.set_list("instruments", {"AAPL"});
    only.start();
    EXPECT_TRUE(only.feed(0, kPath.size(), "MSFT").empty());
    EXPECT_EQ(only.h.metric("crosses"), 0);
    EXPECT_EQ(only.feed(0, 6, "AAPL").size(), 1u);
}

TEST(SmaCross, InstrumentsAreTrackedSeparately) {
    Rig r;
    // Interleave two symbols; MSFT runs the same path three steps later.
    std::vector<th_order_request> all;
    for (size_t i = 0; i < kPath.size() + 3; ++i) {
        if (i < kPath.size()) r.quote("AAPL", kPath[i], at(static_cast<int>(i)));
        if (i >= 3) r.quote("MSFT", kPath[i - 3], at(static_cast<int>(i)));
        for (const auto& o : r.orders()) {
            all.push_back(o);
            r.fill_all(o);
        }
    }
    ASSERT_EQ(all.size(), 8u);
    std::vector<std::pair<std::string, th_time_ns>> got;
    for (const auto& o : all) got.emplace_back(r.h.symbol(o.instrument), o.hdr.ts);
    const std::vector<std::pair<std::string, th_time_ns>> expected = {
        {"AAPL", at(5)}, {"AAPL", at(7)}, {"MSFT", at(8)},  {"AAPL", at(9)},
        {"AAPL", at(10)}, {"MSFT", at(10)}, {"MSFT", at(12)}, {"MSFT", at(13)}};
    EXPECT_EQ(got, expected);
    EXPECT_STREQ(all[7].client_order_id, "test-1-8");
    EXPECT_EQ(all[2].qty, fx("10")) << "MSFT's first order starts from its own flat position";
}

TEST(SmaCross, SampleEveryUsesEveryNthUpdate) {
    Rig r(Settings{{"sample_every", "3"}});
    for (size_t i = 0; i < kPath.size(); ++i) {
        r.quote("AAPL", kPath[i], at(static_cast<int>(i)));
        r.quote("AAPL", "1000", at(static_cast<int>(i)) + 1);  // skipped samples
        r.quote("AAPL", "1", at(static_cast<int>(i)) + 2);
        for (const auto& o : r.h.take<th_order_request>("orders")) r.fill_all(o);
    }
    EXPECT_EQ(r.h.metric("orders"), 4);
    EXPECT_EQ(r.h.metric("crosses"), 4);
}

TEST(SmaCross, KillSwitchHoldsOrders) {
    Rig r;
    r.h.set_kill_switch(true);
    EXPECT_TRUE(r.feed(0, 6).empty());
    EXPECT_EQ(r.h.metric("skipped_kill_switch"), 1);
    r.h.set_kill_switch(false);
    auto o = r.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].side, TH_SIDE_SELL);
    EXPECT_EQ(o[0].qty, fx("10"));
}

TEST(SmaCross, WrongEventTypeOnAPortIsAnError) {
    Rig r;
    auto b = tradehost::make_event<th_bar>(kT0);
    EXPECT_EQ(r.h.send("quotes", b), TH_ERR_INVALID_ARGUMENT);
    EXPECT_NE(r.h.last_error().find("quotes"), std::string::npos);
}

TEST(SmaCross, OneSidedQuotesAreIgnored) {
    Rig r;
    auto q = tradehost::make_event<th_quote>(kT0);
    q.instrument = r.h.intern("AAPL");
    q.ask_px = fx("10");
    for (int i = 0; i < 10; ++i) ASSERT_EQ(r.h.send("quotes", q), TH_OK);
    // The path still needs its full warm-up afterwards.
    EXPECT_TRUE(r.feed(0, 5).empty());
    EXPECT_EQ(r.feed(5, 6).size(), 1u);
}

TEST(SmaCross, ConfigErrors) {
    auto create_error = [](const Settings& settings) -> std::string {
        Harness h(PLUGIN_PATH);
        for (const auto& [k, v] : settings) h.set(k, v);
        try {
            h.create();
        } catch (const std::exception& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_NE(create_error({{"fast", "30"}, {"slow", "10"}}).find("fast (30) must be smaller than slow (10)"),
              std::string::npos);
    EXPECT_NE(create_error({{"fast", "20"}, {"slow", "20"}}).find("must be smaller"), std::string::npos);
    EXPECT_NE(create_error({{"order_type", "stop"}}).find("order_type"), std::string::npos);
    EXPECT_NE(create_error({{"tif", "gtd"}}).find("tif"), std::string::npos);
    EXPECT_EQ(create_error({}), "") << "the defaults are valid";
}

// Against a brute-force reference on a long random walk: every crossing and only those.
TEST(SmaCross, MatchesABruteForceReferenceOnARandomWalk) {
    const int fast = 5, slow = 20;
    Rig r(Settings{{"fast", std::to_string(fast)}, {"slow", std::to_string(slow)}, {"order_qty", "3"}});
    std::mt19937_64 rng(2024);
    std::vector<int64_t> cents;
    int64_t px = 10000;
    for (int i = 0; i < 5000; ++i) {
        px += static_cast<int64_t>(rng() % 41) - 20;
        if (px < 100) px = 100;
        cents.push_back(px);
    }
    // Reference: re-sum both windows at every step.
    std::vector<int> expected_cross;  // index, signed by direction
    std::vector<int> dir;
    int last = 0;
    for (int i = slow - 1; i < static_cast<int>(cents.size()); ++i) {
        int64_t fs = 0, ss = 0;
        for (int k = 0; k < fast; ++k) fs += cents[i - k];
        for (int k = 0; k < slow; ++k) ss += cents[i - k];
        const int s = fs * slow > ss * fast ? 1 : (fs * slow < ss * fast ? -1 : 0);
        if (s == 0 || s == last) continue;
        if (last != 0) {
            expected_cross.push_back(i);
            dir.push_back(s);
        }
        last = s;
    }
    ASSERT_GT(expected_cross.size(), 50u);

    std::vector<int> got;
    std::vector<th_order_request> orders;
    for (size_t i = 0; i < cents.size(); ++i) {
        auto q = tradehost::make_event<th_quote>(at(static_cast<int>(i)));
        q.instrument = r.h.intern("RW");
        q.bid_px = cents[i] * TH_FIXED_SCALE / 100 - TH_FIXED_SCALE / 100;
        q.ask_px = cents[i] * TH_FIXED_SCALE / 100 + TH_FIXED_SCALE / 100;
        ASSERT_EQ(r.h.send("quotes", q), TH_OK);
        for (const auto& o : r.orders()) {
            got.push_back(static_cast<int>((o.hdr.ts - kT0) / kSec));
            orders.push_back(o);
            r.fill_all(o);
        }
    }
    EXPECT_EQ(got, expected_cross);
    ASSERT_EQ(orders.size(), dir.size());
    for (size_t k = 0; k < orders.size(); ++k) {
        EXPECT_EQ(orders[k].side, dir[k] > 0 ? TH_SIDE_BUY : TH_SIDE_SELL);
        EXPECT_EQ(orders[k].qty, fx(k == 0 ? "3" : "6"));
        EXPECT_EQ(std::string(orders[k].client_order_id), "test-1-" + std::to_string(k + 1));
    }
}

// --- Reconciliation with the venue's positions -----------------------------------------

TEST(SmaCross, PositionAtStartSetsThePositionTheOrdersWorkFrom) {
    // A restart: the venue holds -50 and says so at start; the strategy starts flat.
    Rig r;
    r.position("AAPL", "-50");
    EXPECT_EQ(r.h.metric("reconciled"), 1);
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_BUY, "60", "test-1-1", at(5));  // -50 -> +10, not 0 -> +10
    r.fill_all(o[0]);
    o = r.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "20", "test-1-2", at(7));  // the fill moved it on to +10
    bool logged = false;
    for (const auto& line : r.h.log_lines())
        logged = logged || (line.rfind("info:", 0) == 0 && line.find("AAPL: position reconciled") != std::string::npos &&
                            line.find("-50") != std::string::npos);
    EXPECT_TRUE(logged);
}

TEST(SmaCross, AFillFollowedByItsPositionEventCountsOnce) {
    Rig r;
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    // What the paper venue publishes for one fill: fill, report, then the position after it.
    r.fill(o[0], o[0].qty);
    r.report(o[0], TH_EXEC_FILL);
    r.position("AAPL", "10");
    EXPECT_EQ(r.h.metric("reconciled"), 0) << "the position event agreed with the fill";
    o = r.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "20", "test-1-2", at(7));  // +10 -> -10, not +20 -> -10
    r.fill(o[0], fx("8"));                                       // partial: +2
    r.position("AAPL", "2");
    r.fill(o[0], fx("12"));  // the rest: -10
    r.position("AAPL", "-10");
    r.report(o[0], TH_EXEC_FILL);
    EXPECT_EQ(r.h.metric("reconciled"), 0);
    EXPECT_EQ(r.h.metric("fills"), 3);
    o = r.feed(8, 10);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_BUY, "20", "test-1-3", at(9));
}

TEST(SmaCross, APositionEventReplacesWhatFillsAccumulated) {
    Rig r;
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    r.fill_all(o[0]);           // the strategy believes +10
    r.position("AAPL", "4");    // the venue says +4: it wins
    EXPECT_EQ(r.h.metric("reconciled"), 1);
    r.position("AAPL", "4");    // said again: nothing changes
    EXPECT_EQ(r.h.metric("reconciled"), 1);
    o = r.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "14", "test-1-2", at(7));
}

TEST(SmaCross, FillsKeepMovingThePositionBetweenPositionEvents) {
    Rig r;
    r.position("AAPL", "5");
    auto o = r.feed(0, 6);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_BUY, "5", "test-1-1", at(5));  // +5 -> +10
    r.fill(o[0], fx("3"));  // no position event after it: +8
    r.report(o[0], TH_EXEC_CANCELED);
    o = r.feed(6, 8);
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "18", "test-1-2", at(7));  // +8 -> -10
    EXPECT_EQ(r.h.metric("reconciled"), 1);
}

TEST(SmaCross, PositionEventsAreKeptPerInstrumentAndFiltered) {
    Rig only({}, false);
    only.h.set_list("instruments", {"AAPL"});
    only.start();
    only.position("MSFT", "-30");  // not traded here: ignored
    only.position("AAPL", "0");    // agrees with a flat start: nothing to reconcile
    EXPECT_EQ(only.h.metric("reconciled"), 0);
    only.position("AAPL", "3");
    EXPECT_EQ(only.h.metric("reconciled"), 1);
    auto o = only.feed(0, 6, "AAPL");
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].qty, fx("7"));

    Rig all;
    all.position("MSFT", "-30");
    auto a = all.feed(0, 6, "AAPL");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].qty, fx("10")) << "MSFT's position is not AAPL's";
    auto m = all.feed(0, 6, "MSFT");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].qty, fx("40"));

    auto zero = tradehost::make_event<th_position>(kT0);
    zero.qty = fx("5");  // instrument 0: ignored
    EXPECT_EQ(all.h.send("positions", zero), TH_OK);
    EXPECT_EQ(all.h.metric("reconciled"), 1);
}

TEST(SmaCross, WrongEventTypeOnPositionsIsAnError) {
    Rig r;
    auto f = tradehost::make_event<th_fill>(kT0);
    EXPECT_EQ(r.h.send("positions", f), TH_ERR_INVALID_ARGUMENT);
    EXPECT_NE(r.h.last_error().find("positions"), std::string::npos);
}

TEST(SmaCross, SnapshotCarriesTheReconciledPosition) {
    Rig a;
    a.position("AAPL", "-50");
    a.feed(0, 4);
    a.h.stop();
    const std::string blob = a.h.snapshot();
    Rig b({}, false);
    b.h.create();
    b.h.restore(blob);
    b.h.start();
    auto o = b.feed(4, 6);
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].side, TH_SIDE_BUY);
    EXPECT_EQ(o[0].qty, fx("60"));
    EXPECT_EQ(b.h.metric("reconciled"), 0);
}

namespace {
void snapshot_restore_continues() {
    using H = Harness;
    {
        // Reference: one instance over the whole path, filling every order.
        Rig ref;
        std::vector<th_order_request> expected;
        for (size_t i = 0; i < kPath.size(); ++i) {
            ref.quote("AAPL", kPath[i], at(static_cast<int>(i)));
            for (const auto& o : ref.orders()) {
                expected.push_back(o);
                ref.fill_all(o);
            }
        }
        // The same with a hot reload after step 8: snapshot, fresh instance, restore.
        Rig a;
        std::vector<th_order_request> got;
        for (size_t i = 0; i < 8; ++i) {
            a.quote("AAPL", kPath[i], at(static_cast<int>(i)));
            for (const auto& o : a.orders()) {
                got.push_back(o);
                a.fill_all(o);
            }
        }
        H& ha = static_cast<H&>(a.h);  // dependent on H: compiled only when H has the members
        ha.stop();
        const std::string blob = ha.snapshot();
        Rig b({}, false);
        H& hb = static_cast<H&>(b.h);
        hb.create();
        hb.restore(blob);
        hb.start();
        for (size_t i = 8; i < kPath.size(); ++i) {
            b.quote("AAPL", kPath[i], at(static_cast<int>(i)));
            for (const auto& o : b.orders()) {
                got.push_back(o);
                b.fill_all(o);
            }
        }
        ASSERT_EQ(got.size(), expected.size());
        for (size_t k = 0; k < got.size(); ++k) {
            EXPECT_STREQ(got[k].client_order_id, expected[k].client_order_id);
            EXPECT_EQ(got[k].qty, expected[k].qty);
            EXPECT_EQ(got[k].side, expected[k].side);
        }
    }
}
}  // namespace

TEST(SmaCross, SnapshotRestoreThroughHarnessContinuesIdentically) { snapshot_restore_continues(); }

namespace {

th_signal model_signal(Harness& h, const char* sym, double value, double strength, th_time_ns ts,
                       const char* name = "tree_model") {
    auto s = tradehost::make_event<th_signal>(ts);
    s.instrument = h.intern(sym);
    s.value = value;
    s.strength = strength;
    tradehost::copy_str(s.name, name);
    return s;
}

}  // namespace

TEST(SmaCross, WithSignalNameAModelsSignalsSetTheTargetInsteadOfCrossings) {
    Rig r({{"signal_name", "tree_model"}, {"signal_threshold", "0.2"}, {"order_qty", "5"}});
    EXPECT_EQ(r.h.port_index("model_signals"), 7u);
    // Prices alone trade nothing in this mode, crossings included.
    EXPECT_TRUE(r.feed(0, kPath.size()).empty());
    // Weak, foreign-named and zero signals leave the target as it is.
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", 0.1, 0.1, at(20))), TH_OK);
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", 0.3, 0.9, at(20), "other")), TH_OK);
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", 0.0, 0.9, at(20))), TH_OK);
    EXPECT_TRUE(r.orders().empty());
    // The first confident signal trades (a model's view is a target, not a crossing).
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", 0.3, 0.6, at(21))), TH_OK) << r.h.last_error();
    auto o = r.orders();
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_BUY, "5", "test-1-1", at(21));
    r.fill_all(o[0]);
    // The same direction again changes nothing; the opposite one reverses.
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", 0.4, 0.8, at(22))), TH_OK);
    EXPECT_TRUE(r.orders().empty());
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", -0.25, 0.5, at(23))), TH_OK);
    o = r.orders();
    ASSERT_EQ(o.size(), 1u);
    expect_order(o[0], TH_SIDE_SELL, "10", "test-1-2", at(23));
    EXPECT_EQ(r.h.metric("model_signals"), 5);
    EXPECT_EQ(r.h.metric("direction_changes"), 2);
}

TEST(SmaCross, SignalDrivenLimitOrdersArePricedFromTheLastQuote) {
    Rig r({{"signal_name", "tree_model"}, {"order_type", "limit"}, {"limit_offset_bps", "10"}});
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", 1, 1, at(1))), TH_OK);
    EXPECT_TRUE(r.orders().empty());  // no price yet: the limit price is not positive
    EXPECT_EQ(r.h.metric("invalid_price"), 1);
    r.quote("MSFT", "50", at(2));
    r.quote("AAPL", "100", at(2));
    ASSERT_EQ(r.h.send("model_signals", model_signal(r.h, "AAPL", -1, 1, at(3))), TH_OK);
    const auto o = r.orders();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].limit_px, fx("100.10"));  // sell 10 bps above the mid
}
