// config/news.yaml end to end: the host runs the recorded morning through dedup, mapping,
// VADER, news_trader, the risk gate and the paper venue, twice on fresh journals, and both
// runs produce the same orders (and at least one of each side); a third run on the first
// run's journal sends no order again.
#include "double/host_process.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

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
    std::ifstream in(kSource + "/config/news.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string yaml = ss.str();
    yaml = replace_all(yaml, "journal: var/news-journal.db", "journal: " + dir + "/journal.db");
    yaml = replace_all(yaml, "file: var/news.log", "file: " + dir + "/news.log");
    yaml = replace_all(yaml, ": plugins/", ": " + kSource + "/plugins/");
    const std::string path = dir + "/news.yaml";
    std::ofstream(path) << yaml;
    return path;
}

std::vector<std::string> orders_of(const std::string& db_path) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::vector<std::string> rows;
    sqlite3_stmt* st = nullptr;
    const char* sql =
        "select client_order_id, instrument, side, order_type, qty_raw, status, avg_px, ts from orders order by ts, client_order_id";
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

std::vector<std::string> run_once(const std::string& name, bool fresh = true) {
    const std::string dir = ::testing::TempDir() + "news_deployment_" + name;
    if (fresh) std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string cfg = deployment_in(dir);
    const pid_t pid = tradehost::doubles::spawn_host(TRADEHOST_EXE, {"run", cfg}, dir + "/console.log");
    const int rc = tradehost::doubles::wait_exit(pid);
    std::ifstream log(dir + "/console.log");
    std::stringstream out;
    out << log.rdbuf();
    EXPECT_EQ(rc, 0) << out.str();
    return orders_of(dir + "/journal.db");
}

}  // namespace

// `tradehost validate` creates every instance without a journal: the stateful news plugins
// read their saved state at start, so validation passes.
TEST(NewsDeployment, Validates) {
    const std::string dir = ::testing::TempDir() + "news_deployment_validate";
    std::filesystem::create_directories(dir);
    const pid_t pid = tradehost::doubles::spawn_host(TRADEHOST_EXE, {"validate", deployment_in(dir)}, dir + "/console.log");
    const int rc = tradehost::doubles::wait_exit(pid);
    std::ifstream log(dir + "/console.log");
    EXPECT_EQ(rc, 0) << std::string(std::istreambuf_iterator<char>(log), {});
}

TEST(NewsDeployment, TheRecordedMorningGivesTheSameOrdersEveryRun) {
    const auto first = run_once("a");
    const auto second = run_once("b");
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(first, second);
    bool buy = false, sell = false;
    for (const auto& row : first) {
        std::printf("order %s\n", row.c_str());
        buy = buy || row.find("|buy|") != std::string::npos;
        sell = sell || row.find("|sell|") != std::string::npos;
    }
    EXPECT_TRUE(buy);
    EXPECT_TRUE(sell);

    // A restart on the same journal: the de-duplicator's saved window knows every story,
    // so nothing is traded twice.
    EXPECT_EQ(run_once("a", /*fresh=*/false), first);
}
