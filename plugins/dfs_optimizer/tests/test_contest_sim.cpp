// Contest simulation against the moments its model implies in closed form.
#include <gtest/gtest.h>

#include <cmath>

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
