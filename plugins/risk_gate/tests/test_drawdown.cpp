// The drawdown kill switch: peak-to-trough of equity from fills and marks, tripped once,
// journaled (state_put), still tripped after a restart, re-armed only by a new drawdown_rearm.
#include "risk_fixture.hpp"
#include "drawdown.hpp"

using namespace risk_test;
using tradehost::risk_gate::Drawdown;
using tradehost::risk_gate::DrawdownLimits;

namespace {

class RiskDrawdown : public Risk {
protected:
    std::map<std::string, std::string> cfg_;
    void make_dd(const std::map<std::string, std::string>& cfg, const std::map<std::string, std::string>* state = nullptr) {
        cfg_ = cfg;
        h = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& kv : cfg) h->set(kv.first, kv.second);
        if (state) h->state() = *state;
        h->create();
        h->start();
        sym = h->intern("AAPL");
    }
    /// A new instance on the journaled state, as after a restart.
    void restart(std::map<std::string, std::string> cfg) {
        const auto saved = h->state();
        h.reset();
        make_dd(cfg, &saved);
    }
};

}  // namespace

TEST(Drawdown, PeakToTroughByAmountAndFraction) {
    Drawdown d;
    d.basis = fx(1000);  // equity_base
    DrawdownLimits lim;
    lim.amount = fx(100);
    EXPECT_FALSE(d.check(0, lim, 1, ""));
    EXPECT_FALSE(d.check(fx(50), lim, 2, ""));  // peak 1050
    EXPECT_EQ(d.peak, fx(1050));
    EXPECT_FALSE(d.check(fx(-50), lim, 3, ""));  // exactly 100 below: not more than the limit
    EXPECT_TRUE(d.check(fx(-51), lim, 4, "r1"));
    EXPECT_EQ(d.trip_drawdown, fx(101));
    EXPECT_EQ(d.trip_equity, fx(949));
    EXPECT_EQ(d.rearm, "r1");
    EXPECT_FALSE(d.check(fx(-500), lim, 5, "r1")) << "trips once";
    EXPECT_TRUE(d.tripped);

    Drawdown f;
    f.basis = fx(2000);
    DrawdownLimits pct;
    pct.fraction = 0.05;  // 5% of the peak
    EXPECT_FALSE(f.check(0, pct, 1, ""));
    EXPECT_FALSE(f.check(fx(-100), pct, 2, ""));  // 100 = 5% of 2000
    EXPECT_TRUE(f.check(fx(-101), pct, 3, ""));
}

TEST(Drawdown, RecordCarriesEquityIntoANewSession) {
    Drawdown d;
    d.basis = fx(1000);
    DrawdownLimits lim;
    lim.amount = fx(100);
    d.check(fx(80), lim, 1, "");
    d.check(fx(30), lim, 2, "");  // equity 1030, peak 1080
    const std::string rec = d.encode(fx(30));
    Drawdown n = Drawdown::decode(rec, 0);  // the new session's PnL starts at 0
    EXPECT_EQ(n.equity(0), fx(1030));
    EXPECT_EQ(n.peak, fx(1080));
    EXPECT_EQ(n.drawdown(0), fx(50));
    EXPECT_THROW(Drawdown::decode("junk", 0), tradehost::Error);
}

TEST_F(RiskDrawdown, TripsOnMarksRejectsNewOrdersAndSurvivesARestart) {
    make_dd({{"max_drawdown", "100"}, {"drawdown_rearm", "2026-12-01"}});
    quote(T0, fx(99), fx(101));
    fill(T0 + kMs, "x1", TH_SIDE_BUY, fx(10), fx(100));
    quote(T0 + 2 * kMs, fx(104), fx(106));  // +50: peak 50
    EXPECT_TRUE(submit(T0 + 3 * kMs, "a", TH_SIDE_BUY, fx(1), fx(100)));
    quote(T0 + 4 * kMs, fx(94), fx(96));  // 95: -50, drawdown 100: not beyond
    EXPECT_TRUE(submit(T0 + 5 * kMs, "b", TH_SIDE_BUY, fx(1), fx(95)));
    quote(T0 + 6 * kMs, fx("93.9"), fx("95.9"));  // 94.9: drawdown 101 (10 held; a and b not filled)
    EXPECT_EQ(h->metric("drawdown_trips"), 1);
    EXPECT_FALSE(submit(T0 + 7 * kMs, "c", TH_SIDE_SELL, fx(1), fx(95)));
    EXPECT_EQ(last_reason, "max_drawdown: tripped by drawdown 101 from peak 50; change drawdown_rearm");
    EXPECT_TRUE(cancel(T0 + 8 * kMs, "a.c", "a")) << "cancels still pass";
    // Prices recover, but the switch stays tripped.
    quote(T0 + 9 * kMs, fx(109), fx(111));
    EXPECT_FALSE(submit(T0 + 10 * kMs, "d", TH_SIDE_BUY, fx(1), fx(100)));

    // The record is in the journal: a restart with the same config keeps it tripped.
    ASSERT_TRUE(h->state().count("drawdown"));
    restart(cfg_);
    EXPECT_FALSE(submit(T0 + kSec, "e", TH_SIDE_BUY, fx(1), fx(100)));
    EXPECT_EQ(last_reject.status, TH_STATUS_REJECTED);
    EXPECT_NE(last_reason.find("max_drawdown: tripped by drawdown 101 from peak 50"), std::string::npos);

    // A new drawdown_rearm value re-arms it; the peak restarts at the equity now.
    restart({{"max_drawdown", "100"}, {"drawdown_rearm", "2026-12-02"}});
    EXPECT_TRUE(submit(T0 + 2 * kSec, "f", TH_SIDE_BUY, fx(1), fx(100)));
}

TEST_F(RiskDrawdown, RestartContinuesFromTheJournaledEquityAndPeak) {
    make_dd({{"max_drawdown", "100"}});
    quote(T0, fx(99), fx(101));
    fill(T0 + kMs, "x1", TH_SIDE_BUY, fx(10), fx(100));
    fill(T0 + 2 * kMs, "x2", TH_SIDE_SELL, fx(10), fx(106));  // realized +60: equity 60, peak 60
    fill(T0 + 3 * kMs, "x3", TH_SIDE_BUY, fx(10), fx(100));
    fill(T0 + 4 * kMs, "x4", TH_SIDE_SELL, fx(10), fx(95));  // realized -50: equity 10, drawdown 50
    restart(cfg_);
    // The venue says we hold 10 @ 100 (a reconciliation: no gain, no loss).
    position(T0 + kSec, fx(10), fx(100));
    quote(T0 + kSec, fx(99), fx(101));
    EXPECT_TRUE(submit(T0 + kSec + kMs, "a", TH_SIDE_BUY, fx(1), fx(100)));
    // A fall of 5.1 more on 10 units is a drawdown of 101 from the peak of the last session.
    quote(T0 + kSec + 2 * kMs, fx("93.9"), fx("95.9"));
    EXPECT_FALSE(submit(T0 + kSec + 3 * kMs, "b", TH_SIDE_BUY, fx(1), fx(90)));
    EXPECT_EQ(last_reason.rfind("max_drawdown: tripped by drawdown 101 from peak 60", 0), 0u)
        << last_reason;
}

TEST_F(RiskDrawdown, PercentNeedsAnEquityBase) {
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    x->set("max_drawdown_pct", "5");
    try {
        x->create();
        FAIL() << "created without equity_base";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("max_drawdown_pct: needs equity_base > 0"), std::string::npos) << e.what();
    }
}

TEST_F(RiskDrawdown, HotReloadCarriesATrippedSwitch) {
    make_dd({{"max_drawdown_pct", "10"}, {"equity_base", "1000"}});
    quote(T0, fx(99), fx(101));
    fill(T0 + kMs, "x1", TH_SIDE_BUY, fx(10), fx(100));
    quote(T0 + 2 * kMs, fx(88), fx(90));  // 89: -110 of a 1000 peak = 11%
    const std::string blob = h->snapshot();
    h = std::make_unique<Harness>(PLUGIN_PATH);
    for (const auto& kv : cfg_) h->set(kv.first, kv.second);
    h->create();
    h->restore(blob);
    h->start();
    sym = h->intern("AAPL");
    EXPECT_FALSE(submit(T0 + 3 * kMs, "a", TH_SIDE_SELL, fx(1), fx(89)));
    EXPECT_EQ(last_reason.rfind("max_drawdown:", 0), 0u) << last_reason;
}
