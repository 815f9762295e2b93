// The real-size slate (test_data/dk_nfl_main_*.csv, 560 players in 14 games, made by the
// seeded make_nfl_main_slate.py there): 150 lineups, every one valid, uniqueness and
// exposure met, and the first proven best by a dynamic program that shares no code with CBC.
#include <gtest/gtest.h>

#include <map>

#include "lineup_checks.hpp"
#include "site_csv.hpp"

using namespace dfs;
using namespace dfs::test;

namespace {

// Under the sanitizers every allocation CBC makes goes through ASan's allocator (mmap and
// madvise per large array): the 150-lineup run takes 20 minutes there instead of 50 s. The
// sanitizer build runs the same checks on fewer lineups; the normal build runs them all.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kLineups = 25;
constexpr int kStackedLineups = 5;
#else
constexpr int kLineups = 150;
constexpr int kStackedLineups = 20;
#endif

Slate main_slate() {
    Slate s = read_salary_csv(TEST_DATA_DIR "/dk_nfl_main_salaries.csv", Site::draftkings);
    EXPECT_TRUE(read_projections_csv(TEST_DATA_DIR "/dk_nfl_main_projections.csv", s).empty());
    return s;
}

// Best DraftKings NFL classic projection by dynamic programming over (salary in $100 steps,
// QB, DST, RB, WR, TE counts), dropping only the two-games rule: its optimum bounds the true
// optimum from above, so matching it proves CBC's first lineup best.
int64_t dp_bound(const Slate& s, int cap) {
    const int S = cap / 100 + 1;
    // counts: qb 0..1, dst 0..1, rb 0..3, wr 0..4, te 0..2
    auto idx = [&](int sal, int qb, int dst, int rb, int wr, int te) {
        return ((((static_cast<size_t>(sal) * 2 + qb) * 2 + dst) * 4 + rb) * 5 + wr) * 3 + te;
    };
    const int64_t none = INT64_MIN / 2;
    std::vector<int64_t> best(idx(S - 1, 1, 1, 3, 4, 2) + 1, none);
    best[idx(0, 0, 0, 0, 0, 0)] = 0;
    for (const Player& p : s.players) {
        if (!p.has_projection) continue;
        const int w = p.salary / 100;
        const int dq = p.plays("QB"), dd = p.plays("DST"), dr = p.plays("RB"), dw = p.plays("WR"), dt = p.plays("TE");
        for (int sal = S - 1; sal >= w; --sal)  // 0/1 knapsack: walk salaries downwards
            for (int qb = dq; qb <= 1; ++qb)
                for (int dst = dd; dst <= 1; ++dst)
                    for (int rb = dr; rb <= 3; ++rb)
                        for (int wr = dw; wr <= 4; ++wr)
                            for (int te = dt; te <= 2; ++te) {
                                const int64_t from = best[idx(sal - w, qb - dq, dst - dd, rb - dr, wr - dw, te - dt)];
                                int64_t& to = best[idx(sal, qb, dst, rb, wr, te)];
                                if (from != none && from + p.projection > to) to = from + p.projection;
                            }
    }
    int64_t out = none;
    for (int sal = 0; sal < S; ++sal)
        for (int rb = 2; rb <= 3; ++rb)
            for (int wr = 3; wr <= 4; ++wr)
                for (int te = 1; te <= 2; ++te)
                    if (rb + wr + te == 7) out = std::max(out, best[idx(sal, 1, 1, rb, wr, te)]);
    return out;
}

}  // namespace

TEST(BigSlate, HundredFiftyLineupsValidUniqueWithinExposureAndFirstIsOptimal) {
    const Slate s = main_slate();
    ASSERT_EQ(s.players.size(), 560u);
    const SiteRules r = site_rules(Site::draftkings, Sport::nfl);
    OptimizeOptions o;
    o.lineups = kLineups;
    o.min_different = 3;
    o.max_exposure = 0.4;
    // a cheap receiver the projections do not favour, in at least 20% of lineups
    const std::string forced = "38200010";
    o.exposures[forced] = Exposure{0.2, 0.4};
    const OptimizeResult res = optimize(s, r, o);
    ASSERT_EQ(res.lineups.size(), static_cast<size_t>(kLineups));

    std::map<int, int> uses;
    for (size_t k = 0; k < res.lineups.size(); ++k) {
        ASSERT_EQ(why_invalid(s, r, o, res.lineups[k]), "") << "lineup " << k + 1;
        for (size_t j = 0; j < k; ++j)
            ASSERT_LE(shared(res.lineups[k], res.lineups[j]), r.roster_size() - o.min_different)
                << "lineups " << j + 1 << " and " << k + 1;
        for (int p : res.lineups[k]) ++uses[p];
    }
    for (const auto& [p, n] : uses) EXPECT_LE(n, kLineups * 2 / 5) << s.players[static_cast<size_t>(p)].id;  // 40%
    EXPECT_GE(uses[s.find(forced)], kLineups / 5);                                                        // 20%
    // the first lineup is the slate's best: no lineup beats its projection
    EXPECT_EQ(res.projected[0], dp_bound(s, r.salary_cap));
    // each later lineup scores no more than the one before it only where no exposure forced
    // a player in; without forced players the sequence never increases
    for (size_t k = 1; k < res.projected.size(); ++k) EXPECT_LE(res.projected[k], res.projected[0]);
}

TEST(BigSlate, StackedLineupsHoldTheirStacks) {
    const Slate s = main_slate();
    const SiteRules r = site_rules(Site::draftkings, Sport::nfl);
    OptimizeOptions o;
    o.lineups = kStackedLineups;
    o.min_different = 2;
    o.qb_stack = 2;
    o.bring_back = 1;
    o.randomness = 0.25;
    o.seed = 7;
    const OptimizeResult a = optimize(s, r, o);
    for (const Lineup& l : a.lineups) EXPECT_EQ(why_invalid(s, r, o, l), "");
    // seeded: the same seed makes the same lineups
    const OptimizeResult b = optimize(s, r, o);
    EXPECT_EQ(a.lineups, b.lineups);
}
