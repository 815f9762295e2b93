// The depth walk on hand-computed books: a binary market over two levels per leg, the same
// with Polymarket-form taker fees (which shrink the profit, and at a higher rate stop the walk
// a level earlier), a three-outcome neg-risk event, a size cap, and books with no arbitrage.
#include "depth_walk.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

using namespace tradehost::arb_scanner;

namespace {

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

LegBook leg(std::initializer_list<std::pair<const char*, const char*>> asks, double rate = 0) {
    LegBook b;
    for (const auto& [px, q] : asks) b.asks.push_back({fx(px), fx(q)});
    b.fee.rate = rate;
    return b;
}

// YES asks 0.40 x 100, 0.45 x 50; NO asks 0.55 x 30, 0.58 x 200.
std::vector<LegBook> binary(double rate = 0) {
    return {leg({{"0.40", "100"}, {"0.45", "50"}}, rate), leg({{"0.55", "30"}, {"0.58", "200"}}, rate)};
}

}  // namespace

TEST(DepthWalk, BinaryMarketTwoLevels) {
    // 30 sets at 0.40 + 0.55 = 0.95, then 70 at 0.40 + 0.58 = 0.98; 0.45 + 0.58 = 1.03 stops.
    const Walk w = walk_depth(binary(), {});
    EXPECT_EQ(w.size, fx("100"));
    EXPECT_EQ(w.cost, fx("97.1"));  // 30 * 0.95 + 70 * 0.98
    EXPECT_EQ(w.fees, 0);
    EXPECT_EQ(w.profit, fx("2.9"));
    ASSERT_EQ(w.legs.size(), 2u);
    EXPECT_EQ(w.legs[0].worst_px, fx("0.40"));
    EXPECT_EQ(w.legs[0].levels, 1u);
    EXPECT_EQ(w.legs[1].worst_px, fx("0.58"));
    EXPECT_EQ(w.legs[1].cost, fx("57.1"));  // 30 * 0.55 + 70 * 0.58
}

TEST(DepthWalk, PolymarketFeesShrinkTheProfit) {
    // rate 0.02, exponent 1: fee per share 0.02 * p * (1 - p):
    //   0.40 -> 0.0048, 0.55 -> 0.00495, 0.58 -> 0.004872.
    // Level 1: 30 * (0.0048 + 0.00495) = 0.2925; level 2: 70 * (0.0048 + 0.004872) = 0.67704.
    const Walk w = walk_depth(binary(0.02), {});
    EXPECT_EQ(w.size, fx("100"));
    EXPECT_EQ(w.fees, fx("0.96954"));
    EXPECT_EQ(w.profit, fx("1.93046"));  // 2.9 - 0.96954
}

TEST(DepthWalk, AHigherFeeStopsTheWalkALevelEarlier) {
    // rate 0.1: level 2's fees 0.024 + 0.02436 = 0.04836 per set exceed its 0.02 edge; level 1
    // keeps 0.05 - (0.024 + 0.02475) = 0.00125 per set.
    const Walk w = walk_depth(binary(0.1), {});
    EXPECT_EQ(w.size, fx("30"));
    EXPECT_EQ(w.fees, fx("1.4625"));
    EXPECT_EQ(w.profit, fx("0.0375"));
}

TEST(DepthWalk, NegRiskEventOfThreeOutcomes) {
    // A 0.30 x 50; B 0.33 x 40 then 0.34 x 100; C 0.32 x 60.
    // 40 sets at 0.95, then 10 at 0.96 (A has 10 left); A's book ends there.
    const Walk w = walk_depth({leg({{"0.30", "50"}}), leg({{"0.33", "40"}, {"0.34", "100"}}), leg({{"0.32", "60"}})}, {});
    EXPECT_EQ(w.size, fx("50"));
    EXPECT_EQ(w.cost, fx("47.6"));
    EXPECT_EQ(w.profit, fx("2.4"));
    EXPECT_EQ(w.legs[1].worst_px, fx("0.34"));
    EXPECT_EQ(w.legs[2].qty, fx("50"));
}

TEST(DepthWalk, SizeCapAndMinEdge) {
    WalkLimits lim;
    lim.max_size = fx("45");
    Walk w = walk_depth(binary(), lim);
    EXPECT_EQ(w.size, fx("45"));
    EXPECT_EQ(w.cost, fx("43.2"));  // 30 * 0.95 + 15 * 0.98
    lim = {};
    lim.min_edge = 0.03;  // the second level makes only 0.02 per set
    w = walk_depth(binary(), lim);
    EXPECT_EQ(w.size, fx("30"));
}

TEST(DepthWalk, NoArbitrage) {
    EXPECT_EQ(walk_depth({leg({{"0.50", "10"}}), leg({{"0.50", "10"}})}, {}).size, 0);  // exactly 1: nothing locked
    EXPECT_EQ(walk_depth({leg({{"0.52", "10"}}), leg({{"0.49", "10"}})}, {}).size, 0);
    EXPECT_EQ(walk_depth({leg({{"0.40", "10"}}), leg({})}, {}).size, 0);  // a leg without asks
}

TEST(FeeModel, PolymarketFormulaRoundedUpToFiveDecimals) {
    FeeModel f;
    f.rate = 0.02;
    EXPECT_EQ(f.fee(fx("100"), fx("0.5")), fx("0.5"));  // 100 * 0.02 * 0.25
    f.exponent = 2;
    EXPECT_EQ(f.fee(fx("100"), fx("0.5")), fx("0.125"));  // 100 * 0.02 * 0.0625
    f.exponent = 1;
    EXPECT_EQ(f.fee(fx("1"), fx("0.33")), fx("0.00443"));  // 0.0044220 -> up to 0.00443
    EXPECT_EQ(f.fee(fx("1"), fx("0.99")), fx("0.00020"));  // 0.000198 -> 0.0002
}
