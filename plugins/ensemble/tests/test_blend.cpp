// The ensemble's arithmetic on hand-computed cases: fixed weights and votes, a stacking
// meta-model, the outcome window's regression, BMA's BIC weights, and IC weights held within
// a floor and a cap.
#include "blend.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

using namespace tradehost::ensemble;

TEST(Blend, FixedWeightsAverageTheSignedScores) {
    const Blend b = weighted({0.8, -0.4}, {3, 1});
    EXPECT_DOUBLE_EQ(b.value, (3 * 0.8 - 0.4) / 4);
    EXPECT_DOUBLE_EQ(b.strength, 0.5);
    const Blend s = soft_vote({0.9, 0.3, -0.6});
    EXPECT_NEAR(s.value, 0.2, 1e-15);
}

TEST(Blend, HardVotesCountSignsAndATieSaysNothing) {
    const Blend b = hard_vote({0.2, 0.9, -0.1, 0.0});
    EXPECT_EQ(b.value, 1.0);
    EXPECT_DOUBLE_EQ(b.strength, 2.0 / 3.0);  // the abstainer is not a voter
    const Blend t = hard_vote({0.2, -0.9});
    EXPECT_EQ(t.value, 0.0);
    EXPECT_EQ(t.strength, 0.0);
}

TEST(Blend, StackingAppliesTheMetaModel) {
    Stacker s;
    s.intercept = 0.5;
    s.coef = {1.0, -2.0};
    const double p = 1.0 / (1.0 + std::exp(-(0.5 + 0.2 + 0.2)));
    const Blend b = s.apply({0.2, -0.1});
    EXPECT_DOUBLE_EQ(b.value, p - 0.5);
    EXPECT_DOUBLE_EQ(b.strength, std::fabs(2 * p - 1));
    s.logistic = false;
    s.scale = 2;
    const Blend y = s.apply({0.2, -0.1});
    EXPECT_DOUBLE_EQ(y.value, 0.9);
    EXPECT_DOUBLE_EQ(y.strength, 0.45);
}

namespace {
std::string write_file(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / ("ensemble_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path) << text;
    return path.string();
}
struct TempFiles : ::testing::Test {
    void TearDown() override {
        std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                                    ("ensemble_test_" + std::to_string(::getpid())));
    }
};
}  // namespace

TEST_F(TempFiles, TheStackingFileNamesEveryMemberAndNothingElse) {
    const auto ok = write_file("ok.json", R"({"link":"logistic","intercept":-0.1,"coef":{"b":2,"a":0.5}})");
    const Stacker s = load_stacker(ok, {"a", "b"});
    ASSERT_EQ(s.coef.size(), 2u);
    EXPECT_EQ(s.coef[0], 0.5);  // by name, not by position in the file
    EXPECT_EQ(s.coef[1], 2.0);
    auto error = [](const std::string& path) {
        try {
            load_stacker(path, {"a", "b"});
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("loaded");
    };
    EXPECT_NE(error(write_file("missing.json", R"({"intercept":0,"coef":{"a":1}})")).find("no coefficient for member 'b'"),
              std::string::npos);
    EXPECT_NE(error(write_file("extra.json", R"({"intercept":0,"coef":{"a":1,"b":1,"c":1}})"))
                  .find("'c' is not a configured member"),
              std::string::npos);
    EXPECT_NE(error(write_file("link.json", R"({"link":"probit","intercept":0,"coef":{"a":1,"b":1}})")).find("probit"),
              std::string::npos);
    EXPECT_NE(error(write_file("bad.json", "{")).find("not JSON"), std::string::npos);
}

// x = 1..4, r = 2, 4, 5, 4: Sxx = 5, Sxr = 3.5, Srr = 4.75 about the means (2.5, 3.75).
TEST(OutcomeWindow, FitsTheLeastSquaresLineByHand) {
    OutcomeWindow w(10);
    const double x[] = {1, 2, 3, 4}, r[] = {2, 4, 5, 4};
    for (int i = 0; i < 4; ++i) w.add(x[i], r[i]);
    EXPECT_NEAR(w.slope(), 0.7, 1e-12);
    EXPECT_NEAR(w.intercept(), 2.0, 1e-12);
    EXPECT_NEAR(w.rss(), 4.75 - 0.7 * 3.5, 1e-12);
    EXPECT_NEAR(w.ic(), 3.5 / std::sqrt(5 * 4.75), 1e-12);
    EXPECT_NEAR(w.r_std(), std::sqrt(4.75 / 3), 1e-12);
}

TEST(OutcomeWindow, TheOldestPairLeavesWhenFull) {
    OutcomeWindow rolling(3), fresh(3);
    rolling.add(10, -7);  // pushed out by the next three
    for (double v : {1.0, 2.0, 3.0}) {
        rolling.add(v, 2 * v + 1);
        fresh.add(v, 2 * v + 1);
    }
    EXPECT_EQ(rolling.size(), 3u);
    EXPECT_NEAR(rolling.slope(), 2.0, 1e-12);
    EXPECT_NEAR(rolling.intercept(), 1.0, 1e-12);
    EXPECT_NEAR(rolling.rss(), fresh.rss(), 1e-12);
    const auto p = rolling.pairs();
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(p.front().first, 1.0);
    EXPECT_EQ(p.back().second, 7.0);
}

TEST(Bma, PosteriorWeightsFollowTheBicOfEachFit) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise(0, 0.01);
    std::vector<OutcomeWindow> w(2, OutcomeWindow(200));
    for (int i = 0; i < 60; ++i) {
        const double x0 = std::sin(i * 0.7), x1 = std::cos(i * 1.3);
        const double r = 0.01 * x0 + noise(rng);  // member 0 explains r, member 1 does not
        w[0].add(x0, r);
        w[1].add(x1, r);
    }
    const auto got = bma_weights(w, {1, 1}, 10);
    // By hand: BIC_m = n ln(RSS_m / n) + 3 ln n; weight ratio exp(-(BIC_0 - BIC_1) / 2).
    const double n = 60;
    const double bic0 = n * std::log(w[0].rss() / n) + 3 * std::log(n);
    const double bic1 = n * std::log(w[1].rss() / n) + 3 * std::log(n);
    const double w0 = 1.0 / (1.0 + std::exp(-(bic1 - bic0) / 2));
    EXPECT_NEAR(got[0], w0, 1e-12);
    EXPECT_NEAR(got[0] + got[1], 1.0, 1e-12);
    EXPECT_GT(got[0], 0.99);
    // Too few outcomes: the prior stands.
    std::vector<OutcomeWindow> young(2, OutcomeWindow(10));
    const auto prior = bma_weights(young, {3, 1}, 10);
    EXPECT_DOUBLE_EQ(prior[0], 0.75);
}

TEST(Dynamic, WeightsFollowInformationCoefficientsWithinFloorAndCap) {
    std::mt19937_64 rng(11);
    std::normal_distribution<double> z(0, 1);
    std::vector<OutcomeWindow> w(3, OutcomeWindow(2000));
    for (int i = 0; i < 2000; ++i) {
        const double r = z(rng);
        w[0].add(r + 0.5 * z(rng), r);  // IC about 0.89
        w[1].add(r + 2.0 * z(rng), r);  // IC about 0.45
        w[2].add(z(rng), r);            // no skill
    }
    const auto free = dynamic_weights(w, {1, 1, 1}, 30, 0, 1);
    const double ic0 = w[0].ic(), ic1 = w[1].ic(), ic2 = std::max(0.0, w[2].ic());
    EXPECT_NEAR(free[0], ic0 / (ic0 + ic1 + ic2), 1e-12);
    EXPECT_GT(free[0], free[1]);
    EXPECT_GT(free[1], free[2]);
    // Held within [0.1, 0.6]: the best is capped, the rest share the remainder by IC, and the
    // one without skill is lifted to the floor.
    const auto held = dynamic_weights(w, {1, 1, 1}, 30, 0.1, 0.6);
    EXPECT_NEAR(held[0], 0.6, 1e-12);
    EXPECT_GE(held[2], 0.1 - 1e-12);
    EXPECT_NEAR(held[0] + held[1] + held[2], 1.0, 1e-12);
}

TEST(Dynamic, RawWeightsSplitByHandUnderACap) {
    // Three members whose ICs are about 0.8, 0.2 and 0.1 (prior 1): under cap 0.6 and floor
    // 0.1 the first is held at 0.6 and the others share 0.4 by IC (about 0.27 and 0.13).
    std::vector<OutcomeWindow> w(3, OutcomeWindow(100));
    const double ics[] = {0.8, 0.2, 0.1};
    for (int m = 0; m < 3; ++m)  // r = x + noise scaled so the correlation is ics[m]
        for (int i = 0; i < 100; ++i) {
            const double x = std::sin(i * 0.37 + m), e = std::cos(i * 1.91 + 2 * m);
            const double k = std::sqrt(1 / (ics[m] * ics[m]) - 1);
            w[m].add(x, x + k * e);
        }
    const double i0 = w[0].ic(), i1 = w[1].ic(), i2 = w[2].ic();
    ASSERT_GT(0.4 * i2 / (i1 + i2), 0.1);  // the construction keeps the third above the floor
    const auto held = dynamic_weights(w, {1, 1, 1}, 30, 0.1, 0.6);
    EXPECT_NEAR(held[0], 0.6, 1e-12);
    EXPECT_NEAR(held[1], 0.4 * i1 / (i1 + i2), 1e-12);
    EXPECT_NEAR(held[2], 0.4 * i2 / (i1 + i2), 1e-12);
    EXPECT_GT(i0, i1);
}
