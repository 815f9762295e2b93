// The math of cvar_sizer against hand-computed samples and closed forms.
#include "cvar.hpp"
#include "guard.hpp"
#include "portfolio.hpp"
#include "returns.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace tradehost::cvar_sizer;

TEST(Cvar, HistoricalMatchesAHandComputedSample) {
    // 20 losses; sorted worst first: 15, 14, 13, 12, 11, ...
    const std::vector<double> l = {-3, 5, 12, -1, 7, 2, 9, 0, 4, 15, -6, 3, 8, 1, 10, 6, -2, 11, 13, 14};
    EXPECT_DOUBLE_EQ(historical_cvar(l, 0.95), 15.0);                      // m = 1: the worst
    EXPECT_DOUBLE_EQ(historical_cvar(l, 0.90), (15.0 + 14.0) / 2);         // m = 2
    EXPECT_DOUBLE_EQ(historical_cvar(l, 0.875), (15.0 + 14.0 + 6.5) / 2.5);  // m = 2.5: half of the 3rd
    EXPECT_DOUBLE_EQ(historical_cvar(l, 0.75), (15.0 + 14 + 13 + 12 + 11) / 5);
    EXPECT_DOUBLE_EQ(historical_cvar({}, 0.9), 0.0);
    // Positively homogeneous: twice the positions, twice the CVaR.
    std::vector<double> twice;
    for (double x : l) twice.push_back(2 * x);
    EXPECT_DOUBLE_EQ(historical_cvar(twice, 0.875), 2 * historical_cvar(l, 0.875));
}

TEST(Cvar, GaussianMatchesTheClosedForm) {
    // Expected shortfall of a standard normal: phi(z_alpha) / (1 - alpha). 97.5% is the Basel
    // FRTB level, 2.338 sigma; 99% is 2.665 sigma.
    EXPECT_NEAR(gaussian_cvar(0, 1, 0.975), 2.3378, 1e-4);
    EXPECT_NEAR(gaussian_cvar(0, 1, 0.99), 2.6652, 1e-4);
    const double z = 1.959963984540054;  // Phi^-1(0.975)
    const double phi = std::exp(-z * z / 2) / std::sqrt(2 * M_PI);
    EXPECT_NEAR(gaussian_cvar(-5, 40, 0.975), -5 + 40 * phi / 0.025, 1e-9);
}

TEST(Cvar, ParametricPortfolioIsTheClosedFormOfTheCovariance) {
    // Two instruments with known returns over 6 buckets.
    const std::deque<std::pair<int64_t, double>> a = {{1, 0.01}, {2, -0.02}, {3, 0.015}, {4, 0.0}, {5, -0.01}, {6, 0.02}};
    const std::deque<std::pair<int64_t, double>> b = {{1, -0.005}, {2, 0.01}, {3, 0.0}, {4, 0.02}, {5, -0.015}, {6, 0.005}};
    const double wa = 1000, wb = -500;
    // By hand: means, sample covariance, then loss mean -w.mu and sd sqrt(w' S w).
    auto mean = [](const std::deque<std::pair<int64_t, double>>& x) {
        double s = 0;
        for (auto& p : x) s += p.second;
        return s / x.size();
    };
    const double ma = mean(a), mb = mean(b);
    double saa = 0, sbb = 0, sab = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        saa += (a[i].second - ma) * (a[i].second - ma);
        sbb += (b[i].second - mb) * (b[i].second - mb);
        sab += (a[i].second - ma) * (b[i].second - mb);
    }
    saa /= 5;
    sbb /= 5;
    sab /= 5;
    const double mu = -(wa * ma + wb * mb);
    const double sd = std::sqrt(wa * wa * saa + wb * wb * sbb + 2 * wa * wb * sab);
    const double z = 1.959963984540054, phi = std::exp(-z * z / 2) / std::sqrt(2 * M_PI);
    const auto got = portfolio_cvar({{wa, &a}, {wb, &b}}, 0.975, Method::Parametric, 100, 2);
    ASSERT_TRUE(got.has_value());
    EXPECT_NEAR(*got, mu + sd * phi / 0.025, 1e-9);

    // Historical on the same: losses -(1000 ra - 500 rb) per bucket; the worst is bucket 2:
    // -(-20 - 5) = 25; at alpha 5/6, m = 1.
    const auto hist = portfolio_cvar({{wa, &a}, {wb, &b}}, 1 - 1.0 / 6, Method::Historical, 100, 2);
    ASSERT_TRUE(hist.has_value());
    EXPECT_NEAR(*hist, 25.0, 1e-9);
}

TEST(Cvar, ScenariosAreTheBucketsEveryInstrumentHas) {
    const std::deque<std::pair<int64_t, double>> a = {{1, 0.01}, {2, -0.02}, {3, 0.03}, {5, 0.04}};
    const std::deque<std::pair<int64_t, double>> b = {{2, 0.01}, {3, 0.01}, {4, 0.5}, {5, 0.01}};
    const auto l = loss_scenarios({{100, &a}, {100, &b}}, 10);
    ASSERT_EQ(l.size(), 3u);  // buckets 5, 3, 2 (newest first)
    EXPECT_NEAR(l[0], -5.0, 1e-12);
    EXPECT_NEAR(l[1], -4.0, 1e-12);
    EXPECT_NEAR(l[2], 1.0, 1e-12);
    EXPECT_EQ(loss_scenarios({{100, &a}, {100, &b}}, 2).size(), 2u) << "window";
    EXPECT_FALSE(portfolio_cvar({{100, &a}, {100, &b}}, 0.9, Method::Historical, 10, 4).has_value());
}

TEST(Guard, DrawdownCurve) {
    GuardCurve g;  // soft 5%, hard 20%, floor 0, power 1
    EXPECT_DOUBLE_EQ(g.multiplier(0), 1.0);
    EXPECT_DOUBLE_EQ(g.multiplier(0.05), 1.0);
    EXPECT_NEAR(g.multiplier(0.125), 0.5, 1e-12);
    EXPECT_NEAR(g.multiplier(0.17), 0.2, 1e-12);
    EXPECT_DOUBLE_EQ(g.multiplier(0.2), 0.0);
    EXPECT_DOUBLE_EQ(g.multiplier(0.5), 0.0);
    g.power = 2;
    EXPECT_NEAR(g.multiplier(0.125), 0.25, 1e-12);
    g.floor = 0.2;
    EXPECT_NEAR(g.multiplier(0.125), 0.2 + 0.8 * 0.25, 1e-12);
    g.on = false;
    EXPECT_DOUBLE_EQ(g.multiplier(0.5), 1.0);
}

TEST(Guard, EquityFromFillsAndMarks) {
    Equity e(1000);
    e.on_fill(1, true, 10, 100, 1);  // fee 1
    EXPECT_DOUBLE_EQ(e.equity(), 999);
    e.on_price(1, 110);
    EXPECT_DOUBLE_EQ(e.equity(), 1099);
    EXPECT_DOUBLE_EQ(e.peak(), 1099);
    e.on_fill(1, false, 15, 90, 0);  // realize -100 on 10; short 5 at 90
    EXPECT_DOUBLE_EQ(e.position(1), -5);
    EXPECT_DOUBLE_EQ(e.equity(), 899);
    EXPECT_NEAR(e.drawdown(), 200.0 / 1099, 1e-12);
    Equity f(1);
    f.decode(e.encode());
    EXPECT_DOUBLE_EQ(f.equity(), 899);
    EXPECT_NEAR(f.drawdown(), 200.0 / 1099, 1e-12);
}

TEST(Returns, LastPriceOfEachBucket) {
    constexpr int64_t kMin = 60000000000LL;
    ReturnSeries s(kMin, 3);
    EXPECT_FALSE(s.observe(0, 100));
    EXPECT_FALSE(s.observe(30 * 1000000000LL, 101));  // same bucket: its last price is 101
    EXPECT_FALSE(s.observe(kMin, 99));                 // bucket 0 closes at 101: no previous close yet
    EXPECT_TRUE(s.observe(2 * kMin, 110));             // bucket 1 closes at 99
    ASSERT_EQ(s.returns().size(), 1u);
    EXPECT_EQ(s.returns()[0].first, 1);
    EXPECT_NEAR(s.returns()[0].second, 99.0 / 101 - 1, 1e-12);
    EXPECT_FALSE(s.observe(kMin, 50)) << "older than the open bucket";
    for (int i = 3; i < 8; ++i) s.observe(i * kMin, 100 + i);
    EXPECT_EQ(s.returns().size(), 3u) << "window";
    EXPECT_EQ(s.returns().back().first, 6);
}
