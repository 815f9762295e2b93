// The ensemble plugin through the SDK harness: a round blends once every member has spoken,
// stale and unknown members, the stacking file, and BMA's scores surviving a restart.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>

using tradehost::testing::Harness;

namespace {

th_signal member(th_instrument id, th_time_ns ts, const char* name, double value, double strength) {
    th_signal s = tradehost::make_event<th_signal>(ts);
    s.instrument = id;
    s.value = value;
    s.strength = strength;
    tradehost::copy_str(s.name, name);
    return s;
}

th_trade trade(th_instrument id, th_time_ns ts, double px) {
    th_trade t = tradehost::make_event<th_trade>(ts);
    t.instrument = id;
    t.px = tradehost::to_fixed(px);
    t.qty = tradehost::to_fixed(1);
    return t;
}

std::string create_error(Harness& h) {
    try {
        h.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "created";
}

constexpr th_time_ns kSec = 1'000'000'000;

}  // namespace

TEST(EnsemblePlugin, ARoundBlendsOnceEveryMemberHasSpoken) {
    Harness h(PLUGIN_PATH);
    h.set_list("members", {"trees", "mlp"});
    h.set_list("weights", {"3", "1"});
    h.create();
    h.start();
    const th_instrument spy = h.intern("SPY");
    ASSERT_EQ(h.send("members", member(spy, 10, "trees", 2.5, 0.8)), TH_OK) << h.last_error();
    EXPECT_TRUE(h.take<th_signal>("signals").empty());  // the mlp has not spoken yet
    ASSERT_EQ(h.send("members", member(spy, 12, "mlp", -0.1, 0.4)), TH_OK);
    const auto out = h.take<th_signal>("signals");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_DOUBLE_EQ(out[0].value, (3 * 0.8 - 0.4) / 4);
    EXPECT_DOUBLE_EQ(out[0].strength, 0.5);
    EXPECT_EQ(out[0].hdr.ts, 12);
    EXPECT_EQ(out[0].instrument, spy);
    EXPECT_STREQ(out[0].name, "ensemble");
    // One member again is not a new round.
    ASSERT_EQ(h.send("members", member(spy, 20, "mlp", 1, 1)), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
    ASSERT_EQ(h.send("members", member(spy, 21, "other", 1, 1)), TH_OK);
    EXPECT_EQ(h.metric("unknown_member"), 1);
    ASSERT_EQ(h.send("members", member(spy, 22, "trees", 1, -0.5)), TH_OK);  // strength < 0: invalid
    EXPECT_EQ(h.metric("invalid_member_signal"), 1);
    EXPECT_EQ(h.metric("weight_bp.trees"), 7500);
}

TEST(EnsemblePlugin, MembersTooFarApartWaitForAFreshView) {
    Harness h(PLUGIN_PATH);
    h.set_list("members", {"a", "b"});
    h.set("method", "hard_vote");
    h.set("max_age", "1s");
    h.create();
    h.start();
    const th_instrument id = h.intern("ES");
    ASSERT_EQ(h.send("members", member(id, 0, "a", 1, 0.3)), TH_OK);
    ASSERT_EQ(h.send("members", member(id, 5 * kSec, "b", 1, 0.9)), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
    EXPECT_EQ(h.metric("stale_rounds"), 1);
    ASSERT_EQ(h.send("members", member(id, 5 * kSec + 10, "a", -1, 0.3)), TH_OK);
    const auto out = h.take<th_signal>("signals");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].value, 0.0);  // one up, one down: a tie
}

TEST(EnsemblePlugin, BadConfigNamesTheKey) {
    Harness one(PLUGIN_PATH);
    one.set_list("members", {"a"});
    EXPECT_NE(create_error(one).find("members: an ensemble needs at least 2"), std::string::npos);
    Harness w(PLUGIN_PATH);
    w.set_list("members", {"a", "b"});
    w.set_list("weights", {"1"});
    EXPECT_NE(create_error(w).find("weights: 1 weights for 2 members"), std::string::npos);
    Harness st(PLUGIN_PATH);
    st.set_list("members", {"a", "b"});
    st.set("method", "stacking");
    EXPECT_NE(create_error(st).find("stacking_model"), std::string::npos);
    Harness fc(PLUGIN_PATH);
    fc.set_list("members", {"a", "b", "c"});
    fc.set("method", "dynamic");
    fc.set("floor", "0.5");
    EXPECT_NE(create_error(fc).find("floor/cap"), std::string::npos);
    Harness m(PLUGIN_PATH);
    m.set_list("members", {"a", "b"});
    m.set("method", "median");
    EXPECT_NE(create_error(m).find("'median' is not a method"), std::string::npos);
}

TEST(EnsemblePlugin, StackingReadsItsMetaModel) {
    Harness h(PLUGIN_PATH);
    h.set_list("members", {"a", "b"});
    h.set("method", "stacking");
    h.set("stacking_model", std::string(TEST_DATA_DIR) + "/stacker.json");
    h.create();
    h.start();
    const th_instrument id = h.intern("SPY");
    ASSERT_EQ(h.send("members", member(id, 1, "a", 1, 0.5)), TH_OK);
    ASSERT_EQ(h.send("members", member(id, 1, "b", -1, 0.25)), TH_OK);
    const auto out = h.take<th_signal>("signals");
    ASSERT_EQ(out.size(), 1u);
    // stacker.json: intercept 0.1, a 1.2, b 0.8 -> z = 0.1 + 0.6 - 0.2 = 0.5.
    const double p = 1 / (1 + std::exp(-0.5));
    EXPECT_NEAR(out[0].value, p - 0.5, 1e-15);
    EXPECT_NEAR(out[0].strength, 2 * p - 1, 1e-15);
}

// Member "good" calls the next move, "noise" does not: BMA's weight moves to "good" as
// outcomes arrive, and a restarted instance starts from the saved scores.
TEST(EnsemblePlugin, BmaLearnsFromOutcomesAndKeepsThemAcrossARestart) {
    std::map<std::string, std::string> saved;
    std::vector<double> weights_before;
    const th_time_ns step = 60 * kSec;
    double px = 100;
    {
        Harness h(PLUGIN_PATH);
        h.set_list("members", {"good", "noise"});
        h.set("method", "bma");
        h.set("horizon", "60s");
        h.set("min_outcomes", "10");
        h.create();
        h.start();
        const th_instrument id = h.intern("SPY");
        for (int i = 0; i < 80; ++i) {
            const th_time_ns t = i * step;
            ASSERT_EQ(h.send("prices", trade(id, t, px)), TH_OK);
            const double move = (i % 3 == 0 ? 1.0 : -1.0) * (0.5 + 0.01 * (i % 7));
            ASSERT_EQ(h.send("members", member(id, t, "good", move, std::min(1.0, std::fabs(move)))), TH_OK);
            ASSERT_EQ(h.send("members", member(id, t, "noise", (i % 2) ? 1 : -1, 0.7)), TH_OK);
            px *= 1 + 0.002 * move;  // what happens next follows "good"
        }
        EXPECT_GE(h.metric("outcomes"), 70);
        EXPECT_GT(h.metric("weight_bp.good"), 9000);
        const auto out = h.take<th_signal>("signals");
        ASSERT_EQ(out.size(), 80u);
        EXPECT_GT(out.back().value * ((79 % 3 == 0) ? 1 : -1), 0);  // the blend follows "good"
        h.stop();
        saved = h.state();
        weights_before = {static_cast<double>(h.metric("weight_bp.good"))};
    }
    ASSERT_EQ(saved.count("outcomes"), 1u);
    Harness again(PLUGIN_PATH);
    again.set_list("members", {"good", "noise"});
    again.set("method", "bma");
    again.set("min_outcomes", "10");
    again.state() = saved;
    again.create();
    again.start();
    EXPECT_EQ(static_cast<double>(again.metric("weight_bp.good")), weights_before[0]);
    // Other members: the saved scores are not theirs.
    Harness other(PLUGIN_PATH);
    other.set_list("members", {"good", "else"});
    other.set("method", "bma");
    other.state() = saved;
    other.create();
    other.start();
    EXPECT_EQ(other.metric("weight_bp.good"), 5000);
}
