// meta_weighter through the plugin: an informed agent and a contrarian-noise agent on one
// seeded random walk; outcomes close at the horizon from quotes, refits follow the schedule,
// the informed agent ends with the larger weight (metric), the blend leans its way, and the
// calibration history survives a restart.
#include <tradehost/agent.hpp>
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;

th_quote quote(th_instrument id, double mid, int64_t ts) {
    th_quote q = tradehost::make_event<th_quote>(ts);
    q.instrument = id;
    q.bid_px = tradehost::to_fixed(mid - 0.01);
    q.ask_px = tradehost::to_fixed(mid + 0.01);
    return q;
}

th_signal view(th_instrument id, const char* agent, double score, int64_t ts) {
    return tradehost::agent::make_signal(ts, id, agent, {score, std::fabs(score), 10 * kSec});
}

// Each step: both agents speak, then the price moves 10 s later. "good" knows the move's
// sign 80% of the time; "noise" guesses. Returns the last blended signals.
void run(Harness& h, th_instrument id, int steps, uint32_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    double mid = 100;
    int64_t t = h.now();
    for (int i = 0; i < steps; ++i) {
        const int dir = u(rng) < 0.5 ? 1 : -1;
        const int good_dir = u(rng) < 0.8 ? dir : -dir;
        const int noise_dir = u(rng) < 0.5 ? 1 : -1;
        h.send("quotes", quote(id, mid, t));
        h.send("signals", view(id, "good", 0.6 * good_dir, t + 1));
        h.send("signals", view(id, "noise", 0.6 * noise_dir, t + 2));
        mid += 0.1 * dir;
        t += 11 * kSec;
        h.send("quotes", quote(id, mid, t));
        t += kSec;
    }
    h.set_now(t);
}

std::unique_ptr<Harness> make() {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set_instance_name("meta");
    h->set("min_samples", "20");
    h->set("refit_interval", "1m");
    h->set("prior_n", "10");
    h->set("floor", "0.05");
    h->set("cap", "0.95");
    return h;
}

}  // namespace

TEST(MetaWeighter, LearnsTheInformedAgentsWeight) {
    auto h = make();
    h->create();
    h->start();
    const th_instrument id = h->intern("AAPL");
    run(*h, id, 400, 3);
    EXPECT_EQ(h->metric("outcomes"), 800);
    EXPECT_GT(h->metric("refits"), 10);
    const int64_t good = h->metric("weight_ppm_good"), noise = h->metric("weight_ppm_noise");
    EXPECT_GT(good, 800000) << "good " << good << " noise " << noise;
    EXPECT_NEAR(good + noise, 1000000, 2);  // each rounded to a ppm
    // Now the agents disagree: the blend follows the informed one.
    h->clear_published();
    h->send("signals", view(id, "good", 0.6, h->now()));
    h->send("signals", view(id, "noise", -0.6, h->now() + 1));
    auto out = h->take<th_signal>("blended");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_GT(out[1].value, 0.3);
    EXPECT_EQ(std::string(out[1].name), "meta");
    EXPECT_EQ(out[1].horizon_ns, 10 * kSec);
    EXPECT_DOUBLE_EQ(out[1].strength, std::fabs(out[1].value));
}

// The decision log (ABI 1.3): a blend names the decision ids of the views in it, in agent
// order; a view without an id (an older publisher) is blended but not named, and a stale
// view (past its horizon) is neither.
TEST(MetaWeighter, ABlendNamesTheDecisionIdsOfItsViews) {
    auto h = make();
    h->create();
    h->start();
    const th_instrument id = h->intern("AAPL"), other = h->intern("MSFT");
    auto sent = [&](th_instrument ins, const char* agent, double score, int64_t ts, uint64_t decision) {
        th_signal s = view(ins, agent, score, ts);
        s.decision_id = decision;  // what the host stamps on publish
        h->send("signals", s);
    };
    const int64_t t0 = h->now();
    sent(id, "good", 0.5, t0, 41);
    sent(other, "good", 0.5, t0, 42);     // another instrument: not in AAPL's blend
    sent(id, "noise", 0.2, t0 + 1, 0);    // no id: blended, not named
    sent(id, "third", 0.3, t0 + 2, 43);
    auto out = h->take<th_signal>("blended");
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0].cause_ids[0], 41u);
    EXPECT_EQ(out[0].cause_ids[1], 0u);
    EXPECT_EQ(out[1].cause_ids[0], 42u);
    EXPECT_EQ(out[3].cause_ids[0], 41u);
    EXPECT_EQ(out[3].cause_ids[1], 43u);
    EXPECT_EQ(out[3].cause_ids[2], 0u);
    // 11 s later good's and third's views (10 s horizon) are stale: only the new one is named.
    sent(id, "noise", 0.4, t0 + 11 * kSec, 44);
    out = h->take<th_signal>("blended");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].cause_ids[0], 44u);
    EXPECT_EQ(out[0].cause_ids[1], 0u);
}

TEST(MetaWeighter, CalibrationHistorySurvivesARestart) {
    auto h = make();
    h->set("refit_interval", "0s");  // refit after every outcome: fitted on all of its history
    h->create();
    h->start();
    const th_instrument id = h->intern("AAPL");
    run(*h, id, 100, 5);
    h->clear_published();
    h->send("signals", view(h->intern("MSFT"), "good", 0.3, h->now()));
    auto before = h->take<th_signal>("blended");
    ASSERT_EQ(before.size(), 1u);
    EXPECT_GT(std::fabs(before[0].value - 0.3), 1e-3);  // calibrated: not the raw score
    h->stop();
    const std::string saved = h->state().at("history");
    h->destroy();
    // A fresh instance on the same state reads "good" 0.3 exactly as the first one did,
    // before any new outcome: the history came back and was refitted at start.
    auto again = make();
    again->state()["history"] = saved;
    again->create();
    again->start();
    again->send("signals", view(again->intern("MSFT"), "good", 0.3, 5 * kSec));
    auto after = again->take<th_signal>("blended");
    ASSERT_EQ(after.size(), 1u);
    EXPECT_NEAR(after[0].value, before[0].value, 1e-9);
    auto broken = make();
    broken->state()["history"] = "not a state";
    broken->create();
    EXPECT_NO_THROW(broken->start());  // ignored with a warning, never a crash
}

TEST(MetaWeighter, BadConfigNamesTheKey) {
    auto h = make();
    h->set("calibration", "bayes");
    try {
        h->create();
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("calibration: 'bayes'"), std::string::npos) << e.what();
    }
}
