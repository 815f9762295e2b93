// Betfair's price increments (Betfair Exchange API documentation, "Betfair Price Increments"):
// 1.01-2 by 0.01, 2-3 by 0.02, 3-4 by 0.05, 4-6 by 0.1, 6-10 by 0.2, 10-20 by 0.5, 20-30 by 1,
// 30-50 by 2, 50-100 by 5, 100-1000 by 10: 350 prices.
#include "price_ladder.hpp"

#include <gtest/gtest.h>

using tradehost::betting::PriceLadder;

TEST(PriceLadder, HasEveryPriceOfEveryBandAndNoOther) {
    int count = 0;
    double prev = 1.0;
    for (int i = 0; i < PriceLadder::kTicks; ++i) {
        const double p = PriceLadder::price_at(i);
        EXPECT_GT(p, prev);
        EXPECT_EQ(PriceLadder::index_of(p), i) << p;
        prev = p;
        ++count;
    }
    EXPECT_EQ(count, 350);
    EXPECT_DOUBLE_EQ(PriceLadder::price_at(0), 1.01);
    EXPECT_DOUBLE_EQ(PriceLadder::price_at(99), 2.0);
    EXPECT_DOUBLE_EQ(PriceLadder::price_at(349), 1000);
    for (double on : {1.01, 1.99, 2.0, 2.02, 2.98, 3.05, 3.95, 4.1, 5.9, 6.2, 9.8, 10.5, 19.5, 21.0, 29.0, 32.0, 48.0, 55.0, 95.0, 110.0, 990.0, 1000.0})
        EXPECT_TRUE(PriceLadder::on_ladder(on)) << on;
    for (double off : {1.0, 1.005, 2.01, 2.99, 3.01, 3.96, 4.05, 6.1, 10.2, 20.5, 31.0, 52.0, 105.0, 995.0, 1010.0})
        EXPECT_FALSE(PriceLadder::on_ladder(off)) << off;
}

TEST(PriceLadder, SnapsAndCountsTicks) {
    EXPECT_DOUBLE_EQ(PriceLadder::snap(2.01), 2.0);  // a tie goes down
    EXPECT_DOUBLE_EQ(PriceLadder::snap(2.013), 2.02);
    EXPECT_DOUBLE_EQ(PriceLadder::snap(2.01, PriceLadder::Round::Up), 2.02);
    EXPECT_DOUBLE_EQ(PriceLadder::snap(3.97, PriceLadder::Round::Down), 3.95);
    EXPECT_DOUBLE_EQ(PriceLadder::snap(104), 100);
    EXPECT_DOUBLE_EQ(PriceLadder::snap(1.0), 1.01);
    EXPECT_DOUBLE_EQ(PriceLadder::snap(5000), 1000);
    EXPECT_DOUBLE_EQ(PriceLadder::ticks_away(1.99, 2), 2.02);  // across the band edge
    EXPECT_DOUBLE_EQ(PriceLadder::ticks_away(2.0, -1), 1.99);
    EXPECT_DOUBLE_EQ(PriceLadder::ticks_away(1000, 5), 1000);  // clamped
    EXPECT_EQ(PriceLadder::ticks_between(1.01, 1000), 349);
    EXPECT_EQ(PriceLadder::ticks_between(3.0, 2.0), -50);
    EXPECT_THROW(PriceLadder::ticks_away(2.01, 1), std::invalid_argument);
}
