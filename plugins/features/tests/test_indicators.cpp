// The indicators' building blocks on their own: windows over long runs stay exact, and
// running extremes follow a brute-force scan.
#include "averages.hpp"
#include "feature_spec.hpp"
#include "rolling.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>

using namespace tradehost::features;

TEST(Rolling, ExtremesFollowABruteForceScan) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 100);
    for (size_t n : {1u, 2u, 5u, 17u}) {
        RollingExtreme<true> hi(n);
        RollingExtreme<false> lo(n);
        std::deque<double> w;
        for (int i = 0; i < 2000; ++i) {
            const double x = i % 50 < 10 ? 42.0 : u(rng);  // runs of equal values too
            hi.push(x);
            lo.push(x);
            w.push_back(x);
            if (w.size() > n) w.pop_front();
            ASSERT_EQ(hi.value(), *std::max_element(w.begin(), w.end())) << n << " " << i;
            ASSERT_EQ(lo.value(), *std::min_element(w.begin(), w.end())) << n << " " << i;
        }
    }
}

TEST(Rolling, LongRunsDoNotDrift) {
    // A million updates around a large level: the periodic recompute keeps the sliding sums
    // at the brute-force value.
#ifdef __SANITIZE_ADDRESS__
    const int count = 100000;
#else
    const int count = 1000000;
#endif
    std::mt19937 rng(11);
    std::normal_distribution<double> d(0, 1);
    const size_t n = 30;
    RollingStats stats(n);
    SmaCalc sma(n);
    WmaCalc wma(n);
    std::deque<double> w;
    for (int i = 0; i < count; ++i) {
        const double x = 1e5 + d(rng);
        stats.push(x);
        sma.push(x);
        wma.push(x);
        w.push_back(x);
        if (w.size() > n) w.pop_front();
    }
    double mean = 0, wsum = 0;
    for (size_t i = 0; i < n; ++i) {
        mean += w[i] / n;
        wsum += static_cast<double>(i + 1) * w[i];
    }
    double m2 = 0;
    for (double x : w) m2 += (x - mean) * (x - mean);
    EXPECT_NEAR(stats.mean(), mean, 1e-9);
    EXPECT_NEAR(sma.value(), mean, 1e-9);
    EXPECT_NEAR(wma.value(), wsum / (n * (n + 1) / 2.0), 1e-9);
    EXPECT_NEAR(stats.var_pop(), m2 / n, 1e-9);
}

TEST(FeatureSpec, ColumnsCarryTheParametersAsWrittenOrTheirDefaults) {
    EXPECT_EQ(parse_spec("bb").columns, (std::vector<std::string>{"bb_mid_20_2", "bb_upper_20_2", "bb_lower_20_2",
                                                                  "bb_pctb_20_2"}));
    EXPECT_EQ(parse_spec("bb:10:2.5").columns[1], "bb_upper_10_2.5");
    EXPECT_EQ(parse_spec("macd:5").columns[2], "macd_hist_5_26_9");
    EXPECT_EQ(parse_spec("vwap").columns, std::vector<std::string>{"vwap"});
}
