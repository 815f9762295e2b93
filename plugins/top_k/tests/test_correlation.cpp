// top_k's correlation penalty on constructed cases: Pearson's r worked by hand, cycles shared
// by two names only, and the picks it changes.
#include "bandit.hpp"
#include "correlation.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace tradehost::top_k;

TEST(Correlation, PearsonOverTheSharedCycles) {
    ReturnCorrelation c(50, 4);
    // x = 1 2 3 4, y = 1 3 2 4: deviations -1.5 -.5 .5 1.5 and -1.5 .5 -.5 1.5,
    // sum dx dy = 2.25 - .25 - .25 + 2.25 = 4, sum dx^2 = sum dy^2 = 5: r = 0.8
    const double x[] = {1, 2, 3, 4}, y[] = {1, 3, 2, 4};
    for (uint64_t t = 0; t < 4; ++t) {
        c.add(t, 0, x[t]);
        c.add(t, 1, y[t]);
        c.add(t, 2, -2 * x[t]);  // moves against arm 0: r = -1
    }
    double r = 0;
    ASSERT_TRUE(c.corr(0, 1, &r));
    EXPECT_NEAR(r, 0.8, 1e-12);
    ASSERT_TRUE(c.corr(0, 2, &r));
    EXPECT_NEAR(r, -1.0, 1e-12);
    EXPECT_FALSE(c.corr(0, 7, &r)) << "an arm never seen";

    // Arm 3 has cycles 2..5 only: with arm 0 (cycles 0..3) it shares 2 and 3, fewer than 4.
    for (uint64_t t = 2; t < 6; ++t) c.add(t, 3, static_cast<double>(t));
    EXPECT_FALSE(c.corr(0, 3, &r));
    c.add(4, 0, 5);
    c.add(5, 0, 6);  // now 2..5 shared: x = 3 4 5 6 against 2 3 4 5: r = 1
    ASSERT_TRUE(c.corr(0, 3, &r));
    EXPECT_NEAR(r, 1.0, 1e-12);
}

TEST(Correlation, TheWindowForgetsAndAFlatNameHasNone) {
    ReturnCorrelation c(3, 3);
    // first anti-correlated, then three cycles moving together: only these count
    const double a[] = {1, 2, 1, 2, 3}, b[] = {2, 1, 1, 2, 3};
    for (uint64_t t = 0; t < 5; ++t) {
        c.add(t, 0, a[t]);
        c.add(t, 1, b[t]);
        c.add(t, 2, 0.5);
    }
    double r = 0;
    ASSERT_TRUE(c.corr(0, 1, &r));
    EXPECT_NEAR(r, 1.0, 1e-12);
    EXPECT_FALSE(c.corr(0, 2, &r)) << "no variance, no correlation";
}

namespace {
// UCB with no exploration and no history: every index is 0, so the signal alone scores.
BanditSettings plain(double corr_penalty) {
    BanditSettings s;
    s.policy = BanditSettings::Ucb;
    s.exploration = 0;
    s.corr_penalty = corr_penalty;
    return s;
}
}  // namespace

TEST(Correlation, APickCorrelatedWithOneAlreadyChosenGivesWay) {
    ReturnCorrelation c(50, 4);
    // arm 1 moves with arm 0 (r = 1); arm 2 is uncorrelated with 0 (r = 0 by construction)
    const double x[] = {1, -1, 1, -1}, z[] = {1, 1, -1, -1};
    for (uint64_t t = 0; t < 4; ++t) {
        c.add(t, 0, x[t]);
        c.add(t, 1, 2 * x[t]);
        c.add(t, 2, z[t]);
    }
    double r = 1;
    ASSERT_TRUE(c.corr(0, 2, &r));
    EXPECT_NEAR(r, 0.0, 1e-12);
    const std::vector<Candidate> longs = {{0, 0.9, -1}, {1, 0.8, -1}, {2, 0.6, -1}};

    Bandit off(plain(0));
    EXPECT_EQ(off.select(longs, 2, &c), (std::vector<uint32_t>{0, 1})) << "no penalty: the two strongest";
    // 0.8 - 0.5 x 1 = 0.3 < 0.6: the uncorrelated name is taken instead
    Bandit on(plain(0.5));
    EXPECT_EQ(on.select(longs, 2, &c), (std::vector<uint32_t>{0, 2}));
    // 0.8 - 0.1 = 0.7 > 0.6: a small penalty only reorders what it must
    Bandit small(plain(0.1));
    EXPECT_EQ(small.select(longs, 2, &c), (std::vector<uint32_t>{0, 1}));
    // Short the correlated name against a long: a hedge, not a pile-up, so no penalty.
    std::vector<Candidate> hedge = longs;
    hedge[1].dir = -1;
    Bandit h(plain(0.5));
    EXPECT_EQ(h.select(hedge, 2, &c), (std::vector<uint32_t>{0, 1}));
    // Without a correlation history the penalty has nothing to say.
    Bandit blind(plain(0.5));
    EXPECT_EQ(blind.select(longs, 2, nullptr), (std::vector<uint32_t>{0, 1}));
}

TEST(Correlation, SectorAndCorrelationPenaltiesAdd) {
    ReturnCorrelation c(50, 4);
    const double x[] = {1, -1, 1, -1};
    for (uint64_t t = 0; t < 4; ++t) {
        c.add(t, 0, x[t]);
        c.add(t, 1, x[t] * 0.5 + (t == 0 ? 0.5 : 0));  // r with arm 0 worked below
    }
    double r = 0;
    ASSERT_TRUE(c.corr(0, 1, &r));
    // y = 1 -0.5 0.5 -0.5: mean 0.125; dx = 1 -1 1 -1, dy = .875 -.625 .375 -.625:
    // sum dx dy = 2.5, sum dx^2 = 4, sum dy^2 = 1.6875: r = 2.5 / sqrt(6.75) = 0.96225
    EXPECT_NEAR(r, 2.5 / std::sqrt(6.75), 1e-12);
    // arm 1 shares arm 0's sector too: 0.8 - 0.2 (sector) - 0.3 r = 0.3113 < arm 2's 0.32
    BanditSettings s = plain(0.3);
    s.penalty = 0.2;
    Bandit b(s);
    const std::vector<Candidate> cands = {{0, 0.9, 0}, {1, 0.8, 0}, {2, 0.32, -1}};
    EXPECT_EQ(b.select(cands, 2, &c), (std::vector<uint32_t>{0, 2}));
    // either penalty alone leaves arm 1 ahead: 0.6 and 0.5113
    BanditSettings sector_only = plain(0);
    sector_only.penalty = 0.2;
    Bandit so(sector_only);
    EXPECT_EQ(so.select(cands, 2, &c), (std::vector<uint32_t>{0, 1}));
    BanditSettings corr_only = plain(0.3);
    corr_only.penalty = 0;  // the default sector penalty is 0.5
    Bandit co(corr_only);
    EXPECT_EQ(co.select(cands, 2, &c), (std::vector<uint32_t>{0, 1}));
}
