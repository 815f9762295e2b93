// DraftKings showdown (captain mode): the salary export's CPT and FLEX rows, the captain's
// 1.5x points, and the optimiser's lineups against an exhaustive search over people written
// apart from the model (a captain and 5 others, salaries from their rows).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "lineup_checks.hpp"
#include "site_csv.hpp"

using namespace dfs;
using namespace dfs::test;

namespace {

Slate showdown_slate() {
    Slate s = read_salary_csv(TEST_DATA_DIR "/dk_showdown_small_salaries.csv", Site::draftkings);
    read_projections_csv(TEST_DATA_DIR "/dk_showdown_small_projections.csv", s);
    return s;
}

// Every valid showdown lineup's total, best first: a captain (his CPT row) and 5 other
// people (their FLEX or UTIL rows), under the cap, from both teams.
std::vector<int64_t> all_totals_of(const Slate& s, const std::string& home, const std::string& away) {
    std::vector<int> people;  // FLEX / UTIL rows
    for (size_t i = 0; i < s.players.size(); ++i)
        if (s.players[i].positions.front() != "CPT") people.push_back(static_cast<int>(i));
    std::vector<int64_t> totals;
    const int n = static_cast<int>(people.size());
    for (int c = 0; c < n; ++c) {
        const Player& cap = s.players[static_cast<size_t>(s.players[static_cast<size_t>(people[static_cast<size_t>(c)])].twin)];
        std::vector<int> pick;
        std::function<void(int)> walk = [&](int from) {
            if (pick.size() == 5) {
                int64_t salary = cap.salary, total = cap.projection;
                bool kc = cap.team == home, buf = cap.team == away;
                for (int p : pick) {
                    const Player& f = s.players[static_cast<size_t>(people[static_cast<size_t>(p)])];
                    salary += f.salary;
                    total += f.projection;
                    kc |= f.team == home;
                    buf |= f.team == away;
                }
                if (salary <= 50000 && kc && buf) totals.push_back(total);
                return;
            }
            for (int p = from; p < n; ++p) {
                if (p == c) continue;
                pick.push_back(p);
                walk(p + 1);
                pick.pop_back();
            }
        };
        walk(0);
    }
    std::sort(totals.rbegin(), totals.rend());
    return totals;
}

std::vector<int64_t> all_totals(const Slate& s) { return all_totals_of(s, "KC", "BUF"); }

}  // namespace

TEST(Showdown, ReadsCaptainRowsAtOneAndAHalfTimes) {
    const Slate s = showdown_slate();
    ASSERT_EQ(s.players.size(), 24u);
    const int cpt = s.find("31000013"), flex = s.find("31000014");  // Quarterback B
    ASSERT_GE(cpt, 0);
    ASSERT_GE(flex, 0);
    const Player& c = s.players[static_cast<size_t>(cpt)];
    EXPECT_EQ(c.twin, flex);
    EXPECT_EQ(s.players[static_cast<size_t>(flex)].twin, cpt);
    EXPECT_EQ(c.salary, 17700);       // the file's CPT salary: 1.5 x 11,800
    EXPECT_EQ(c.projection, 3510);    // 1.5 x 23.40
    EXPECT_DOUBLE_EQ(c.stddev, 12.0);  // 1.5 x 8.0
    EXPECT_TRUE(c.plays("CPT"));
    EXPECT_TRUE(c.plays("QB"));       // stacks still see the real position
    EXPECT_FALSE(c.plays("FLEX"));
    // Tight End K: 13.10 -> 19.65 as captain
    EXPECT_EQ(s.players[static_cast<size_t>(s.find("31000009"))].projection, 1965);
}

TEST(Showdown, LineupsEqualExhaustiveSearch) {
    const Slate s = showdown_slate();
    const SiteRules r = showdown_rules(Site::draftkings, Sport::nfl);
    const std::vector<int64_t> best = all_totals(s);
    ASSERT_GT(best.size(), 5u);
    OptimizeOptions o;
    o.lineups = 5;  // each the best not yet taken: the exhaustive list's first five totals
    const OptimizeResult res = optimize(s, r, o);
    ASSERT_EQ(res.lineups.size(), 5u);
    for (size_t k = 0; k < 5; ++k) {
        EXPECT_EQ(why_invalid(s, r, o, res.lineups[k]), "") << k;
        EXPECT_EQ(res.projected[k], best[k]) << k;
        EXPECT_TRUE(s.players[static_cast<size_t>(res.lineups[k][0])].plays("CPT")) << k;
        for (size_t j = 0; j < k; ++j) EXPECT_LT(shared(res.lineups[k], res.lineups[j]), 6) << k << " " << j;
    }
    EXPECT_EQ(upload_csv(r, s, {}), "CPT,FLEX,FLEX,FLEX,FLEX,FLEX\n");
}

TEST(Showdown, WrongContestForTheFileIsAnError) {
    const Slate s = showdown_slate();
    OptimizeOptions o;
    try {
        optimize(s, site_rules(Site::draftkings, Sport::nfl), o);
        FAIL() << "classic rules took a showdown slate";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "the salary file is a showdown slate (CPT and FLEX rows): use --contest showdown");
    }
    Slate classic = read_salary_csv(TEST_DATA_DIR "/dk_nba_small_salaries.csv", Site::draftkings);
    read_projections_csv(TEST_DATA_DIR "/dk_nba_small_projections.csv", classic);
    EXPECT_THROW(optimize(classic, showdown_rules(Site::draftkings, Sport::nba), o), std::invalid_argument);
    EXPECT_THROW(showdown_rules(Site::fanduel, Sport::nfl), std::invalid_argument);
}

TEST(Showdown, NbaCaptainAndFiveUtil) {
    // DraftKings' NBA showdown export: CPT and UTIL rows; 4 players a team
    const std::string path = (std::filesystem::temp_directory_path() / ("dk_nba_showdown_" + std::to_string(::getpid()) + ".csv")).string();
    {
        std::ofstream f(path);
        f << "Position,Name + ID,Name,ID,Roster Position,Salary,Game Info,TeamAbbrev,AvgPointsPerGame\n";
        const char* names[] = {"Guard A", "Wing A", "Big A", "Bench A", "Guard B", "Wing B", "Big B", "Bench B"};
        const int salary[] = {11000, 9000, 8000, 3000, 10400, 8600, 7000, 2600};
        for (int i = 0; i < 8; ++i) {
            const char* team = i < 4 ? "BOS" : "NYK";
            f << "PG," << names[i] << " (" << 500 + 2 * i << ")," << names[i] << "," << 500 + 2 * i << ",CPT," << salary[i] * 3 / 2
              << ",BOS@NYK 02/01/2025 08:00PM ET," << team << ",0\n";
            f << "PG," << names[i] << " (" << 501 + 2 * i << ")," << names[i] << "," << 501 + 2 * i << ",UTIL," << salary[i]
              << ",BOS@NYK 02/01/2025 08:00PM ET," << team << ",0\n";
        }
    }
    Slate s = read_salary_csv(path, Site::draftkings);
    for (Player& p : s.players)
        if (p.positions.front() == "UTIL") {
            p.projection = p.salary / 200 * 100;  // 1 point per $200
            p.has_projection = true;
        }
    // captains take 1.5x: what read_projections_csv does, applied by hand here
    for (Player& p : s.players)
        if (p.positions.front() == "CPT") {
            p.projection = s.players[static_cast<size_t>(p.twin)].projection * 3 / 2;
            p.has_projection = true;
        }
    const SiteRules r = showdown_rules(Site::draftkings, Sport::nba);
    EXPECT_EQ(upload_csv(r, s, {}), "CPT,UTIL,UTIL,UTIL,UTIL,UTIL\n");
    OptimizeOptions o;
    const OptimizeResult res = optimize(s, r, o);
    ASSERT_EQ(res.lineups.size(), 1u);
    EXPECT_EQ(why_invalid(s, r, o, res.lineups[0]), "");
    const std::vector<int64_t> best = all_totals_of(s, "BOS", "NYK");
    EXPECT_EQ(res.projected[0], best.front());
    std::remove(path.c_str());
}
