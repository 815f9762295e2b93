// betfair: the price ladder against the API-NG reference's "Betfair Price Increments" table.
#include "ladder.hpp"

#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

namespace lad = tradehost::betfair::ladder;
using tradehost::testing::fx;

TEST(BetfairLadder, EveryTickOfEveryBand) {
    // (band end, increment, ticks in the band) as the reference tabulates them.
    struct Band { const char* to; const char* step; int ticks; };
    const Band bands[] = {{"2", "0.01", 100}, {"3", "0.02", 50},  {"4", "0.05", 20},  {"6", "0.1", 20},
                          {"10", "0.2", 20},  {"20", "0.5", 20},  {"30", "1", 10},     {"50", "2", 10},
                          {"100", "5", 10},   {"1000", "10", 90}};
    std::size_t i = 0;
    th_fixed px = fx("1.01");
    EXPECT_EQ(lad::price_at(0), px);
    for (const Band& b : bands) {
        for (int t = 0; t < b.ticks; ++t, ++i) {
            if (i > 0) px += fx(b.step);
            ASSERT_EQ(lad::price_at(i), px) << "tick " << i;
            ASSERT_TRUE(lad::on_ladder(px));
            ASSERT_EQ(lad::index_of(px), i);
        }
        EXPECT_EQ(px, fx(b.to)) << "band ends at " << b.to;
    }
    EXPECT_EQ(i, lad::kTicks);
    EXPECT_EQ(i, 350u);
}

TEST(BetfairLadder, PricesBetweenTicksAreOff) {
    for (const char* p : {"1.005", "1", "2.01", "2.03", "3.01", "3.02", "4.05", "6.1", "10.2", "20.5", "31", "52", "105",
                          "1010"})
        EXPECT_FALSE(lad::on_ladder(fx(p))) << p;
    for (const char* p : {"1.01", "1.99", "2", "2.02", "2.98", "3.05", "4.1", "6.2", "10.5", "21", "32", "55", "110", "1000"})
        EXPECT_TRUE(lad::on_ladder(fx(p))) << p;
}

TEST(BetfairLadder, NearestValidPrice) {
    EXPECT_EQ(lad::snap(fx("2.03")), fx("2.04"));  // a tie goes up
    EXPECT_EQ(lad::snap(fx("2.029")), fx("2.02"));
    EXPECT_EQ(lad::snap(fx("3.03")), fx("3.05"));
    EXPECT_EQ(lad::snap(fx("3.02")), fx("3"));
    EXPECT_EQ(lad::snap(fx("7.25")), fx("7.2"));
    EXPECT_EQ(lad::snap(fx("7.3")), fx("7.4"));  // a tie
    EXPECT_EQ(lad::snap(fx("23.6")), fx("24"));
    EXPECT_EQ(lad::snap(fx("1")), fx("1.01"));
    EXPECT_EQ(lad::snap(fx("1500")), fx("1000"));
    EXPECT_EQ(lad::snap(fx("2.03"), lad::Round::down), fx("2.02"));
    EXPECT_EQ(lad::snap(fx("2.01"), lad::Round::up), fx("2.02"));
    EXPECT_EQ(lad::snap(fx("995"), lad::Round::down), fx("990"));
    for (std::size_t i = 0; i < lad::kTicks; ++i) ASSERT_EQ(lad::snap(lad::price_at(i)), lad::price_at(i));
}

TEST(BetfairLadder, TicksAway) {
    EXPECT_EQ(lad::ticks_away(fx("1.01"), 1), fx("1.02"));
    EXPECT_EQ(lad::ticks_away(fx("2"), 1), fx("2.02"));
    EXPECT_EQ(lad::ticks_away(fx("2.02"), -1), fx("2"));
    EXPECT_EQ(lad::ticks_away(fx("4"), -1), fx("3.95"));
    EXPECT_EQ(lad::ticks_away(fx("1.01"), -5), fx("1.01"));
    EXPECT_EQ(lad::ticks_away(fx("1000"), 3), fx("1000"));
    EXPECT_EQ(lad::ticks_away(fx("1.5"), 60), fx("2.2"));
    EXPECT_EQ(lad::ticks_between(fx("1.01"), fx("1000")), 349);
    EXPECT_EQ(lad::ticks_between(fx("1.01"), fx("2")), 99);
    EXPECT_EQ(lad::ticks_between(fx("3"), fx("2")), -50);
    EXPECT_EQ(lad::tick_above(fx("1.99")), fx("0.01"));
    EXPECT_EQ(lad::tick_above(fx("2")), fx("0.02"));
    EXPECT_EQ(lad::tick_above(fx("100")), fx("10"));
}

TEST(BetfairLadder, OffLadderReasonInTheVenuesWords) {
    EXPECT_EQ(lad::off_ladder_reason(fx("2.03")),
              "INVALID_ODDS Odds not on price ladder: 2.03 (nearest 2.02, 2.04)");
    EXPECT_EQ(lad::off_ladder_reason(fx("1")),
              "INVALID_ODDS Odds not on price ladder: 1 (lowest 1.01)");
}
