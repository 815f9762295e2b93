// config/execution.yaml end to end through the host: it validates, runs offline (synthetic
// market -> sma_cross parents -> exec_algos -> risk_gate -> paper), every parent's fills add
// up to its children's, and `tradehost tca` prices the parents from the recorded inputs.
#include "double/host_process.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace {

const std::string kSource = SOURCE_DIR;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t i = 0; (i = s.find(from, i)) != std::string::npos; i += to.size()) s.replace(i, from.size(), to);
    return s;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int64_t scalar(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    int64_t v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

class ExecDeployment : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = ::testing::TempDir() + "exec_deployment_" + std::to_string(std::random_device{}());
        std::filesystem::create_directories(dir_);
        std::string yaml = slurp(kSource + "/config/execution.yaml");
        yaml = replace_all(yaml, "journal: var/execution-journal.db", "journal: " + dir_ + "/journal.db");
        yaml = replace_all(yaml, "file: var/execution.log", "file: " + dir_ + "/execution.log");
        yaml = replace_all(yaml, "count: 20000", "count: 6000");  // shorter, still several parents
        cfg_ = dir_ + "/execution.yaml";
        std::ofstream(cfg_) << yaml;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    int host(const std::vector<std::string>& args, std::string& out) {
        const pid_t pid = tradehost::doubles::spawn_host(TRADEHOST_EXE, args, dir_ + "/console.log");
        const int rc = tradehost::doubles::wait_exit(pid);
        out = slurp(dir_ + "/console.log");
        return rc;
    }

    std::string dir_, cfg_;
};

}  // namespace

TEST_F(ExecDeployment, RunsAndTcaPricesEveryParent) {
    std::string out;
    ASSERT_EQ(host({"validate", cfg_}, out), 0) << out;
    ASSERT_EQ(host({"run", cfg_}, out), 0) << out;

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2((dir_ + "/journal.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    const int64_t parents = scalar(db, "select count(*) from orders where source='strategy'");
    const int64_t children = scalar(db, "select count(*) from orders where source='exec'");
    EXPECT_GE(parents, 2);
    EXPECT_GT(children, parents);  // worked into slices
    // Parent fills (source exec) equal the venue's fills of the children, quantity for quantity.
    EXPECT_EQ(scalar(db, "select coalesce(sum(qty_raw),0) from fills where source='exec'"),
              scalar(db, "select coalesce(sum(qty_raw),0) from fills where source='venue'"));
    EXPECT_GE(scalar(db, "select count(*) from executions where source='exec' and exec_type='fill'"), 1);
    sqlite3_close(db);

    ASSERT_EQ(host({"tca", dir_ + "/journal.db"}, out), 0) << out;
    EXPECT_NE(out.find("TCA of session 1"), std::string::npos) << out;
    EXPECT_NE(out.find("parent strategy-1-1  "), std::string::npos) << out;
    EXPECT_NE(out.find("implementation shortfall "), std::string::npos) << out;
    EXPECT_EQ(out.find("arrival n/a"), std::string::npos) << out;  // inputs were recorded
}
