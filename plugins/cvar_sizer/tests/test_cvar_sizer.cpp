// cvar_sizer through the ABI: targets held until there is history, then scaled to the CVaR
// budget; the drawdown guard from fills, across a restart.
#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>

using tradehost::testing::Harness;

namespace {

constexpr th_time_ns kSec = INT64_C(1000000000);
constexpr th_time_ns kMin = 60 * kSec;
constexpr th_time_ns T0 = INT64_C(1704196800) * kSec;  // 2024-01-02 12:00:00 UTC (a minute boundary)
inline th_fixed fx(double v) { return static_cast<th_fixed>(std::llround(v * 1e8)); }
inline double dbl(th_fixed v) { return static_cast<double>(v) / 1e8; }

class Sizer : public ::testing::Test {
protected:
    std::unique_ptr<Harness> h;
    th_instrument aapl = 0, msft = 0;
    std::map<std::string, std::string> cfg_;

    void make(std::map<std::string, std::string> cfg, const std::map<std::string, std::string>* state = nullptr) {
        cfg_ = cfg;
        h = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& kv : cfg) h->set(kv.first, kv.second);
        if (state) h->state() = *state;
        h->create();
        h->start();
        aapl = h->intern("AAPL");
        msft = h->intern("MSFT");
    }
    void quote(th_time_ns ts, th_instrument id, double mid) {
        auto q = tradehost::make_event<th_quote>(ts);
        q.instrument = id;
        q.bid_px = fx(mid - 0.01);
        q.ask_px = fx(mid + 0.01);
        ASSERT_EQ(h->send("quotes", q), TH_OK) << h->last_error();
    }
    void target(th_time_ns ts, th_instrument id, double qty) {
        auto t = tradehost::make_event<th_target>(ts);
        t.instrument = id;
        t.kind = TH_TARGET_QTY;
        t.value = fx(qty);
        tradehost::copy_str(t.strategy, "test");
        ASSERT_EQ(h->send("targets", t), TH_OK) << h->last_error();
    }
    void fill(th_time_ns ts, th_instrument id, th_side side, double qty, double px) {
        auto f = tradehost::make_event<th_fill>(ts);
        f.instrument = id;
        f.side = static_cast<uint8_t>(side);
        f.qty = fx(qty);
        f.px = fx(px);
        tradehost::copy_str(f.client_order_id, "f");
        ASSERT_EQ(h->send("fills", f), TH_OK) << h->last_error();
    }
    /// One quote per minute from T0 on, returns cycling through `r`; returns the last price.
    double history(th_instrument id, int minutes, const std::vector<double>& r, double p0 = 100) {
        double p = p0;
        for (int i = 0; i < minutes; ++i) {
            quote(T0 + i * kMin, id, p);
            p *= 1 + r[static_cast<size_t>(i) % r.size()];
        }
        return p;
    }
    std::vector<th_target> out() { return h->take<th_target>("targets"); }
};

}  // namespace

TEST_F(Sizer, HoldsUntilHistoryThenScalesToTheBudget) {
    make({{"cvar_budget", "100"}, {"cvar_level", "0.9"}, {"window", "20"}, {"min_observations", "10"},
          {"capital", "100000"}, {"rescale_threshold", "0"}});
    // Returns +1%, -2%, +1.5%, -0.5%, 0: in any 20 of them -2% comes 4 times, the worst 10%
    // (m = 2) is two of those: CVaR = 100 * price * 0.02.
    const std::vector<double> r = {0.01, -0.02, 0.015, -0.005, 0.0};
    quote(T0, aapl, 100);
    target(T0 + kSec, aapl, 100);
    EXPECT_TRUE(out().empty()) << "no history: held";
    EXPECT_GE(h->metric("targets_held"), 1);
    history(aapl, 40, r);
    auto o = out();  // sized as soon as 10 returns exist, and again each time the size moved
    ASSERT_FALSE(o.empty());
    EXPECT_EQ(h->metric("targets_out"), static_cast<int64_t>(o.size()));
    // Re-sending the same target publishes nothing new: its size has not moved since the last
    // bucket closed.
    const th_time_ns t = T0 + 39 * kMin + kSec;
    target(t, aapl, 100);
    EXPECT_TRUE(out().empty());
    // The last size: the last quote's price p, CVaR = 100 * p * 0.02, scale = 100 / CVaR.
    double p = 100;
    for (int i = 0; i < 39; ++i) p *= 1 + r[static_cast<size_t>(i) % r.size()];
    const double want = 100 * 100 / (100 * p * 0.02);
    EXPECT_EQ(o.back().instrument, aapl);
    EXPECT_EQ(o.back().kind, TH_TARGET_QTY);
    EXPECT_NEAR(dbl(o.back().value), want, want * 1e-3);
    EXPECT_EQ(std::string(o.back().strategy), "test");
    EXPECT_EQ(std::string(o.back().reason).rfind("cvar_sizer x", 0), 0u) << o.back().reason;
    // A target within budget passes whole: 10 units is a CVaR of about 20 < 100.
    target(t + kSec, aapl, 10);
    o = out();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].value, fx(10));
    // Flat always passes at once, history or not.
    target(t + 2 * kSec, msft, 0);
    o = out();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].value, 0);
}

TEST_F(Sizer, SizesScaleWithTheBudget) {
    // The same book with twice the budget gives twice the size (CVaR is homogeneous).
    const std::vector<double> r = {0.01, -0.02, 0.015, -0.005, 0.0};
    double first = 0;
    for (const char* budget : {"50", "100"}) {
        make({{"cvar_budget", budget}, {"cvar_level", "0.9"}, {"window", "20"}, {"min_observations", "10"},
              {"capital", "100000"}, {"method", "parametric"}});
        history(aapl, 30, r);
        out();
        target(T0 + 29 * kMin + kSec, aapl, 1000);
        auto o = out();
        ASSERT_EQ(o.size(), 1u);
        if (first == 0) first = dbl(o[0].value);
        else EXPECT_NEAR(dbl(o[0].value), 2 * first, 1e-6 * first);
        EXPECT_LT(dbl(o[0].value), 1000);
    }
}

TEST_F(Sizer, DrawdownGuardCutsSizeAndSurvivesARestart) {
    // A budget far above the risk: only the guard cuts. Soft 5%, hard 20%, linear.
    const std::map<std::string, std::string> cfg = {{"cvar_budget", "1000000"}, {"window", "20"},
                                                    {"min_observations", "10"}, {"capital", "1000"}};
    make(cfg);
    history(aapl, 15, {0.01, -0.01});
    out();
    fill(T0 + 15 * kMin, msft, TH_SIDE_BUY, 10, 100);
    fill(T0 + 15 * kMin + kSec, msft, TH_SIDE_SELL, 10, 87.5);  // -125: equity 875, 12.5% below 1000
    target(T0 + 15 * kMin + 2 * kSec, aapl, 100);
    auto o = out();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_NEAR(dbl(o[0].value), 50, 1e-6);  // (0.20 - 0.125) / (0.20 - 0.05) = 0.5

    // A restart on the journal: the guard still sees 12.5% below the peak.
    const auto saved = h->state();
    ASSERT_TRUE(saved.count("equity"));
    make(cfg, &saved);
    history(aapl, 15, {0.01, -0.01});
    out();
    target(T0 + 15 * kMin + 3 * kSec, aapl, 100);
    o = out();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_NEAR(dbl(o[0].value), 50, 1e-6);
}

TEST_F(Sizer, HotReloadKeepsHistoryTargetsAndTheDrawdown) {
    const std::map<std::string, std::string> cfg = {{"cvar_budget", "1000000"}, {"window", "20"},
                                                    {"min_observations", "10"}, {"capital", "1000"}};
    make(cfg);
    history(aapl, 15, {0.01, -0.01});
    fill(T0 + 15 * kMin, msft, TH_SIDE_BUY, 10, 100);
    quote(T0 + 15 * kMin + kSec, msft, 87.5);  // unrealized -125: 12.5% below the peak
    target(T0 + 15 * kMin + 2 * kSec, aapl, 100);
    auto o = out();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_NEAR(dbl(o[0].value), 50, 1e-6);
    const std::string blob = h->snapshot();
    h = std::make_unique<Harness>(PLUGIN_PATH);
    for (const auto& kv : cfg) h->set(kv.first, kv.second);
    h->create();
    h->restore(blob);
    h->start();
    aapl = h->intern("AAPL");
    msft = h->intern("MSFT");
    // No warm-up needed: the returns came along. The open MSFT position moves the guard.
    quote(T0 + 15 * kMin + 3 * kSec, msft, 90);  // -100: 10% below: (0.20 - 0.10) / 0.15
    target(T0 + 15 * kMin + 4 * kSec, aapl, 90);
    o = out();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_NEAR(dbl(o[0].value), 90 * (0.10 / 0.15), 1e-6);
}

// Issue 18: the hot reload snapshot (version 2) keeps a held target's decision id and causes,
// so the sized target it publishes after the reload names it; a version 1 snapshot still loads
// (its held targets without ids).
TEST_F(Sizer, HotReloadKeepsTheHeldTargetsDecisionIdAndVersion1StillLoads) {
    const std::map<std::string, std::string> cfg = {{"cvar_budget", "1000000"}, {"window", "20"},
                                                    {"min_observations", "10"}, {"capital", "1000"}};
    constexpr uint64_t kId = 0x1122334455667788;  // a byte pattern found once in the blob
    make(cfg);
    auto t = tradehost::make_event<th_target>(T0);
    t.instrument = aapl;
    t.kind = TH_TARGET_QTY;
    t.value = fx(100);
    t.decision_id = kId;
    t.cause_ids[0] = 7;
    tradehost::copy_str(t.strategy, "test");
    ASSERT_EQ(h->send("targets", t), TH_OK) << h->last_error();
    EXPECT_TRUE(out().empty());  // held: no history yet
    const std::string blob = h->snapshot();

    auto reload = [&](const std::string& b) {
        h = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& kv : cfg) h->set(kv.first, kv.second);
        h->create();
        h->restore(b);
        h->start();
        aapl = h->intern("AAPL");
        history(aapl, 15, {0.01, -0.01});  // warms up: the held target goes out, sized
        auto o = out();
        EXPECT_FALSE(o.empty());
        return o.empty() ? th_target{} : o.back();
    };
    const th_target sized = reload(blob);
    EXPECT_EQ(sized.cause_ids[0], kId);  // 0 before version 2

    std::string v1 = blob;
    const char pattern[] = {'\x88', '\x77', '\x66', '\x55', '\x44', '\x33', '\x22', '\x11'};
    const size_t at = v1.find(std::string(pattern, sizeof pattern));
    ASSERT_NE(at, std::string::npos);
    ASSERT_EQ(v1.find(std::string(pattern, sizeof pattern), at + 1), std::string::npos);
    v1.erase(at, sizeof(uint64_t) * (1 + TH_CAUSE_MAX));  // the id and the causes, last in the blob
    ASSERT_EQ(at, v1.size());
    ASSERT_EQ(v1[4], '\x02');  // the version, after the magic (little-endian u32)
    v1[4] = '\x01';
    const th_target old = reload(v1);
    EXPECT_EQ(old.cause_ids[0], 0u);
    EXPECT_NEAR(dbl(old.value), dbl(sized.value), 1e-9);
}

TEST_F(Sizer, BadConfigNamesTheKey) {
    auto err = [](std::map<std::string, std::string> cfg) {
        auto x = std::make_unique<Harness>(PLUGIN_PATH);
        try {
            for (const auto& kv : cfg) x->set(kv.first, kv.second);
            x->create();
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(err({{"cvar_budget", "100"}, {"capital", "1000"}, {"method", "montecarlo"}}).find("method: expected historical or parametric"),
              std::string::npos);
    EXPECT_NE(err({{"cvar_budget", "100"}, {"capital", "1000"}, {"drawdown_soft", "0.3"}}).find("drawdown_soft"),
              std::string::npos);
    EXPECT_NE(err({{"cvar_budget", "100"}, {"capital", "1000"}, {"cvar_level", "1.5"}}).find("cvar_level"),
              std::string::npos);
    EXPECT_NE(err({{"capital", "1000"}}).find("cvar_budget"), std::string::npos);
}
