// The bandit on a simulated arm set with known means (seeded): picking k of n each round,
// the regret against the k best arms grows sublinearly (its per-round average falls) and
// stays inside a sqrt(n T log T) envelope, for Thompson and UCB; greedy without exploration
// can lock onto a bad arm. The sector penalty diversifies a pick.
#include "bandit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace tradehost::top_k;

namespace {

struct Regret {
    double regret_early, regret_total;  // after T/10 rounds and after T
};

// n arms with means spread over [-0.5, 0.5], Bernoulli-like rewards in {-1, 1}; pick k a round.
Regret simulate(BanditSettings s, size_t n, size_t k, size_t T, uint64_t seed) {
    std::vector<double> mu(n);
    for (size_t i = 0; i < n; ++i) mu[i] = -0.5 + static_cast<double>(i) / static_cast<double>(n - 1);
    std::mt19937_64 rng(seed);
    std::shuffle(mu.begin(), mu.end(), rng);  // the best arms are not the last indexes
    std::vector<double> sorted = mu;
    std::sort(sorted.rbegin(), sorted.rend());
    const double best = std::accumulate(sorted.begin(), sorted.begin() + static_cast<long>(k), 0.0);
    Bandit b(s);
    std::vector<Candidate> c;
    for (size_t i = 0; i < n; ++i) c.push_back({static_cast<uint32_t>(i), 0.0, -1});
    std::uniform_real_distribution<double> u(0, 1);
    Regret r{0, 0};
    double regret = 0;
    for (size_t t = 1; t <= T; ++t) {
        for (uint32_t a : b.select(c, k)) {
            regret -= mu[a];
            b.update(a, u(rng) < (1 + mu[a]) / 2 ? 1.0 : -1.0);  // E = mu
        }
        regret += best;
        if (t == T / 10) r.regret_early = regret;
    }
    r.regret_total = regret;
    return r;
}

#ifdef __SANITIZE_ADDRESS__
constexpr size_t kRounds = 2000;
#else
constexpr size_t kRounds = 10000;
#endif

}  // namespace

TEST(Bandit, ThompsonRegretIsSublinear) {
    BanditSettings s;
    s.policy = BanditSettings::Thompson;
    s.seed = 11;
    const size_t n = 20, k = 3, T = kRounds;
    const Regret r = simulate(s, n, k, T, 5);
    // per-round regret at T is well below its value at T/10 ...
    EXPECT_LT(r.regret_total / T, 0.5 * r.regret_early / (T / 10.0)) << r.regret_early << " " << r.regret_total;
    // ... and the total is inside the sqrt(k n T log T) envelope of the k-of-n bandit.
    EXPECT_LT(r.regret_total, std::sqrt(k * n * T * std::log(static_cast<double>(T))));
    EXPECT_GT(r.regret_total, 0);
}

TEST(Bandit, UcbRegretIsSublinear) {
    BanditSettings s;
    s.policy = BanditSettings::Ucb;
    s.exploration = 0.5;
    const size_t n = 20, k = 3, T = kRounds;
    const Regret r = simulate(s, n, k, T, 5);
    EXPECT_LT(r.regret_total / T, 0.6 * r.regret_early / (T / 10.0)) << r.regret_early << " " << r.regret_total;
    EXPECT_LT(r.regret_total, std::sqrt(k * n * T * std::log(static_cast<double>(T))));
}

TEST(Bandit, GreedyWithoutExplorationDoesWorse) {
    BanditSettings explore, greedy;
    explore.seed = greedy.seed = 3;
    greedy.exploration = 0;
    const size_t n = 20, k = 3, T = kRounds;
    EXPECT_LT(simulate(explore, n, k, T, 9).regret_total, simulate(greedy, n, k, T, 9).regret_total);
}

TEST(Bandit, SectorPenaltyDiversifies) {
    BanditSettings s;
    s.exploration = 0;  // the signal alone
    s.penalty = 0.5;
    Bandit b(s);
    // two tech names (0.9, 0.85) and an energy name (0.5): the second tech name scores
    // 0.85 - 0.5 = 0.35 once the first is picked, below energy's 0.5.
    const std::vector<Candidate> c{{0, 0.9, 0}, {1, 0.85, 0}, {2, 0.5, 1}};
    EXPECT_EQ(b.select(c, 2), (std::vector<uint32_t>{0, 2}));
    s.penalty = 0;
    Bandit plain(s);
    EXPECT_EQ(plain.select(c, 2), (std::vector<uint32_t>{0, 1}));
}

TEST(Bandit, StateRoundTripsAndBadStateIsRefused) {
    BanditSettings s;
    Bandit a(s);
    a.update(3, 1);
    a.update(3, -1);
    a.update(3, 1);
    Bandit b(s);
    b.decode(a.encode());
    EXPECT_DOUBLE_EQ(b.mean(3), a.mean(3));
    EXPECT_DOUBLE_EQ(b.mean(3), 1.0 / 4);  // sum 1 over 3 pulls + 1 prior pull
    EXPECT_THROW(b.decode("top_k v1 1 2\n1 1 1\n"), std::runtime_error);  // an arm missing
}
