// Position accounting in exact integers: stocks against average cost, bets as stakes paid out
// at the settlement odds, outcome tokens paid 1 or 0, void bets returned.
#include <gtest/gtest.h>

#include "pool_book.hpp"

using namespace syndicate;

namespace {
constexpr int64_t F = 100000000;  // TH_FIXED_SCALE
int64_t cents(Wide w) { return static_cast<int64_t>(w / kWideCent); }
}  // namespace

TEST(PoolBook, StockRoundTripRealisesAgainstAverageCost) {
    Position p;
    // buy 100 at 10.00, buy 100 at 12.00 (average 11.00), fee 1.00 each
    EXPECT_EQ(cents(apply_fill(p, false, true, 10 * F, 100 * F, 1 * F)), -100);
    EXPECT_EQ(cents(apply_fill(p, false, true, 12 * F, 100 * F, 1 * F)), -100);
    // sell 150 at 13.50: 150 x (13.50 - 11.00) = 375.00, less the 1.00 fee
    EXPECT_EQ(cents(apply_fill(p, false, false, 1350 * F / 100, 150 * F, 1 * F)), 37400);
    EXPECT_EQ(p.qty, 50 * static_cast<Wide>(F));
    // sell 80 at 9.00: closes 50 at a loss of 2.00 each (-100.00), opens a 30 short at 9.00
    EXPECT_EQ(cents(apply_fill(p, false, false, 9 * F, 80 * F, 0)), -10000);
    EXPECT_EQ(p.qty, -30 * static_cast<Wide>(F));
    // buy 30 at 8.00 back: +30.00
    EXPECT_EQ(cents(apply_fill(p, false, true, 8 * F, 30 * F, 0)), 3000);
    EXPECT_EQ(p.qty, 0);
    EXPECT_EQ(p.cost, 0);
}

TEST(PoolBook, BetsAreStakesSettledAtTheOdds) {
    Position back, lay, lost, voided;
    // back 50.00 at 3.2: nothing realised until the result
    EXPECT_EQ(apply_fill(back, true, true, 320 * F / 100, 50 * F, 0), 0);
    // won: paid 50 x 3.2 = 160.00, profit 110.00
    EXPECT_EQ(cents(apply_settlement(back, 320 * F / 100, false)), 11000);
    // lay 20.00 at 4.0 (a sell): the selection wins, the layer pays 20 x 3 = 60.00
    apply_fill(lay, true, false, 4 * F, 20 * F, 0);
    EXPECT_EQ(cents(apply_settlement(lay, 4 * F, false)), -6000);
    // a lost back bet of 25.00 (settlement price 0)
    apply_fill(lost, true, true, 2 * F, 25 * F, 0);
    EXPECT_EQ(cents(apply_settlement(lost, 0, false)), -2500);
    // void: the stake comes back
    apply_fill(voided, true, true, 2 * F, 25 * F, 0);
    EXPECT_EQ(cents(apply_settlement(voided, 0, true)), 0);
}

TEST(PoolBook, OutcomeTokensResolveToOneOrZero) {
    Position yes;
    apply_fill(yes, false, true, 62 * F / 100, 1000 * F, 0);  // 1000 at 0.62 = 620.00
    EXPECT_EQ(cents(apply_settlement(yes, 1 * F, false)), 38000);
}

TEST(PoolBook, PositionsRoundTripAsText) {
    Position p;
    apply_fill(p, false, false, 12345678, 987654321, 0);
    Position q;
    ASSERT_TRUE(decode(encode(p), q));
    EXPECT_EQ(p.qty, q.qty);
    EXPECT_EQ(p.cost, q.cost);
    EXPECT_FALSE(decode("12", q));
    EXPECT_FALSE(decode("1 x", q));
}
