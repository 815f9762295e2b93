// Kyle's lambda against a regression worked by hand, and the builder sizing with it.
#include "builder.hpp"
#include "kyle.hpp"

#include <gtest/gtest.h>

using namespace tradehost::opportunity_builder;

namespace {
// Fills (price, signed qty): the pairs (q, dp) are (20, 0.5), (-10, -0.3), (30, 0.7), (-40, -0.8).
constexpr double kFills[][2] = {{100.0, 10}, {100.5, 20}, {100.2, -10}, {100.9, 30}, {100.1, -40}};
}  // namespace

TEST(Kyle, SlopeOfPriceChangeOnSignedVolume) {
    KyleLambda k(100, 4);
    double l = -1;
    for (int i = 0; i < 4; ++i) k.on_fill(kFills[i][0], kFills[i][1]);
    EXPECT_FALSE(k.lambda(&l)) << "3 pairs, 4 needed";
    k.on_fill(kFills[4][0], kFills[4][1]);
    ASSERT_TRUE(k.lambda(&l));
    // mean q = 0, so lambda = sum(q dp) / sum(q^2) = (10 + 3 + 21 + 32) / (400 + 100 + 900 + 1600)
    EXPECT_NEAR(l, 66.0 / 3000.0, 1e-12);
}

TEST(Kyle, TheWindowRollsAndNoiseIsNoImpact) {
    KyleLambda k(3, 3);
    for (const auto& f : kFills) k.on_fill(f[0], f[1]);
    EXPECT_EQ(k.observations(), 3u);
    double l = 0;
    ASSERT_TRUE(k.lambda(&l));
    // last three: sum q = -20, sum dp = -0.4, sum q dp = 56, sum q^2 = 2600, n = 3:
    // Sqp = 56 - (-20)(-0.4)/3 = 160/3, Sqq = 2600 - 400/3 = 7400/3, lambda = 160/7400
    EXPECT_NEAR(l, 160.0 / 7400.0, 1e-12);

    KyleLambda same(10, 2);  // every fill the same size: no variation to fit on
    for (double p : {100.0, 100.1, 100.3, 100.2}) same.on_fill(p, 5);
    EXPECT_FALSE(same.lambda(&l));
    KyleLambda against(10, 2);  // buys lower the price: a negative slope reads as no impact
    against.on_fill(100.0, 10);
    against.on_fill(99.0, 10);
    against.on_fill(99.5, -10);
    ASSERT_TRUE(against.lambda(&l));
    EXPECT_EQ(l, 0.0);
}

TEST(Kyle, CostAndBestSize) {
    // mid 100, half-spread 0.01, fee 1 bp: c0 = 2e-4; lambda 0.022: q = 0.022 / 100^2 = 2.2e-6.
    CostSettings s;
    s.kyle = true;
    const double lambda = 0.022;
    const CostModel m = CostModel::of(s, Touch{100.0, 0.01}, &lambda);
    EXPECT_NEAR(m.q, 2.2e-6, 1e-18);
    EXPECT_EQ(m.k, 0.0);
    // alpha 50 bps: x* = (0.005 - 0.0002) / (2 x 2.2e-6) = 1090.909...
    const double x = m.best_notional(0.005);
    EXPECT_NEAR(x, 0.0048 / 4.4e-6, 1e-9);
    // 10.9 shares moved by lambda each: cost = 2e-4 x + lambda (x / 100)^2
    EXPECT_NEAR(m.cost(x), 2e-4 * x + 0.022 * (x / 100) * (x / 100), 1e-9);
    for (double y : {x * 0.9, x * 1.1}) EXPECT_LT(0.005 * y - m.cost(y), 0.005 * x - m.cost(x));
    s.kyle = false;
    EXPECT_EQ(CostModel::of(s, Touch{100.0, 0.01}, &lambda).q, 0.0) << "sqrt model ignores lambda";
}

TEST(Kyle, TheBuilderSizesWithTheFittedLambdaOnceFitted) {
    BuilderSettings s;
    s.alpha_bps = 50;
    s.costs.kyle = true;
    s.kyle_window = 100;
    s.kyle_min_fills = 4;
    Builder b(s);
    const th_instrument id = 7;
    b.on_touch(id, 99.99, 100.01);
    // Not fitted yet: the square-root law, x* = 2.56e6 notional = 25600 shares (test_costs).
    auto t = b.build({Opportunity{id, 1.0, 0}});
    ASSERT_EQ(t.size(), 1u);
    EXPECT_DOUBLE_EQ(t[0].qty, 25600);
    for (const auto& f : kFills) b.on_fill(id, f[0], f[1]);
    double l = 0;
    ASSERT_TRUE(b.lambda(id, &l));
    EXPECT_NEAR(l, 0.022, 1e-12);
    // Fitted: x* = 1090.9 notional at mid 100 = 10 whole shares.
    t = b.build({Opportunity{id, 1.0, 0}});
    ASSERT_EQ(t.size(), 1u);
    EXPECT_DOUBLE_EQ(t[0].qty, 10);
}
