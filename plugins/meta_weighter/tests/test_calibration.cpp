// Calibration on a known distribution: scores uniform on [-1, 1], outcomes drawn from a
// logistic ground truth P(up | x) = 1 / (1 + exp(-(3x - 0.5))). Platt recovers a = 3 and
// b = -0.5; isotonic recovers the curve itself; both seeded, so the draws never change.
#include "calibration.hpp"
#include "weights.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace tradehost::meta_weighter;

namespace {

double truth(double x) { return 1 / (1 + std::exp(-(3 * x - 0.5))); }

std::vector<Sample> draw(size_t n, uint32_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1, 1), p(0, 1);
    std::vector<Sample> s;
    for (size_t i = 0; i < n; ++i) {
        const double x = u(rng);
        s.push_back({x, p(rng) < truth(x) ? 1 : 0});
    }
    return s;
}

}  // namespace

TEST(Calibration, PlattRecoversTheLogisticGroundTruth) {
    // 20,000 draws: the MLE's standard errors are about 0.04 (a) and 0.02 (b).
    Platt p;
    p.fit(draw(20000, 42));
    EXPECT_NEAR(p.a, 3.0, 0.15);
    EXPECT_NEAR(p.b, -0.5, 0.08);
    for (double x : {-0.9, -0.3, 0.0, 0.4, 0.8}) EXPECT_NEAR(p.prob(x), truth(x), 0.02) << "x = " << x;
}

TEST(Calibration, IsotonicRecoversTheCurveAndIsMonotone) {
    Isotonic iso;
    iso.fit(draw(20000, 7));
    for (size_t i = 1; i < iso.ps.size(); ++i) EXPECT_GE(iso.ps[i], iso.ps[i - 1]);
    // PAV's steps are noisy at the ends: compare inside, where it interpolates dense blocks.
    for (double x : {-0.6, -0.3, 0.0, 0.3, 0.6}) EXPECT_NEAR(iso.prob(x), truth(x), 0.05) << "x = " << x;
}

TEST(Calibration, PavPoolsViolatorsExactly) {
    // y = 1, 0, 1, 1 at x = 1..4: the first two pool to 0.5 at x = 1.5.
    Isotonic iso;
    iso.fit({{1, 1}, {2, 0}, {3, 1}, {4, 1}});
    ASSERT_EQ(iso.ps.size(), 2u);  // 0.5 then the two ones pooled (equal means merge)
    EXPECT_DOUBLE_EQ(iso.xs[0], 1.5);
    EXPECT_DOUBLE_EQ(iso.ps[0], 0.5);
    EXPECT_DOUBLE_EQ(iso.ps[1], 1.0);
    EXPECT_DOUBLE_EQ(iso.prob(2.5), 0.75);  // halfway between the blocks' means 1.5 and 3.5
}

TEST(Calibration, UnfittedTakesTheStrengthAtItsWord) {
    Calibrator c(Calibrator::PlattMethod);
    EXPECT_DOUBLE_EQ(c.prob(0.6), 0.8);
    EXPECT_DOUBLE_EQ(c.prob(-1), 0.0);
}

TEST(Weights, PriorFloorAndCap) {
    WeightRules r;
    r.prior = 0.1;
    r.prior_n = 10;
    r.floor = 0.1;
    r.cap = 0.5;
    Performance good, bad;
    for (int i = 0; i < 30; ++i) {
        good.add(0.5, 100);
        bad.add(-0.2, 100);
    }
    EXPECT_DOUBLE_EQ(good.skill(r), (0.1 * 10 + 15) / 40);   // 0.4
    EXPECT_DOUBLE_EQ(bad.skill(r), (0.1 * 10 - 6) / 40);     // -0.125
    // skills 0.4, -0.125 and a newcomer at the prior 0.1: raw 0.8 / 0 / 0.2; the first is
    // capped at 0.5, the second floored at 0.1, the newcomer takes the rest, 0.4.
    auto w = blend_weights({good.skill(r), bad.skill(r), r.prior}, r);
    ASSERT_EQ(w.size(), 3u);
    EXPECT_NEAR(w[0], 0.5, 1e-12);
    EXPECT_NEAR(w[1], 0.1, 1e-12);
    EXPECT_NEAR(w[2], 0.4, 1e-12);
    auto equal = blend_weights({-1, -1}, r);  // nobody has skill: equal weights
    EXPECT_DOUBLE_EQ(equal[0], 0.5);
}
