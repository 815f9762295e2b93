// The routing decision on constructed books with known answers.
#include "quality.hpp"
#include "route.hpp"

#include <gtest/gtest.h>

using namespace tradehost::smart_router;

namespace {

th_fixed px(double v) { return static_cast<th_fixed>(v * 1e8 + (v >= 0 ? 0.5 : -0.5)); }

Book asks(std::initializer_list<std::pair<double, double>> levels) {
    Book b;
    for (auto [p, q] : levels) b.asks[px(p)] = px(q);
    return b;
}

}  // namespace

TEST(Route, BestAllInPriceWinsAfterFees) {
    const Book a = asks({{100.00, 100}}), b = asks({{99.99, 100}});
    std::vector<VenueView> v = {{&a, 0, 1}, {&b, 2, 1}};  // B is 1 bp cheaper but pays 2 bps
    auto s = route(TH_SIDE_BUY, px(10), 0, v, 0, 0);
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].venue, 0u);
    EXPECT_EQ(s[0].qty, px(10));
    EXPECT_EQ(s[0].expected_px, px(100));
    v[1].cost_bps = 0.5;  // 99.99 * 1.00005 = 99.995 < 100
    s = route(TH_SIDE_BUY, px(10), 0, v, 0, 0);
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].venue, 1u);
}

TEST(Route, SplitsWhenOneBookIsTooThin) {
    const Book a = asks({{100.00, 30}, {100.05, 100}}), b = asks({{100.01, 50}});
    std::vector<VenueView> v = {{&a, 0, 1}, {&b, 0, 1}};
    auto s = route(TH_SIDE_BUY, px(70), 0, v, 0, 0);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].venue, 0u);
    EXPECT_EQ(s[0].qty, px(30));
    EXPECT_EQ(s[0].expected_px, px(100));
    EXPECT_EQ(s[1].venue, 1u);
    EXPECT_EQ(s[1].qty, px(40));
    EXPECT_EQ(s[1].expected_px, px(100.01));
}

TEST(Route, APoorFillRatioShrinksWhatAVenueIsTrustedWith) {
    const Book a = asks({{100.00, 30}, {100.05, 100}}), b = asks({{100.01, 50}});
    std::vector<VenueView> v = {{&a, 0, 1}, {&b, 0, 0.5}};  // B fills half of what it shows
    auto s = route(TH_SIDE_BUY, px(70), 0, v, 0, 0);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].qty, px(45));  // 30 at 100 and 15 at 100.05
    EXPECT_EQ(s[1].qty, px(25));
    EXPECT_NEAR(static_cast<double>(s[0].expected_px), static_cast<double>(px((30 * 100.00 + 15 * 100.05) / 45)), 2);
}

TEST(Route, WhatTheBooksCannotTakeWaitsAtTheBestTouch) {
    const Book a = asks({{100.00, 30}, {100.05, 100}}), b = asks({{100.01, 50}});
    std::vector<VenueView> v = {{&a, 0, 1}, {&b, 0, 1}};
    auto s = route(TH_SIDE_BUY, px(200), px(100.01), v, 1, 0);  // the limit leaves 80 in the books
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].qty, px(150));  // 30 + the 120 left, at A's better touch
    EXPECT_EQ(s[1].qty, px(50));
    EXPECT_EQ(s[0].expected_px, px(100)) << "the planned price covers the book part only";
}

TEST(Route, LotsNoBooksAndSells) {
    const Book a = asks({{100.00, 33}}), b = asks({{100.01, 100}});
    std::vector<VenueView> v = {{&a, 0, 1}, {&b, 0, 1}};
    auto s = route(TH_SIDE_BUY, px(70), 0, v, 0, px(10));  // 33 / 37 -> 30 / 30, the 10 left on the first largest
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].qty, px(40));
    EXPECT_EQ(s[1].qty, px(30));

    std::vector<VenueView> none = {{nullptr, 0, 1}, {nullptr, 0, 1}};
    s = route(TH_SIDE_SELL, px(5), 0, none, 1, 0);
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].venue, 1u) << "fallback";

    Book c, d;
    c.bids[px(99.98)] = px(10);
    d.bids[px(99.99)] = px(10);
    d.bids[px(99.90)] = px(10);
    std::vector<VenueView> w = {{&c, 0, 1}, {&d, 0, 1}};
    s = route(TH_SIDE_SELL, px(15), px(99.95), w, 0, 0);  // 10 at 99.99 on D, 5 at 99.98 on C
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].venue, 0u);
    EXPECT_EQ(s[0].qty, px(5));
    EXPECT_EQ(s[1].qty, px(10));
}

TEST(Quality, FillRatioAndSlippageAverage) {
    FillQuality q;
    q.on_done(100, 50, 0.5);
    EXPECT_DOUBLE_EQ(q.fill_ratio, 0.75);
    q.on_fill(true, 100.02, 100.00, 0.5);  // paid 2 bps more
    EXPECT_NEAR(q.slippage_bps, 1.0, 1e-9);
    q.on_fill(false, 99.98, 100.00, 1.0);  // sold 2 bps lower
    EXPECT_NEAR(q.slippage_bps, 2.0, 1e-9);
    for (int i = 0; i < 100; ++i) q.on_done(100, 0, 0.5);
    EXPECT_DOUBLE_EQ(q.fill_ratio, 0.05) << "a floor, so that a venue can earn its way back";
}
