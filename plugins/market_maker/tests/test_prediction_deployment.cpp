// config/prediction_paper.yaml end to end: the host replays the recorded prediction-market
// minute through the market maker, the arbitrage scanner, the risk gate and the paper venue,
// twice on fresh journals. Both runs give the same orders; the maker is filled on both
// sides (its bid at 0.48, then its skewed ask at 0.51) and the scanner's two sets (M1: YES +
// NO, 60 each; E: A + B + C, 30 each) are filled at the prices it computed.
#include "double/host_process.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

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
    std::ifstream in(kSource + "/config/prediction_paper.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string yaml = ss.str();
    yaml = replace_all(yaml, "journal: var/prediction-journal.db", "journal: " + dir + "/journal.db");
    yaml = replace_all(yaml, "file: var/prediction.log", "file: " + dir + "/prediction.log");
    yaml = replace_all(yaml, ": plugins/", ": " + kSource + "/plugins/");
    const std::string path = dir + "/prediction.yaml";
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

class PredictionDeployment : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = std::filesystem::temp_directory_path() / ("th_prediction_" + std::to_string(::getpid()));
        std::filesystem::create_directories(root_);
    }
    void TearDown() override { std::filesystem::remove_all(root_); }

    // Runs the deployment in root/name; returns the journal's path.
    std::string run(const std::string& name, const char* command = "run") {
        const std::string dir = (root_ / name).string();
        std::filesystem::create_directories(dir);
        const pid_t pid = tradehost::doubles::spawn_host(TRADEHOST_EXE, {command, deployment_in(dir)}, dir + "/console.log");
        const int rc = tradehost::doubles::wait_exit(pid);
        std::ifstream log(dir + "/console.log");
        EXPECT_EQ(rc, 0) << std::string(std::istreambuf_iterator<char>(log), {});
        return dir + "/journal.db";
    }

    std::filesystem::path root_;
};

const char* kOrders =
    "select client_order_id, instrument, side, qty_raw, limit_px, status, avg_px, ts from orders order by ts, client_order_id";
const char* kFills = "select client_order_id, instrument, side, qty, px from fills order by ts, client_order_id";

}  // namespace

TEST_F(PredictionDeployment, Validates) { run("validate", "validate"); }

TEST_F(PredictionDeployment, TheRecordedMinuteGivesTheSameOrdersAndFillsEveryRun) {
    const std::string a = run("a");
    const std::string b = run("b");
    const auto orders = rows_of(a, kOrders);
    ASSERT_FALSE(orders.empty());
    EXPECT_EQ(orders, rows_of(b, kOrders));
    const auto fills = rows_of(a, kFills);
    for (const auto& f : fills) std::printf("fill %s\n", f.c_str());
    auto has = [&](const std::string& part) {
        for (const auto& f : fills)
            if (f.find(part) != std::string::npos) return true;
        return false;
    };
    // The maker: bought at its 0.48 bid, sold at its skewed 0.51 ask.
    EXPECT_TRUE(has("|M1-YES|buy|10.0|0.48|")) << "maker bid";
    EXPECT_TRUE(has("|M1-YES|sell|10.0|0.51|")) << "maker ask";
    // The scanner's sets.
    EXPECT_TRUE(has("scanner-1-1|M1-YES|buy|60.0|0.53|"));
    EXPECT_TRUE(has("scanner-1-2|M1-NO|buy|60.0|0.44|"));
    EXPECT_TRUE(has("scanner-1-3|E-A|buy|30.0|0.36|"));
    EXPECT_TRUE(has("scanner-1-4|E-B|buy|30.0|0.28|"));
    EXPECT_TRUE(has("scanner-1-5|E-C|buy|30.0|0.33|"));
    EXPECT_EQ(rows_of(a, "select name from signals").size(), 5u);  // one per leg
}
