// Plugin-level tests of the synthetic feed through the SDK test harness.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kUs = 1000;
constexpr int64_t kMs = 1000000;
constexpr int64_t kSec = 1000000000;
constexpr th_time_ns k2024 = 1704067200000000000;

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

// A comparable view of a quote (the header's seq/source are stamped by the harness).
struct Q {
    std::string symbol;
    th_time_ns ts;
    th_fixed bid, bid_qty, ask, ask_qty;
    bool operator==(const Q& o) const {
        return symbol == o.symbol && ts == o.ts && bid == o.bid && bid_qty == o.bid_qty && ask == o.ask &&
               ask_qty == o.ask_qty;
    }
};

std::vector<Q> quotes(Harness& h) {
    std::vector<Q> out;
    for (const auto& q : h.take<th_quote>("quotes"))
        out.push_back(Q{h.symbol(q.instrument), q.hdr.ts, q.bid_px, q.bid_qty, q.ask_px, q.ask_qty});
    return out;
}

using Settings = std::vector<std::pair<std::string, std::string>>;

// Create and start a feed with `instruments` and extra `settings`.
void setup(Harness& h, const std::vector<std::string>& instruments, const Settings& settings) {
    h.set_list("instruments", instruments);
    for (const auto& [k, v] : settings) h.set(k, v);
    h.create();
    h.start();
}

// Drive a bounded feed to completion (rate 0: one batch per 100 us tick).
void drain(Harness& h) {
    h.advance(0);
    for (int i = 0; i < 100000 && !h.source_finished(); ++i) h.advance(100 * kUs);
    ASSERT_TRUE(h.source_finished());
}

std::vector<Q> run(const std::vector<std::string>& instruments, const Settings& settings,
                   std::vector<th_trade>* trades = nullptr) {
    Harness h(PLUGIN_PATH);
    setup(h, instruments, settings);
    drain(h);
    if (trades) *trades = h.take<th_trade>("trades");
    return quotes(h);
}

}  // namespace

TEST(Synthetic, DeclaresItsPortsAndKind) {
    Harness h(PLUGIN_PATH);
    EXPECT_STREQ(h.entry().kind, "feed");
    EXPECT_EQ(h.port_index("quotes"), 0u);
    EXPECT_EQ(h.port_index("trades"), 1u);
}

TEST(Synthetic, SameSeedGivesIdenticalSequence) {
    std::vector<th_trade> ta, tb;
    auto a = run({"AAPL", "MSFT"}, {{"seed", "7"}, {"count", "500"}}, &ta);
    auto b = run({"AAPL", "MSFT"}, {{"seed", "7"}, {"count", "500"}}, &tb);
    ASSERT_EQ(a.size(), 500u);
    EXPECT_TRUE(a == b);
    ASSERT_EQ(ta.size(), tb.size());
    ASSERT_GT(ta.size(), 0u);
    for (size_t i = 0; i < ta.size(); ++i) {
        EXPECT_EQ(ta[i].hdr.ts, tb[i].hdr.ts);
        EXPECT_EQ(ta[i].px, tb[i].px);
        EXPECT_EQ(ta[i].qty, tb[i].qty);
        EXPECT_EQ(ta[i].aggressor, tb[i].aggressor);
    }
}

TEST(Synthetic, DifferentSeedGivesDifferentSequence) {
    auto a = run({"AAPL"}, {{"seed", "1"}, {"count", "200"}});
    auto b = run({"AAPL"}, {{"seed", "2"}, {"count", "200"}});
    ASSERT_EQ(a.size(), b.size());
    size_t differing = 0;
    for (size_t i = 0; i < a.size(); ++i) differing += a[i].bid != b[i].bid ? 1 : 0;
    EXPECT_GT(differing, 150u);
}

TEST(Synthetic, FirstQuoteIsAtStartPrice) {
    auto q = run({"AAPL"}, {{"start_price", "187.25"}, {"count", "1"}});
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0].bid, fx("187.25"));
    EXPECT_EQ(q[0].ask, fx("187.26"));
    EXPECT_EQ(q[0].ts, k2024);
}

TEST(Synthetic, CountIsRespectedAndSourceFinishes) {
    Harness h(PLUGIN_PATH);
    setup(h, {"AAPL", "MSFT"}, {{"count", "25"}, {"batch", "10"}});
    EXPECT_TRUE(h.published().empty()) << "nothing before the first timer tick";
    h.advance(0);
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 10u);
    EXPECT_FALSE(h.source_finished());
    h.advance(100 * kUs);
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 10u);
    EXPECT_FALSE(h.source_finished());
    h.advance(100 * kUs);
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 5u);
    EXPECT_TRUE(h.source_finished());
    h.clear_published();
    h.advance(10 * kSec);
    EXPECT_TRUE(h.published().empty()) << "the timer is cancelled after the last quote";
}

TEST(Synthetic, PricesAreOnTheTickGridWithTheConfiguredSpread) {
    std::vector<th_trade> trades;
    const th_fixed tick = fx("0.05");
    auto q = run({"XYZ"}, {{"tick_size", "0.05"},
                           {"spread_ticks", "3"},
                           {"start_price", "20"},
                           {"volatility", "1.5"},
                           {"interval", "1h"},
                           {"quote_size", "50"},
                           {"trade_probability", "0.5"},
                           {"count", "3000"}},
                 &trades);
    ASSERT_EQ(q.size(), 3000u);
    th_fixed lo = q[0].bid, hi = q[0].bid;
    for (const auto& x : q) {
        EXPECT_GT(x.bid, 0);
        EXPECT_LT(x.bid, x.ask);
        EXPECT_EQ(x.bid % tick, 0);
        EXPECT_EQ(x.ask % tick, 0);
        EXPECT_EQ(x.ask - x.bid, 3 * tick);
        EXPECT_GE(x.bid_qty, fx("50"));
        EXPECT_LE(x.bid_qty, fx("100"));
        EXPECT_GE(x.ask_qty, fx("50"));
        EXPECT_LE(x.ask_qty, fx("100"));
        lo = std::min(lo, x.bid);
        hi = std::max(hi, x.bid);
    }
    EXPECT_GT(hi - lo, 20 * tick) << "the price actually moves";
    // About half the steps print a trade, at the bid (seller aggressor) or ask (buyer).
    EXPECT_GT(trades.size(), 1300u);
    EXPECT_LT(trades.size(), 1700u);
    std::map<th_time_ns, Q> by_ts;
    for (const auto& x : q) by_ts[x.ts] = x;
    for (const auto& t : trades) {
        ASSERT_EQ(by_ts.count(t.hdr.ts), 1u);
        const Q& x = by_ts[t.hdr.ts];
        if (t.aggressor == TH_SIDE_BUY) EXPECT_EQ(t.px, x.ask);
        else if (t.aggressor == TH_SIDE_SELL) EXPECT_EQ(t.px, x.bid);
        else ADD_FAILURE() << "aggressor " << t.aggressor;
        EXPECT_GT(t.qty, 0);
        EXPECT_LE(t.qty, fx("50"));
    }
}

TEST(Synthetic, EndlessFeedFinishesWhenSimulatedTimeRunsOut) {
    Harness h(PLUGIN_PATH);
    setup(h, {"AAPL"}, {{"start_time", "9000000000000000000"}, {"interval", "2500h"}});
    drain(h);
    const auto q = h.take<th_quote>("quotes");
    const int64_t start = 9000000000000000000, interval = 2500LL * 3600 * kSec;
    const auto steps = static_cast<size_t>((INT64_MAX - start - interval) / interval + 1);
    EXPECT_EQ(q.size(), steps);
    EXPECT_EQ(steps, 24u);
    EXPECT_EQ(q.back().hdr.ts, start + 23 * interval);
    bool warned = false;
    for (const auto& line : h.log_lines()) warned = warned || line.rfind("warn:", 0) == 0;
    EXPECT_TRUE(warned);
}

TEST(Synthetic, TradeProbabilityBounds) {
    std::vector<th_trade> none, all;
    run({"A"}, {{"trade_probability", "0"}, {"count", "300"}}, &none);
    run({"A"}, {{"trade_probability", "1"}, {"count", "300"}}, &all);
    EXPECT_EQ(none.size(), 0u);
    EXPECT_EQ(all.size(), 300u);
}

TEST(Synthetic, InstrumentsAreInterleavedRoundRobinWithRisingTimestamps) {
    auto q = run({"AAPL", "MSFT", "SPY"}, {{"count", "9"}, {"interval", "3s"}});
    ASSERT_EQ(q.size(), 9u);
    const char* order[] = {"AAPL", "MSFT", "SPY"};
    for (size_t i = 0; i < q.size(); ++i) {
        EXPECT_EQ(q[i].symbol, order[i % 3]);
        // Round r of instrument k is at start + r * interval + k * interval / 3.
        EXPECT_EQ(q[i].ts, k2024 + static_cast<int64_t>(i / 3) * 3 * kSec + static_cast<int64_t>(i % 3) * kSec);
    }
}

TEST(Synthetic, PathOfOneSymbolDoesNotDependOnTheOthers) {
    auto alone = run({"MSFT"}, {{"count", "100"}});
    auto mixed = run({"AAPL", "MSFT"}, {{"count", "200"}});
    std::vector<th_fixed> a, b;
    for (const auto& x : alone) a.push_back(x.bid);
    for (const auto& x : mixed)
        if (x.symbol == "MSFT") b.push_back(x.bid);
    EXPECT_EQ(a, b);
}

TEST(Synthetic, TwoInstancesAreIndependent) {
    auto reference = run({"AAPL"}, {{"count", "300"}, {"batch", "7"}});
    // Two instances stepped alternately must each reproduce the reference run.
    Harness h1(PLUGIN_PATH), h2(PLUGIN_PATH);
    setup(h1, {"AAPL"}, {{"count", "300"}, {"batch", "7"}});
    setup(h2, {"AAPL"}, {{"count", "300"}, {"batch", "7"}});
    h1.advance(0);
    h2.advance(0);
    while (!h1.source_finished() || !h2.source_finished()) {
        h1.advance(100 * kUs);
        h2.advance(100 * kUs);
    }
    EXPECT_TRUE(quotes(h1) == reference);
    EXPECT_TRUE(quotes(h2) == reference);
}

TEST(Synthetic, TimerPacesEmissionAtTheConfiguredRate) {
    Harness h(PLUGIN_PATH);
    setup(h, {"AAPL"}, {{"rate", "10"}});
    EXPECT_TRUE(h.published().empty());
    h.advance(0);
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 1u);
    h.advance(100 * kMs);
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 1u);
    h.advance(1 * kSec);
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 10u);
    h.stop();
    h.advance(1 * kSec);
    EXPECT_TRUE(h.take<th_quote>("quotes").empty()) << "stop cancels the timer";
}

TEST(Synthetic, HighRatesReleaseSeveralQuotesPerMillisecondTick) {
    Harness h(PLUGIN_PATH);
    setup(h, {"AAPL"}, {{"rate", "2500"}});
    h.advance(0);  // tick 1: floor(2.5) = 2
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 2u);
    h.advance(1 * kMs);  // tick 2: floor(5.0) - 2 = 3
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 3u);
    h.advance(1 * kSec - 2 * kMs);  // ticks 3..1000 -> 2500 in total after one second
    EXPECT_EQ(h.take<th_quote>("quotes").size(), 2500u - 5u);
}

TEST(Synthetic, LogReturnsHaveTheConfiguredVolatility) {
    // Daily steps for ~10 years at 30% annualised volatility on a high price, so the tick
    // grid is negligible.
    auto q = run({"IDX"}, {{"start_price", "10000"},
                           {"volatility", "0.3"},
                           {"interval", "24h"},
                           {"spread_ticks", "2"},
                           {"count", "3653"}});
    ASSERT_EQ(q.size(), 3653u);
    double sum = 0, sum2 = 0;
    const size_t n = q.size() - 1;
    for (size_t i = 1; i < q.size(); ++i) {
        double r = std::log(static_cast<double>(q[i].bid + q[i].ask) / static_cast<double>(q[i - 1].bid + q[i - 1].ask));
        sum += r;
        sum2 += r * r;
    }
    const double mean = sum / static_cast<double>(n);
    const double daily = std::sqrt(sum2 / static_cast<double>(n) - mean * mean);
    const double annual = daily * std::sqrt(365.25);
    EXPECT_NEAR(annual, 0.3, 0.03);
}

TEST(Synthetic, RejectsBadInstrumentLists) {
    {
        Harness h(PLUGIN_PATH);
        h.set_list("instruments", {"AAPL", "AAPL"});
        try {
            h.create();
            FAIL() << "duplicate symbols accepted";
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find("listed twice"), std::string::npos) << e.what();
        }
    }
    {
        Harness h(PLUGIN_PATH);
        h.set_list("instruments", {});
        EXPECT_THROW(h.create(), std::runtime_error);
    }
    {
        Harness h(PLUGIN_PATH);
        EXPECT_THROW(h.create(), std::runtime_error) << "instruments is required";
    }
}

TEST(Synthetic, RejectsStartPriceBelowTick) {
    Harness h(PLUGIN_PATH);
    h.set_list("instruments", {"A"});
    h.set("tick_size", "1");
    h.set("start_price", "0.5");
    EXPECT_THROW(h.create(), std::runtime_error);
}

// Hot reload through the harness: runs once the SDK harness offers snapshot()/restore().
namespace {
void snapshot_restore_continues() {
    using H = Harness;
    {
        const Settings cfg = {{"count", "100"}, {"batch", "10"}};
        auto reference = run({"AAPL", "MSFT"}, cfg);
        H a(PLUGIN_PATH);
        setup(a, {"AAPL", "MSFT"}, cfg);
        a.advance(0);
        a.advance(100 * kUs);
        auto first = quotes(a);
        a.stop();
        std::string blob = a.snapshot();
        H b(PLUGIN_PATH);
        b.set_list("instruments", {"AAPL", "MSFT"});
        for (const auto& [k, v] : cfg) b.set(k, v);
        b.create();
        b.restore(blob);
        b.start();
        drain(b);
        auto rest = quotes(b);
        first.insert(first.end(), rest.begin(), rest.end());
        EXPECT_TRUE(first == reference);
    }
}
}  // namespace

TEST(Synthetic, SnapshotRestoreThroughHarnessContinuesTheSequence) { snapshot_restore_continues(); }
