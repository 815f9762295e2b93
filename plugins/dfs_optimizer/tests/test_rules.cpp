// Locks, excludes, exposures, seeded randomness, late swap and option errors, on the small
// DraftKings NBA slate in test_data/ and seeded small NFL slates.
#include <gtest/gtest.h>

#include <map>

#include "lineup_checks.hpp"
#include "site_csv.hpp"

using namespace dfs;
using namespace dfs::test;

namespace {

Slate nba_slate() {
    Slate s = read_salary_csv(TEST_DATA_DIR "/dk_nba_small_salaries.csv", Site::draftkings);
    read_projections_csv(TEST_DATA_DIR "/dk_nba_small_projections.csv", s);
    return s;
}

std::map<int, int> usage(const OptimizeResult& r) {
    std::map<int, int> n;
    for (const Lineup& l : r.lineups)
        for (int p : l) ++n[p];
    return n;
}

}  // namespace

TEST(DfsRules, LocksAndExcludes) {
    const Slate s = nba_slate();
    const SiteRules r = site_rules(Site::draftkings, Sport::nba);
    OptimizeOptions o;
    o.lineups = 5;
    const OptimizeResult free_run = optimize(s, r, o);
    // exclude the best lineup's most expensive player, lock the cheapest forward
    int top = free_run.lineups[0][0];
    for (int p : free_run.lineups[0])
        if (s.players[static_cast<size_t>(p)].salary > s.players[static_cast<size_t>(top)].salary) top = p;
    o.excludes = {s.players[static_cast<size_t>(top)].id};
    o.locks = {"40015"};
    const OptimizeResult res = optimize(s, r, o);
    for (const Lineup& l : res.lineups) {
        EXPECT_EQ(why_invalid(s, r, o, l), "");
        EXPECT_EQ(std::count(l.begin(), l.end(), top), 0);
        EXPECT_EQ(std::count(l.begin(), l.end(), s.find("40015")), 1);
    }
    EXPECT_LE(res.projected[0], free_run.projected[0]);
}

TEST(DfsRules, ExposureLimitsHold) {
    const Slate s = nba_slate();
    const SiteRules r = site_rules(Site::draftkings, Sport::nba);
    OptimizeOptions o;
    o.lineups = 10;
    o.max_exposure = 0.7;
    o.exposures["40004"] = Exposure{0.5, 0.7};  // a cheap forward the best lineups skip
    o.exposures["40010"] = Exposure{0, 0.3};    // the best center
    const OptimizeResult res = optimize(s, r, o);
    ASSERT_EQ(res.lineups.size(), 10u);
    auto n = usage(res);
    EXPECT_GE(n[s.find("40004")], 5);
    EXPECT_LE(n[s.find("40004")], 7);
    EXPECT_LE(n[s.find("40010")], 3);
    for (const auto& [p, k] : n) EXPECT_LE(k, 7) << s.players[static_cast<size_t>(p)].id;
    for (size_t a = 0; a < res.lineups.size(); ++a)
        for (size_t b = 0; b < a; ++b) EXPECT_LT(shared(res.lineups[a], res.lineups[b]), 8);
}

TEST(DfsRules, RandomnessIsSeeded) {
    const Slate s = nba_slate();
    const SiteRules r = site_rules(Site::draftkings, Sport::nba);
    OptimizeOptions o;
    o.lineups = 6;
    o.randomness = 0.3;
    o.seed = 11;
    const OptimizeResult a = optimize(s, r, o), b = optimize(s, r, o);
    EXPECT_EQ(a.lineups, b.lineups);
    o.seed = 12;
    const OptimizeResult c = optimize(s, r, o);
    EXPECT_NE(a.lineups, c.lineups);
    OptimizeOptions plain;
    plain.lineups = 6;
    const OptimizeResult best = optimize(s, r, plain);
    for (const Lineup& l : c.lineups) {
        EXPECT_EQ(why_invalid(s, r, o, l), "");
        // projections reported are the unperturbed ones: never above the true optimum
        EXPECT_LE(lineup_projection(s, l), best.projected[0]);
    }
}

TEST(DfsRules, LateSwapKeepsStartedPlayersAndReoptimisesTheRest) {
    const Slate s = nba_slate();
    const SiteRules r = site_rules(Site::draftkings, Sport::nba);
    // entries made before news: two lineups from a run that excluded the best center
    OptimizeOptions before;
    before.lineups = 2;
    before.excludes = {"40010"};
    const OptimizeResult entries = optimize(s, r, before);
    // LAL@BOS (7:30PM) has started, DEN@PHX (10:00PM) has not
    const int64_t now = parse_game_time("01/15/2025 08:00PM");
    OptimizeOptions swap;
    const OptimizeResult res = late_swap(s, r, swap, entries.lineups, now);
    ASSERT_EQ(res.lineups.size(), 2u);
    for (size_t k = 0; k < 2; ++k) {
        const Lineup& old_l = entries.lineups[k];
        const Lineup& new_l = res.lineups[k];
        EXPECT_EQ(why_invalid(s, r, swap, new_l), "");
        for (size_t slot = 0; slot < old_l.size(); ++slot) {
            const Player& was = s.players[static_cast<size_t>(old_l[slot])];
            if (was.game_start <= now) {
                EXPECT_EQ(new_l[slot], old_l[slot]) << "started player moved";
            }
        }
        for (size_t slot = 0; slot < new_l.size(); ++slot) {
            const Player& now_in = s.players[static_cast<size_t>(new_l[slot])];
            if (now_in.game_start <= now) {  // a started player is only there if the entry had him
                EXPECT_NE(std::find(old_l.begin(), old_l.end(), new_l[slot]), old_l.end());
            }
        }
        EXPECT_GE(res.projected[k], entries.projected[k]);
        // and no better swap exists: exhaustive over the not-started players
        int64_t best = -1;
        std::vector<int> free_players;
        for (size_t p = 0; p < s.players.size(); ++p)
            if (s.players[p].game_start > now) free_players.push_back(static_cast<int>(p));
        std::vector<size_t> open;
        for (size_t slot = 0; slot < old_l.size(); ++slot)
            if (s.players[static_cast<size_t>(old_l[slot])].game_start > now) open.push_back(slot);
        Lineup trial = old_l;
        auto fill = [&](auto&& self, size_t i) -> void {
            if (i == open.size()) {
                if (why_invalid(s, r, swap, trial).empty()) best = std::max(best, lineup_projection(s, trial));
                return;
            }
            for (int p : free_players) {
                if (std::find(trial.begin(), trial.begin() + static_cast<long>(open[i]), p) != trial.begin() + static_cast<long>(open[i])) continue;
                trial[open[i]] = p;
                self(self, i + 1);
            }
            trial[open[i]] = old_l[open[i]];
        };
        for (size_t slot : open) trial[slot] = -2;
        fill(fill, 0);
        EXPECT_EQ(res.projected[k], best) << "entry " << k + 1;
    }
}

TEST(DfsRules, BadOptionsAreRefusedWithTheReason) {
    const Slate s = nba_slate();
    const SiteRules r = site_rules(Site::draftkings, Sport::nba);
    auto err = [&](OptimizeOptions o) {
        try {
            optimize(s, r, o);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    OptimizeOptions o;
    o.min_different = 9;
    EXPECT_EQ(err(o), "min_different must be between 1 and the roster size (8)");
    o = {};
    o.exposures["40001"] = Exposure{0.8, 0.2};
    EXPECT_EQ(err(o), "exposure of 40001: need 0 <= min <= max <= 1");
    o = {};
    o.excludes = {"nobody"};
    EXPECT_EQ(err(o), "exclude: no player with id nobody on the slate");
    o = {};
    o.lineups = 0;
    EXPECT_EQ(err(o), "lineups must be at least 1");
}

TEST(DfsRules, TooManyLineupsForTheUniquenessRuleNamesIt) {
    const Slate s = nba_slate();
    const SiteRules r = site_rules(Site::draftkings, Sport::nba);
    OptimizeOptions o;
    o.lineups = 40;
    o.min_different = 6;
    try {
        optimize(s, r, o);
        FAIL() << "16 players cannot make 40 lineups that differ in 6";
    } catch (const Infeasible& e) {
        EXPECT_EQ(e.rule().rfind("min_different:lineup ", 0), 0u) << e.rule();
        EXPECT_NE(std::string(e.what()).find("the minimum number of different players between lineups cannot be met"),
                  std::string::npos)
            << e.what();
    }
}
