// config/betting.yaml end to end: the host replays the recorded Odds API responses through
// value_bets, surebet, kelly_sizer and paper_book, twice on fresh journals, and both runs
// place the same bets and book the same results (a value bet on each side, both legs of the
// surebet, every bet settled from the recorded final score); a third run on the first run's
// journal bets nothing again and pays nothing twice.
#include "double/host_process.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kSource = SOURCE_DIR;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t i = 0; (i = s.find(from, i)) != std::string::npos; i += to.size()) s.replace(i, from.size(), to);
    return s;
}

// The deployment with its relative paths made absolute and its journal and log in `dir`.
std::string deployment_in(const std::string& dir) {
    std::ifstream in(kSource + "/config/betting.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string yaml = ss.str();
    yaml = replace_all(yaml, "journal: var/betting-journal.db", "journal: " + dir + "/journal.db");
    yaml = replace_all(yaml, "file: var/betting.log", "file: " + dir + "/betting.log");
    yaml = replace_all(yaml, ": plugins/", ": " + kSource + "/plugins/");
    const std::string path = dir + "/betting.yaml";
    std::ofstream(path) << yaml;
    return path;
}

std::vector<std::string> rows_of(const std::string& db_path, const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::vector<std::string> rows;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
            const unsigned char* t = sqlite3_column_text(st, c);
            row += (t ? reinterpret_cast<const char*>(t) : "NULL");
            row += "|";
        }
        rows.push_back(row);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows;
}

const char* kOrders =
    "select client_order_id, instrument, side, order_type, qty_raw, status, avg_px, ts from orders order by ts, client_order_id";

struct RunResult {
    std::vector<std::string> orders;
    std::string log;
};

RunResult run_once(const std::string& name, bool fresh = true) {
    const std::string dir = ::testing::TempDir() + "betting_deployment_" + name;
    if (fresh) std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string cfg = deployment_in(dir);
    const pid_t pid = tradehost::doubles::spawn_host(TRADEHOST_EXE, {"run", cfg}, dir + "/console.log");
    const int rc = tradehost::doubles::wait_exit(pid);
    std::ifstream console(dir + "/console.log");
    std::stringstream out;
    out << console.rdbuf();
    EXPECT_EQ(rc, 0) << out.str();
    std::ifstream log(dir + "/betting.log");
    std::stringstream l;
    l << log.rdbuf();
    return RunResult{rows_of(dir + "/journal.db", kOrders), l.str()};
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t i = 0; (i = text.find(what, i)) != std::string::npos; i += what.size()) ++n;
    return n;
}

}  // namespace

// `tradehost validate` creates every instance without a journal or the API key.
TEST(BettingDeployment, Validates) {
    const std::string dir = ::testing::TempDir() + "betting_deployment_validate";
    std::filesystem::create_directories(dir);
    const pid_t pid = tradehost::doubles::spawn_host(TRADEHOST_EXE, {"validate", deployment_in(dir)}, dir + "/console.log");
    const int rc = tradehost::doubles::wait_exit(pid);
    std::ifstream log(dir + "/console.log");
    EXPECT_EQ(rc, 0) << std::string(std::istreambuf_iterator<char>(log), {});
}

TEST(BettingDeployment, TheRecordedEveningGivesTheSameBetsAndResultsEveryRun) {
    const RunResult first = run_once("a");
    const RunResult second = run_once("b");
    ASSERT_EQ(first.orders.size(), 4u) << first.log;
    EXPECT_EQ(first.orders, second.orders);
    for (const auto& row : first.orders) {
        std::printf("bet %s\n", row.c_str());
        EXPECT_NE(row.find("|buy|limit|"), std::string::npos) << row;
        EXPECT_NE(row.find("|filled|"), std::string::npos) << row;
    }
    std::fflush(stdout);  // before the next fork, or the child prints these lines again
    // Value on each side (William Hill's Thunder 2.75, Unibet's Kings 1.66), then both legs
    // of the surebet between them; the Kings won 113-103.
    EXPECT_EQ(first.orders[0].rfind("sizer-1|572d984e132eddaac3da93e5db332e7e/h2h/Oklahoma City Thunder|buy|", 0), 0u);
    EXPECT_EQ(count(first.log, "[book] sizer-"), 4u) << first.log;
    EXPECT_EQ(count(first.log, " won "), 2u) << first.log;
    EXPECT_EQ(count(first.log, " lost "), 2u) << first.log;
    EXPECT_NE(first.log.find("[book] sizer-2 won 66 (back 100 at 1.66)"), std::string::npos) << first.log;

    // A restart on the same journal: the feed knows the event is settled, the sizer what it
    // staked, the book its bets: no bet again, no result paid twice.
    const RunResult again = run_once("a", /*fresh=*/false);
    EXPECT_EQ(again.orders, first.orders);
    EXPECT_EQ(count(again.log, "[book] sizer-"), 4u);  // the first run's lines only: the log is appended
}
