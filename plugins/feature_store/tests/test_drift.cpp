// PSI and KS against hand-computed values, and the monitor seeing a shift.
#include "store/drift.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace tradehost::store;

TEST(Drift, PsiOfIdenticalDistributionsIsZeroAndMatchesTheFormula) {
    EXPECT_DOUBLE_EQ(psi({0.5, 0.5}, {50, 50}), 0.0);
    // expected 0.5/0.5, actual 0.8/0.2: (0.3 ln 1.6) + (-0.3 ln 0.4)
    EXPECT_NEAR(psi({0.5, 0.5}, {80, 20}), 0.3 * std::log(1.6) - 0.3 * std::log(0.4), 1e-12);
    EXPECT_DOUBLE_EQ(psi({0.5, 0.5}, {0, 0}), 0.0);  // nothing observed yet
}

TEST(Drift, KsStatisticIsTheLargestGapBetweenTheEmpiricalCdfs) {
    EXPECT_DOUBLE_EQ(ks_statistic({1, 2, 3}, {1, 2, 3}), 0.0);
    EXPECT_DOUBLE_EQ(ks_statistic({1, 2}, {3, 4}), 1.0);
    // a = {1,2,3,4}, b = {3,4,5,6}: at x = 2, F_a = 0.5, F_b = 0; at x = 3, 0.75 vs 0.25.
    EXPECT_DOUBLE_EQ(ks_statistic({1, 2, 3, 4}, {3, 4, 5, 6}), 0.5);
}

TEST(Drift, TheMonitorSeesAShiftAndNotTheTrainingDistributionItself) {
    std::mt19937_64 rng(3);
    std::normal_distribution<double> n01(0, 1);
    std::vector<std::vector<double>> cols(1);
    for (int i = 0; i < 5000; ++i) cols[0].push_back(n01(rng));
    const auto train = TrainingDistribution::fit({"x"}, cols);
    ASSERT_EQ(train.features[0].fractions.size(), TrainingDistribution::kBins);
    const auto round = TrainingDistribution::from_json(train.to_json(), "test");
    EXPECT_EQ(round.features[0].edges, train.features[0].edges);

    DriftMonitor same(round, 2000), shifted(round, 2000);
    for (int i = 0; i < 2000; ++i) {
        const float a = static_cast<float>(n01(rng)), b = static_cast<float>(n01(rng) + 1.0);
        same.observe(&a);
        shifted.observe(&b);
    }
    EXPECT_LT(same.psi_of(0), 0.05);  // the usual "no shift" band is < 0.1
    EXPECT_LT(same.ks_of(0), 0.06);
    EXPECT_GT(shifted.psi_of(0), 0.25);  // "significant shift"
    EXPECT_GT(shifted.ks_of(0), 0.3);    // N(0,1) vs N(1,1): sup gap 2*Phi(0.5)-1 = 0.383
    const float nan = NAN;
    shifted.observe(&nan);  // missing values are not counted
    EXPECT_EQ(shifted.observed(), 2000u);
}

TEST(Drift, AMalformedFileIsRefusedWithTheReason) {
    nlohmann::json j = {{"features", {{{"name", "x"}, {"edges", {1.0, 0.5}}, {"fractions", {0.3, 0.3, 0.4}}}}}};
    EXPECT_THROW(TrainingDistribution::from_json(j, "d.json"), std::runtime_error);
    j = {{"features", {{{"name", "x"}, {"edges", {1.0}}, {"fractions", {1.0}}}}}};
    EXPECT_THROW(TrainingDistribution::from_json(j, "d.json"), std::runtime_error);
}
