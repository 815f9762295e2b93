// The cost model and the limits against hand-worked numbers.
#include "constraints.hpp"
#include "costs.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace tradehost::opportunity_builder;

TEST(Costs, SquareRootImpactAndTheBestSize) {
    // mid 100, spread 0.02: c0 = 1 bp fee + 1 bp half-spread = 2e-4; k = 1 x 0.02 / sqrt(100 x 1e6)
    // = 2e-6. With alpha 50 bps: x* = ((0.005 - 0.0002) / (1.5 x 2e-6))^2 = 1600^2 = 2,560,000.
    CostSettings s;
    const CostModel m = CostModel::of(s, Touch{100.0, 0.01});
    EXPECT_NEAR(m.c0, 2e-4, 1e-15);
    EXPECT_NEAR(m.k, 2e-6, 1e-18);
    EXPECT_NEAR(m.best_notional(0.005), 2.56e6, 1e-3);
    // cost there: 2e-4 x 2.56e6 + 2e-6 x 2.56e6 x 1600 = 512 + 8192 = 8704; net 12800 - 8704 = 4096
    EXPECT_NEAR(m.cost(2.56e6), 8704, 1e-6);
    for (double x : {2.0e6, 3.0e6}) EXPECT_LT(0.005 * x - m.cost(x), 4096.0);  // x* is the best
    EXPECT_EQ(m.best_notional(2e-4), 0);  // alpha no better than the spread and fee: no trade
    s.impact_coef = 0;
    EXPECT_TRUE(std::isinf(CostModel::of(s, Touch{100.0, 0.01}).best_notional(0.005)));
}

TEST(Limits, NameSectorGrossNetInOrder) {
    // 300 and 200 long in sector 0, 100 short in sector 1.
    std::vector<Position> p{{0, 300, 0}, {0, 200, 0}, {0, -100, 1}};
    Limits l;
    l.max_name = 250;    // 250, 200, -100
    l.max_sector = 300;  // sector 0 gross 450: x 2/3 -> 166.667, 133.333
    l.max_gross = 350;   // gross 400: x 0.875 -> 145.833, 116.667, -87.5
    l.max_net = 100;     // net 175: longs x (100 + 87.5) / 262.5 -> 104.167, 83.333
    EXPECT_EQ(apply_limits(p, l), 15u);
    EXPECT_NEAR(p[0].target, 104.1666667, 1e-6);
    EXPECT_NEAR(p[1].target, 83.3333333, 1e-6);
    EXPECT_NEAR(p[2].target, -87.5, 1e-9);
    EXPECT_NEAR(p[0].target + p[1].target + p[2].target, 100, 1e-9);
}

TEST(Limits, TurnoverScalesTowardTheCurrentPortfolio) {
    std::vector<Position> p{{100, 300, -1}, {0, -100, -1}};  // trades 200 and 100
    Limits l;
    l.max_turnover = 100;  // a third of each trade
    EXPECT_EQ(apply_limits(p, l), 16u);
    EXPECT_NEAR(p[0].target, 100 + 200.0 / 3, 1e-9);
    EXPECT_NEAR(p[1].target, -100.0 / 3, 1e-9);
    Limits none;
    EXPECT_EQ(apply_limits(p, none), 0u);
}
