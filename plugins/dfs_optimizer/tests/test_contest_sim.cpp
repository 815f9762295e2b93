// Contest simulation against the moments its model implies in closed form.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "contest_sim.hpp"
#include "lineup_checks.hpp"
#include "site_csv.hpp"

using namespace dfs;

TEST(ContestSim, MeansAndSpreadsMatchTheClosedForm) {
    Slate s = read_salary_csv(TEST_DATA_DIR "/dk_nba_small_salaries.csv", Site::draftkings);
    read_projections_csv(TEST_DATA_DIR "/dk_nba_small_projections.csv", s);
    OptimizeOptions o;
    o.lineups = 4;
    o.min_different = 2;
    const OptimizeResult res = optimize(s, site_rules(Site::draftkings, Sport::nba), o);
    SimOptions sim;
    sim.simulations = 40000;
    sim.team_correlation = 0.3;
    sim.seed = 5;
    const auto d = simulate(s, res.lineups, sim);
    ASSERT_EQ(d.size(), 4u);
    double shares = 0;
    for (size_t k = 0; k < d.size(); ++k) {
        double mean = 0, var = 0;
        exact_moments(s, res.lineups[k], sim, mean, var);
        EXPECT_NEAR(mean, static_cast<double>(res.projected[k]) / 100.0, 1e-9);
        // standard error of the mean is sd / sqrt(40000) = sd / 200: allow 4 of them
        EXPECT_NEAR(d[k].mean, mean, 4 * std::sqrt(var) / 200) << k;
        EXPECT_NEAR(d[k].stddev, std::sqrt(var), 0.02 * std::sqrt(var)) << k;
        EXPECT_LT(d[k].p10, d[k].p50);
        EXPECT_LT(d[k].p50, d[k].p90);
        // a normal's 10th and 90th percentiles sit 1.2816 sd either side of the mean
        EXPECT_NEAR(d[k].p90 - d[k].p10, 2 * 1.2816 * std::sqrt(var), 0.04 * std::sqrt(var)) << k;
        shares += d[k].best_share;
    }
    EXPECT_NEAR(shares, 1.0, 1e-12);
    // seeded
    const auto again = simulate(s, res.lineups, sim);
    EXPECT_EQ(again[0].mean, d[0].mean);
    // correlation widens a stacked lineup: more spread with rho 0.6 than with 0
    sim.team_correlation = 0.6;
    double m6, v6, m0, v0;
    exact_moments(s, res.lineups[0], sim, m6, v6);
    sim.team_correlation = 0;
    exact_moments(s, res.lineups[0], sim, m0, v0);
    EXPECT_GT(v6, v0);
}

namespace {

// A hand-made slate: players given by team, projection (points) and stddev.
Slate hand_slate(const std::vector<std::tuple<std::string, double, double>>& players) {
    Slate s;
    for (size_t i = 0; i < players.size(); ++i) {
        Player p;
        p.id = std::to_string(i + 1);
        p.team = std::get<0>(players[i]);
        p.projection = std::llround(std::get<1>(players[i]) * 100);
        p.stddev = std::get<2>(players[i]);
        p.has_projection = true;
        s.players.push_back(p);
    }
    return s;
}

}  // namespace

// Two teammates, 30 +- 6 and 20 +- 8, correlated 0.5. By hand:
//   Var = 6^2 + 8^2 + 2 x 0.5 x 6 x 8 = 36 + 64 + 48 = 148, sd = 12.1655;
//   Cholesky of [[36, 24], [24, 64]] = [[6, 0], [4, sqrt(48) = 6.9282]];
//   P(score >= 60) = 1 - Phi(10 / 12.1655) = 0.2055, P(score > 75) = 1 - Phi(25 / 12.1655) = 0.0199.
TEST(ContestSim, TwoTeammatesVarianceIsTheClosedForm) {
    const Slate s = hand_slate({{"AAA", 30, 6}, {"AAA", 20, 8}});
    const std::vector<double> L = cholesky({36, 24, 24, 64}, 2);
    EXPECT_DOUBLE_EQ(L[0], 6);
    EXPECT_DOUBLE_EQ(L[1], 0);
    EXPECT_DOUBLE_EQ(L[2], 4);
    EXPECT_NEAR(L[3], 6.92820323, 1e-8);

    SimOptions o;
    o.simulations = 40000;
    o.team_correlation = 0.5;
    o.seed = 7;
    o.cash_line = 60;
    o.field_top = 75;
    double mean = 0, var = 0;
    exact_moments(s, {0, 1}, o, mean, var);
    EXPECT_DOUBLE_EQ(mean, 50);
    EXPECT_DOUBLE_EQ(var, 148);
    const auto d = simulate(s, {{0, 1}}, o);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NEAR(d[0].mean, 50, 4 * 12.1655 / 200);   // 4 standard errors
    EXPECT_NEAR(d[0].stddev, 12.1655, 0.02 * 12.1655);
    EXPECT_NEAR(d[0].p50, 50, 0.3);
    EXPECT_NEAR(d[0].p75 - d[0].p25, 2 * 0.6745 * 12.1655, 0.04 * 12.1655);
    EXPECT_NEAR(d[0].p_cash, 0.2055, 0.008);  // 4 standard errors of a share near 0.2
    EXPECT_NEAR(d[0].p_top, 0.0199, 0.004);
    EXPECT_DOUBLE_EQ(d[0].best_share, 1.0);

    // not teammates: no covariance, Var = 36 + 64 = 100
    const Slate apart = hand_slate({{"AAA", 30, 6}, {"BBB", 20, 8}});
    exact_moments(apart, {0, 1}, o, mean, var);
    EXPECT_DOUBLE_EQ(var, 100);
    EXPECT_NEAR(simulate(apart, {{0, 1}}, o)[0].stddev, 10, 0.2);
}

TEST(ContestSim, SameSeedSameNumbersOtherSeedOthers) {
    const Slate s = hand_slate({{"AAA", 30, 6}, {"AAA", 20, 8}, {"BBB", 25, 7}, {"BBB", 15, 5}});
    SimOptions o;
    o.simulations = 3000;
    o.seed = 11;
    o.cash_line = 50;
    const std::vector<Lineup> set = {{0, 1, 2}, {1, 2, 3}};
    const auto a = simulate(s, set, o), b = simulate(s, set, o);
    for (size_t k = 0; k < set.size(); ++k) {
        EXPECT_EQ(a[k].mean, b[k].mean);
        EXPECT_EQ(a[k].stddev, b[k].stddev);
        EXPECT_EQ(a[k].p10, b[k].p10);
        EXPECT_EQ(a[k].p90, b[k].p90);
        EXPECT_EQ(a[k].p_cash, b[k].p_cash);
        EXPECT_EQ(a[k].best_share, b[k].best_share);
    }
    o.seed = 12;
    EXPECT_NE(simulate(s, set, o)[0].mean, a[0].mean);
}

// Three teammates of 20 +- 10 (a stack) against three players of three teams:
//   uncorrelated Var = 3 x 100 = 300; stacked, rho 0.3: 300 + 2 x 0.3 x (3 pairs x 100) = 480.
//   P(score >= 80) = 1 - Phi(20 / sqrt(480)) = 0.1807 stacked, 1 - Phi(20 / sqrt(300)) = 0.1241 not.
TEST(ContestSim, AStackSpreadsWiderByTheFormula) {
    const Slate s = hand_slate({{"AAA", 20, 10}, {"AAA", 20, 10}, {"AAA", 20, 10},
                                {"BBB", 20, 10}, {"CCC", 20, 10}, {"DDD", 20, 10}});
    SimOptions o;
    o.simulations = 40000;
    o.team_correlation = 0.3;
    o.seed = 3;
    o.cash_line = 80;
    double m = 0, stack_var = 0, spread_var = 0;
    exact_moments(s, {0, 1, 2}, o, m, stack_var);
    exact_moments(s, {3, 4, 5}, o, m, spread_var);
    EXPECT_DOUBLE_EQ(stack_var, 480);
    EXPECT_DOUBLE_EQ(spread_var, 300);
    const auto d = simulate(s, {{0, 1, 2}, {3, 4, 5}}, o);
    EXPECT_NEAR(d[0].stddev * d[0].stddev, 480, 0.04 * 480);
    EXPECT_NEAR(d[1].stddev * d[1].stddev, 300, 0.04 * 300);
    EXPECT_GT(d[0].stddev, d[1].stddev);
    EXPECT_NEAR(d[0].p_cash, 0.1807, 0.008);
    EXPECT_NEAR(d[1].p_cash, 0.1241, 0.007);
    // same mean, so the wider lineup tops the pair about half the time
    EXPECT_NEAR(d[0].best_share + d[1].best_share, 1.0, 1e-12);
}

TEST(ContestSim, PerfectlyCorrelatedTeammatesStillFactor) {
    // rho 1 makes the covariance singular: the second column of L is zero, and the pair
    // moves as one: sd = 6 + 8 = 14
    const Slate s = hand_slate({{"AAA", 30, 6}, {"AAA", 20, 8}});
    SimOptions o;
    o.simulations = 20000;
    o.team_correlation = 1;
    const auto d = simulate(s, {{0, 1}}, o);
    EXPECT_NEAR(d[0].stddev, 14, 0.3);
    EXPECT_THROW(cholesky({1, 2, 2, 1}, 2), std::invalid_argument);
}
