// The schedules against their closed forms: TWAP slices, the Almgren–Chriss trajectory
// x_j = X sinh(κ(T − t_j)) / sinh(κT) for given λ, σ, η, POV against a volume stream, the
// VWAP profile's slice weights, and lot/tick rounding.
#include "algo.hpp"
#include "profile.hpp"
#include "schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace tradehost;
using namespace tradehost::exec_algos;

namespace {
constexpr th_fixed U = TH_FIXED_SCALE;
}

TEST(Schedule, TwapSlicesAreEqualLotsWithTheRemainderSpread) {
    // 1000 over 4 slices: 250 each.
    EXPECT_EQ(twap_plan(1000 * U, 4, U), (std::vector<th_fixed>{250 * U, 500 * U, 750 * U, 1000 * U}));
    // 10 lots of 100 over 3 slices: floor(10*k/3) lots = 3, 6, 10 lots.
    EXPECT_EQ(twap_plan(1000 * U, 3, 100 * U), (std::vector<th_fixed>{300 * U, 600 * U, 1000 * U}));
    // No lot: fixed-point units, X*(k+1)/N exactly.
    EXPECT_EQ(twap_plan(U, 3, 0), (std::vector<th_fixed>{33333333, 66666666, U}));
}

TEST(Schedule, AlmgrenChrissMatchesTheClosedForm) {
    // λ = 2e-6, σ = 0.3 per √s, η = 2.5e-6, γ = 0: κ̃² = λσ²/η = 0.072 per s².
    AlmgrenChriss p;
    p.risk_aversion = 2e-6;
    p.volatility = 0.3;
    p.temp_impact = 2.5e-6;
    const double T = 10, tau = 1;
    const int N = 10;
    const double kt2 = 2e-6 * 0.09 / 2.5e-6;
    const double kappa = std::acosh(1 + kt2 * tau * tau / 2) / tau;  // the discrete relation, eq. (19)
    EXPECT_NEAR(ac_kappa(p, tau), kappa, 1e-12);
    // The continuous limit κ ≈ κ̃ for small τ: a check that the numbers are in the right units.
    EXPECT_NEAR(ac_kappa(p, 1e-4), std::sqrt(kt2), 1e-6);
    const auto x = ac_holdings(p, T, N);
    ASSERT_EQ(x.size(), 11u);
    for (int j = 0; j <= N; ++j)
        EXPECT_NEAR(x[static_cast<size_t>(j)], std::sinh(kappa * (T - j * tau)) / std::sinh(kappa * T), 1e-12) << j;
    // A risk-averse trader front-loads: the first trade is the largest, each later one smaller.
    for (int j = 1; j < N; ++j) EXPECT_GT(x[static_cast<size_t>(j - 1)] - x[static_cast<size_t>(j)], x[static_cast<size_t>(j)] - x[static_cast<size_t>(j + 1)]);
    // The plan in lots of 1 for X = 10000: cumulative X(1 - x_{k+1}), floored to the lot.
    const auto plan = ac_plan(10000 * U, p, T, N, U);
    for (int k = 0; k + 1 < N; ++k)
        EXPECT_EQ(plan[static_cast<size_t>(k)], static_cast<th_fixed>(std::floor(10000 * (1 - x[static_cast<size_t>(k + 1)]) + 1e-9)) * U) << k;
    EXPECT_EQ(plan.back(), 10000 * U);
}

TEST(Schedule, AlmgrenChrissWithoutRiskAversionIsTwap) {
    AlmgrenChriss p;
    p.temp_impact = 1e-4;
    EXPECT_EQ(ac_kappa(p, 60), 0);
    EXPECT_EQ(ac_plan(1000 * U, p, 600, 4, U), twap_plan(1000 * U, 4, U));
}

TEST(Schedule, AlmgrenChrissRefusesANonPositiveEffectiveImpact) {
    AlmgrenChriss p;
    p.risk_aversion = 1e-6;
    p.volatility = 0.1;
    p.temp_impact = 1e-4;
    p.perm_impact = 1e-3;  // η̃ = 1e-4 − 1e-3 * 60 / 2 < 0
    EXPECT_THROW(ac_kappa(p, 60), InvalidArgument);
}

TEST(Schedule, PovFollowsTheVolumeStream) {
    // 10% of each cumulative market volume, in lots of 10, capped at the parent's 500.
    const th_fixed stream[] = {120, 80, 300, 1000, 4000, 200};
    th_fixed cum = 0;
    const th_fixed expect[] = {10, 20, 50, 150, 500, 500};
    for (size_t i = 0; i < 6; ++i) {
        cum += stream[i] * U;
        EXPECT_EQ(pov_allowance(500 * U, 0.1, cum, 10 * U), expect[i] * U) << i;
    }
    EXPECT_EQ(pov_allowance(500 * U, 0.1, 0, 10 * U), 0);
}

TEST(Schedule, VwapWeightsFollowTheProfile) {
    const std::string dir = ::testing::TempDir() + "exec_algos_profile";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/profile.csv";
    std::ofstream(path) << "# minute buckets\n09:30,100\n09:31,300\n09:32,600\n";
    const VolumeProfile prof = VolumeProfile::load_csv(path, 60000000000LL);
    std::filesystem::remove_all(dir);
    const th_time_ns day = 1700006400LL * 1000000000LL;  // 2023-11-15T00:00:00Z
    const th_time_ns start = day + (9 * 60 + 30) * 60000000000LL;
    const auto w = prof.slice_weights(start, 3 * 60000000000LL, 3);
    EXPECT_EQ(w, (std::vector<double>{100, 300, 600}));
    // Half-bucket slices take half of each bucket.
    EXPECT_EQ(prof.slice_weights(start, 60000000000LL, 2), (std::vector<double>{50, 50}));
    // 1000 units in lots of 1: 10%, 40%, 100%.
    EXPECT_EQ(plan_from_weights(1000 * U, w, U), (std::vector<th_fixed>{100 * U, 400 * U, 1000 * U}));
    // A profile without volume in the window falls back to equal slices.
    EXPECT_EQ(plan_from_weights(900 * U, {0, 0, 0}, U), twap_plan(900 * U, 3, U));
}

TEST(Schedule, ProfileFileErrorsNameTheLine) {
    const std::string dir = ::testing::TempDir() + "exec_algos_profile_bad";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/bad.csv";
    std::ofstream(path) << "09:30,100\n9h31,300\n";
    try {
        (void)VolumeProfile::load_csv(path, 60000000000LL);
        ADD_FAILURE() << "no error";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find(path + ":2: expected 'HH:MM,volume'"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

TEST(Schedule, RoundingToLotsAndTicks) {
    EXPECT_EQ(floor_lot(1234 * U / 10, 10 * U), 120 * U);
    EXPECT_EQ(floor_lot(7, 0), 7);
    const th_fixed tick = U / 100;  // 0.01
    EXPECT_EQ(round_tick(100 * U + 1234567, tick, false), 100 * U + 1000000);  // 100.01234567 -> 100.01
    EXPECT_EQ(round_tick(100 * U + 1234567, tick, true), 100 * U + 2000000);   // -> 100.02
    EXPECT_EQ(round_tick(100 * U + 1000000, tick, true), 100 * U + 1000000);   // on the grid: unchanged
}

TEST(Algo, TagsPickTheAlgo) {
    EXPECT_EQ(algo_tag("strat-1-7@vwap"), Algo::Vwap);
    EXPECT_EQ(algo_tag("momentum@is"), Algo::Is);
    EXPECT_EQ(algo_tag("strat-1-7"), std::nullopt);
    EXPECT_EQ(algo_tag("a@b@sniper"), Algo::Sniper);
    EXPECT_EQ(algo_tag("x@unknown"), std::nullopt);
}
