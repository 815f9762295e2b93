// On small slates every lineup the optimiser returns is the best one an exhaustive search over
// all player sets finds under the same rules and the earlier lineups' uniqueness rule.
#include <gtest/gtest.h>

#include "lineup_checks.hpp"

using namespace dfs;
using namespace dfs::test;

namespace {

struct Candidate {
    uint32_t members;  // bit per player (small slates have at most 32)
    int64_t total;
};

// Every player set of roster size that fits the slots and meets the rules.
std::vector<Candidate> all_valid(const Slate& slate, const SiteRules& r, const OptimizeOptions& o) {
    std::vector<Candidate> out;
    std::vector<int> set;
    const int n = static_cast<int>(slate.players.size());
    const int k = r.roster_size();
    // players per position-set may not exceed the slots that take them: cheap pruning
    auto walk = [&](auto&& self, int from, int64_t salary) -> void {
        if (static_cast<int>(set.size()) == k) {
            auto l = fit_slots(slate, r, set);
            if (!l || !why_invalid(slate, r, o, *l).empty()) return;
            Candidate c{0, 0};
            for (int p : set) {
                c.members |= 1u << p;
                c.total += slate.players[static_cast<size_t>(p)].projection;
            }
            out.push_back(c);
            return;
        }
        for (int p = from; p <= n - (k - static_cast<int>(set.size())); ++p) {
            const int64_t s = salary + slate.players[static_cast<size_t>(p)].salary;
            if (s > r.salary_cap) continue;
            set.push_back(p);
            int slots_free = 0;
            for (const auto& slot : r.slots)
                if (accepts(slot, slate.players[static_cast<size_t>(p)])) ++slots_free;
            int same = 0;
            for (int q : set)
                if (slate.players[static_cast<size_t>(q)].positions == slate.players[static_cast<size_t>(p)].positions) ++same;
            if (same <= slots_free) self(self, p + 1, s);
            set.pop_back();
        }
    };
    walk(walk, 0, 0);
    return out;
}

uint32_t mask(const Lineup& l) {
    uint32_t m = 0;
    for (int p : l) m |= 1u << p;
    return m;
}

// For each lineup the optimiser made, the exhaustive best under "differs from every earlier one
// (the optimiser's own) in at least min_different players" has the same projection.
void expect_next_best(const Slate& slate, const SiteRules& r, const OptimizeOptions& o) {
    const std::vector<Candidate> all = all_valid(slate, r, o);
    ASSERT_FALSE(all.empty());
    const OptimizeResult res = optimize(slate, r, o);
    ASSERT_EQ(static_cast<int>(res.lineups.size()), o.lineups);
    for (size_t k = 0; k < res.lineups.size(); ++k) {
        EXPECT_EQ(why_invalid(slate, r, o, res.lineups[k]), "") << "lineup " << k + 1;
        int64_t best = -1;
        for (const Candidate& c : all) {
            bool differs = true;
            for (size_t j = 0; j < k && differs; ++j)
                differs = __builtin_popcount(c.members & mask(res.lineups[j])) <= r.roster_size() - o.min_different;
            if (differs) best = std::max(best, c.total);
        }
        EXPECT_EQ(res.projected[k], best) << "lineup " << k + 1;
        EXPECT_EQ(res.projected[k], lineup_projection(slate, res.lineups[k]));
    }
}

const std::vector<std::string> kNflTeam{"QB", "RB", "WR", "WR", "TE", "DST"};
const std::vector<std::string> kNbaTeam{"PG/SG", "SG/SF", "SF/PF", "PF/C", "C"};

}  // namespace

class SmallSlates : public ::testing::TestWithParam<uint32_t> {};

TEST_P(SmallSlates, DraftKingsNflTopLineupsEqualExhaustiveSearch) {
    const Slate s = small_slate(GetParam(), 4, kNflTeam, 3000, 8000);
    OptimizeOptions o;
    o.lineups = 6;
    expect_next_best(s, site_rules(Site::draftkings, Sport::nfl), o);
}

TEST_P(SmallSlates, DraftKingsNflWithStacksAndUniqueness) {
    const Slate s = small_slate(GetParam(), 4, kNflTeam, 3000, 8000);
    OptimizeOptions o;
    o.lineups = 4;
    o.min_different = 3;
    o.qb_stack = 2;
    o.bring_back = 1;
    expect_next_best(s, site_rules(Site::draftkings, Sport::nfl), o);
}

TEST_P(SmallSlates, DraftKingsNflTeamStackAndMinSalary) {
    const Slate s = small_slate(GetParam(), 4, kNflTeam, 3000, 8000);
    OptimizeOptions o;
    o.lineups = 3;
    o.min_different = 2;
    o.team_stack = 4;
    o.min_salary = 46000;
    expect_next_best(s, site_rules(Site::draftkings, Sport::nfl), o);
}

TEST_P(SmallSlates, DraftKingsNbaMultiPositionEqualsExhaustiveSearch) {
    const Slate s = small_slate(GetParam(), 4, kNbaTeam, 3500, 9500);
    OptimizeOptions o;
    o.lineups = 5;
    o.min_different = 2;
    expect_next_best(s, site_rules(Site::draftkings, Sport::nba), o);
}

TEST_P(SmallSlates, FanDuelNbaPerTeamLimitEqualsExhaustiveSearch) {
    const Slate s = small_slate(GetParam(), 4, kNbaTeam, 4000, 10000);
    OptimizeOptions o;
    o.lineups = 3;
    expect_next_best(s, site_rules(Site::fanduel, Sport::nba), o);
}

INSTANTIATE_TEST_SUITE_P(Seeds, SmallSlates, ::testing::Values(1u, 7u, 42u));
