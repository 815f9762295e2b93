// The sites' CSV files in and out, their error messages, and the tool end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lineup_checks.hpp"
#include "site_csv.hpp"

using namespace dfs;
namespace fs = std::filesystem;

namespace {

// One folder per test process (ctest runs each test as one), removed when it exits.
const fs::path& temp_dir() {
    static const struct Dir {
        fs::path path = fs::temp_directory_path() / ("dfs_test_" + std::to_string(::getpid()));
        Dir() { fs::create_directories(path); }
        ~Dir() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    } dir;
    return dir.path;
}

std::string temp_file(const std::string& name, const std::string& text) {
    const fs::path p = temp_dir() / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

struct ToolRun {
    int status;
    std::string out;
};

ToolRun run_tool(const std::string& args) {
    const std::string out = temp_file("tool.out", "");
    const int rc = std::system((std::string(DFS_TOOL_PATH) + " " + args + " >" + out + " 2>&1").c_str());
    std::ifstream f(out);
    std::stringstream ss;
    ss << f.rdbuf();
    return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, ss.str()};
}

const std::string kData = TEST_DATA_DIR;
const std::string kHost = TRADEHOST_PATH;

}  // namespace

TEST(DfsCsv, DraftKingsSalaryExportWithMultiPositionPlayers) {
    Slate s = read_salary_csv(kData + "/dk_nba_small_salaries.csv", Site::draftkings);
    ASSERT_EQ(s.players.size(), 16u);
    const Player& wing = s.players[static_cast<size_t>(s.find("40002"))];
    EXPECT_EQ(wing.name, "Wing Two");
    EXPECT_EQ(wing.positions, (std::vector<std::string>{"SG", "SF"}));
    EXPECT_EQ(wing.salary, 7200);
    EXPECT_EQ(wing.team, "LAL");
    EXPECT_EQ(wing.opponent, "BOS");
    EXPECT_EQ(wing.game, "LAL@BOS");
    EXPECT_EQ(wing.game_start, parse_game_time("01/15/2025 07:30PM"));
    EXPECT_LT(wing.game_start, s.players[static_cast<size_t>(s.find("40010"))].game_start);

    const auto unmatched = read_projections_csv(kData + "/dk_nba_small_projections.csv", s);
    ASSERT_EQ(unmatched.size(), 1u);
    EXPECT_NE(unmatched[0].find("dk_nba_small_projections.csv:18: 99999"), std::string::npos) << unmatched[0];
    EXPECT_EQ(s.players[static_cast<size_t>(s.find("40001"))].projection, 4725);
    EXPECT_DOUBLE_EQ(s.players[static_cast<size_t>(s.find("40001"))].stddev, 9.5);
}

TEST(DfsCsv, FanDuelPlayerListAndProjectionsByName) {
    Slate s = read_salary_csv(kData + "/fd_nfl_small_players.csv", Site::fanduel);
    ASSERT_EQ(s.players.size(), 22u);
    const Player& d = s.players[static_cast<size_t>(s.find("110001-1005"))];
    EXPECT_EQ(d.name, "Kansas City Chiefs");
    EXPECT_EQ(d.positions, (std::vector<std::string>{"D"}));
    EXPECT_EQ(d.opponent, "BUF");
    EXPECT_TRUE(read_projections_csv(kData + "/fd_nfl_small_projections.csv", s).empty());
    EXPECT_EQ(s.players[static_cast<size_t>(s.find("110001-1001"))].projection, 1809);
    EXPECT_EQ(s.players[static_cast<size_t>(s.find("110001-1001"))].game_start, parse_game_time("01/19/2025 03:00PM"));
}

TEST(DfsCsv, AByteOrderMarkIsNotPartOfTheFirstColumn) {
    const std::string bom = temp_file("bom.csv",
        "\xEF\xBB\xBFPosition,Name,ID,Salary,Game Info,TeamAbbrev\r\nPG,A,1,3000,A@B 01/15/2025 07:30PM ET,A\r\n");
    const Slate s = read_salary_csv(bom, Site::draftkings);
    ASSERT_EQ(s.players.size(), 1u);
    EXPECT_EQ(s.players[0].positions, (std::vector<std::string>{"PG"}));
}

TEST(DfsCsv, ErrorsNameFileLineAndWhat) {
    const std::string bad_salary = temp_file("bad.csv",
        "Position,Name + ID,Name,ID,Roster Position,Salary,Game Info,TeamAbbrev,AvgPointsPerGame\n"
        "PG,A (1),A,1,PG/UTIL,9800,LAL@BOS 01/15/2025 07:30PM ET,LAL,1\n"
        "PG,B (2),B,2,PG/UTIL,98k0,LAL@BOS 01/15/2025 07:30PM ET,LAL,1\n");
    EXPECT_EQ(error_of([&] { read_salary_csv(bad_salary, Site::draftkings); }),
              bad_salary + ":3: salary \"98k0\" of player 2 is not a whole number of dollars");
    const std::string no_team = temp_file("noteam.csv", "Position,ID,Salary,Game Info\nPG,1,100,A@B\n");
    EXPECT_EQ(error_of([&] { read_salary_csv(no_team, Site::draftkings); }), no_team + ":1: missing column \"teamabbrev\"");
    const std::string twice = temp_file("twice.csv",
        "Position,Name,ID,Salary,Game Info,TeamAbbrev\nPG,A,1,100,A@B 01/15/2025 07:30PM ET,A\n"
        "PG,A,1,100,A@B 01/15/2025 07:30PM ET,A\n");
    EXPECT_EQ(error_of([&] { read_salary_csv(twice, Site::draftkings); }), twice + ":3: player id 1 appears twice");
    const std::string bad_time = temp_file("time.csv",
        "Position,Name,ID,Salary,Game Info,TeamAbbrev\nPG,A,1,100,A@B 13/15/2025 07:30PM ET,A\n");
    EXPECT_NE(error_of([&] { read_salary_csv(bad_time, Site::draftkings); }).find(bad_time + ":2: game time"),
              std::string::npos);
    Slate s = read_salary_csv(kData + "/dk_nba_small_salaries.csv", Site::draftkings);
    const std::string bad_proj = temp_file("proj.csv", "id,projection\n40001,lots\n");
    EXPECT_EQ(error_of([&] { read_projections_csv(bad_proj, s); }), bad_proj + ":2: projection \"lots\" is not a number");
    EXPECT_EQ(error_of([&] { read_salary_csv("/nonexistent/x.csv", Site::draftkings); }), "/nonexistent/x.csv: cannot open");
}

TEST(DfsCsv, UploadFileRoundTripsThroughTheEntriesReader) {
    Slate s = read_salary_csv(kData + "/dk_nba_small_salaries.csv", Site::draftkings);
    read_projections_csv(kData + "/dk_nba_small_projections.csv", s);
    const SiteRules r = site_rules(Site::draftkings, Sport::nba);
    OptimizeOptions o;
    o.lineups = 3;
    const OptimizeResult res = optimize(s, r, o);
    const std::string csv = upload_csv(r, s, res.lineups);
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "PG,SG,SF,PF,C,G,F,UTIL");
    EXPECT_EQ(read_lineups_csv(temp_file("up.csv", csv), r, s), res.lineups);

    // DraftKings' entries file: contest columns first, cells "Name (id)", notes rows after
    std::string entries = "Entry ID,Contest Name,Contest ID,Entry Fee,PG,SG,SF,PF,C,G,F,UTIL,,Instructions\n";
    for (const Lineup& l : res.lineups) {
        entries += "4471,NBA $5 Double Up,170001,$5";
        for (int p : l) entries += "," + s.players[static_cast<size_t>(p)].name + " (" + s.players[static_cast<size_t>(p)].id + ")";
        entries += ",,1. Locate the player you want\n";
    }
    entries += ",,,,,,,,,,,,,2. Copy the ID\n";
    EXPECT_EQ(read_lineups_csv(temp_file("entries.csv", entries), r, s), res.lineups);
    const std::string unknown = temp_file("unknown.csv", "PG,SG,SF,PF,C,G,F,UTIL\n1,2,3,4,5,6,7,8\n");
    EXPECT_EQ(error_of([&] { read_lineups_csv(unknown, r, s); }), unknown + ":2: slot PG: no player with id 1 on the slate");
}

TEST(DfsTool, OptimizeWritesTheUploadFile) {
    const std::string out = temp_file("upload.csv", "");
    const ToolRun run = run_tool("optimize --site fd --sport nfl --salaries " + kData + "/fd_nfl_small_players.csv --projections " +
                             kData + "/fd_nfl_small_projections.csv --lineups 2 --min-different 2 --out " + out);
    ASSERT_EQ(run.status, 0) << run.out;
    std::ifstream f(out);
    std::string header, l1, l2;
    std::getline(f, header);
    std::getline(f, l1);
    std::getline(f, l2);
    EXPECT_EQ(header, "QB,RB,RB,WR,WR,WR,TE,FLEX,DEF");
    EXPECT_EQ(std::count(l1.begin(), l1.end(), ','), 8) << l1;
    EXPECT_NE(l1, l2);
    EXPECT_NE(run.out.find("lineup 2: projection"), std::string::npos) << run.out;
}

TEST(DfsTool, InfeasibleRulesExitThreeAndNameTheRule) {
    const std::string args = "optimize --site fd --sport nfl --salaries " + kData + "/fd_nfl_small_players.csv --projections " +
                             kData + "/fd_nfl_small_projections.csv ";
    ToolRun run = run_tool(args + "--min-salary 70000");
    EXPECT_EQ(run.status, 3) << run.out;
    EXPECT_NE(run.out.find("lineup 1: infeasible: no lineup reaches the minimum salary under the cap"), std::string::npos) << run.out;
    run = run_tool(args + "--lock 110001-1001 --lock 110001-1006");
    EXPECT_EQ(run.status, 3) << run.out;
    EXPECT_NE(run.out.find("the locked players cannot be met (lock:110001-1006)"), std::string::npos) << run.out;
    run = run_tool(args + "--qb-stack 4");
    EXPECT_EQ(run.status, 3) << run.out;
    EXPECT_NE(run.out.find("QB stack"), std::string::npos) << run.out;
    run = run_tool(args + "--lineups 1 --lock 99");
    EXPECT_EQ(run.status, 2) << run.out;
    EXPECT_NE(run.out.find("lock: no player with id 99 on the slate"), std::string::npos) << run.out;
    run = run_tool(args + "--lineups x");
    EXPECT_EQ(run.status, 64) << run.out;
    EXPECT_NE(run.out.find("option --lineups: \"x\" is not a whole number"), std::string::npos) << run.out;
}

TEST(DfsTool, TheHostRunsItAsTradehostDfs) {
    const std::string out = temp_file("host.out", "");
    const int rc = std::system((kHost + " dfs optimize --site dk --sport nba --salaries " + kData +
                                "/dk_nba_small_salaries.csv --projections " + kData + "/dk_nba_small_projections.csv >" + out +
                                " 2>/dev/null").c_str());
    ASSERT_TRUE(WIFEXITED(rc));
    EXPECT_EQ(WEXITSTATUS(rc), 0);
    std::ifstream f(out);
    std::string header;
    std::getline(f, header);
    EXPECT_EQ(header, "PG,SG,SF,PF,C,G,F,UTIL");
}

TEST(DfsTool, SimulatePrintsADistributionPerLineup) {
    const std::string up = temp_file("sim_upload.csv", "");
    const std::string base = "--site dk --sport nba --salaries " + kData + "/dk_nba_small_salaries.csv --projections " + kData +
                             "/dk_nba_small_projections.csv ";
    ASSERT_EQ(run_tool("optimize " + base + "--lineups 3 --out " + up).status, 0);
    const ToolRun run = run_tool("simulate " + base + "--entries " + up +
                                 " --sims 2000 --correlation 0.25 --seed 3 --cash-line 250 --field-top 320");
    ASSERT_EQ(run.status, 0) << run.out;
    EXPECT_NE(run.out.find("lineup,mean,stddev,p10,p25,p50,p75,p90,p_cash,p_top,best_share\n1,"), std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("\n3,"), std::string::npos) << run.out;
}

TEST(DfsTool, ShowdownWritesTheCaptainUpload) {
    const std::string up = temp_file("showdown_upload.csv", "");
    const std::string base = "--site dk --sport nfl --salaries " + kData + "/dk_showdown_small_salaries.csv --projections " +
                             kData + "/dk_showdown_small_projections.csv ";
    ToolRun run = run_tool("optimize " + base + "--contest showdown --lineups 2 --out " + up);
    ASSERT_EQ(run.status, 0) << run.out;
    std::ifstream f(up);
    std::string header, first;
    std::getline(f, header);
    std::getline(f, first);
    EXPECT_EQ(header, "CPT,FLEX,FLEX,FLEX,FLEX,FLEX");
    EXPECT_EQ(std::count(first.begin(), first.end(), ','), 5) << first;
    // the same file without --contest showdown is refused, naming the option
    run = run_tool("optimize " + base);
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.out.find("use --contest showdown"), std::string::npos) << run.out;
    run = run_tool("optimize " + base + "--contest captain");
    EXPECT_EQ(run.status, 64);
}
