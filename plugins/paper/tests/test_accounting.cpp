// Unit tests of the position accounting and fee model (compiled into the test directly).
#include "accounting.hpp"
#include "paper_fixture.hpp"

#include <gtest/gtest.h>

using namespace tradehost::paper;
using paper_test::fx;

TEST(PaperAccounting, AddingAveragesThePrice) {
    Position p;
    p.apply_fill(TH_SIDE_BUY, fx(10), fx(100), 0);
    p.apply_fill(TH_SIDE_BUY, fx(30), fx(110), 0);
    EXPECT_EQ(p.qty, fx(40));
    EXPECT_EQ(p.avg_px, fx("107.5"));
    EXPECT_EQ(p.realized, 0);
}

TEST(PaperAccounting, ReduceCloseAndFlipRealize) {
    Position p;
    p.apply_fill(TH_SIDE_BUY, fx(20), fx(105), 0);
    p.apply_fill(TH_SIDE_SELL, fx(5), fx(120), 0);  // +5 * 15
    EXPECT_EQ(p.qty, fx(15));
    EXPECT_EQ(p.avg_px, fx(105));
    EXPECT_EQ(p.realized, fx(75));

    p.apply_fill(TH_SIDE_SELL, fx(25), fx(100), 0);  // closes 15 at -5 each, opens 10 short
    EXPECT_EQ(p.qty, fx(-10));
    EXPECT_EQ(p.avg_px, fx(100));
    EXPECT_EQ(p.realized, 0);

    EXPECT_EQ(p.unrealized(fx(98)), fx(20));   // short 10 from 100, marked at 98
    EXPECT_EQ(p.unrealized(fx(101)), fx(-10));

    p.apply_fill(TH_SIDE_BUY, fx(10), fx(90), 0);  // cover: +10 * 10
    EXPECT_EQ(p.qty, 0);
    EXPECT_EQ(p.avg_px, 0);
    EXPECT_EQ(p.realized, fx(100));
    EXPECT_EQ(p.unrealized(fx(95)), 0);
}

TEST(PaperAccounting, FeesReduceRealized) {
    Position p;
    p.apply_fill(TH_SIDE_BUY, fx(1), fx(100), fx("0.5"));
    EXPECT_EQ(p.realized, fx("-0.5"));
    EXPECT_EQ(p.avg_px, fx(100));  // fees do not move the average price
}

TEST(PaperAccounting, AverageOfFractionalQuantitiesIsExact) {
    Position p;
    p.apply_fill(TH_SIDE_BUY, fx("0.001"), fx("65000.12"), 0);
    p.apply_fill(TH_SIDE_BUY, fx("0.003"), fx("65100.2"), 0);
    EXPECT_EQ(p.qty, fx("0.004"));
    EXPECT_EQ(p.avg_px, fx("65075.18"));
}

TEST(PaperAccounting, FeeModelUsesIntegerMaths) {
    FeeModel f;
    f.rate = 25000;            // 2.5 bps
    f.per_unit = fx("0.01");
    // 10 * 100.5 = 1005; 1005 * 0.00025 = 0.25125; + 10 * 0.01 = 0.1
    EXPECT_EQ(f.fee(fx(10), fx("100.5")), fx("0.35125"));
}

TEST(PaperAccounting, UtcDayFloors) {
    EXPECT_EQ(utc_day(0), 0);
    EXPECT_EQ(utc_day(paper_test::kMidnight - 1), utc_day(paper_test::kMidnight) - 1);
    EXPECT_EQ(utc_day(-1), -1);
    EXPECT_EQ(utc_day_start(utc_day(paper_test::T0)), paper_test::kMidnight - paper_test::kDay);
    EXPECT_EQ(mid_price(fx(99), fx(101)), fx(100));
    EXPECT_EQ(mid_price(0, fx(101)), fx(101));
}
