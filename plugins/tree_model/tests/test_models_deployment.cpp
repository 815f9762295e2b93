// config/models.yaml end to end: the host validates it, then runs a shortened session
// (synthetic quotes -> features -> tree_model -> sma_cross on the model's signal -> risk
// gate -> paper) and the journal holds the model's signals and orders of both sides.
#include "double/host_process.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

const std::string kSource = SOURCE_DIR;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t i = 0; (i = s.find(from, i)) != std::string::npos; i += to.size()) s.replace(i, from.size(), to);
    return s;
}

class ModelsDeployment : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("th_models_deployment_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // The deployment with its paths made absolute, its journal and log in dir_, and a
    // shorter session (4000 quotes instead of 20000).
    std::string deployment() {
        std::ifstream in(kSource + "/config/models.yaml");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string yaml = ss.str();
        yaml = replace_all(yaml, "journal: var/models-journal.db", "journal: " + (dir_ / "journal.db").string());
        yaml = replace_all(yaml, "file: var/models.log", "file: " + (dir_ / "models.log").string());
        yaml = replace_all(yaml, "model: plugins/", "model: " + kSource + "/plugins/");
        yaml = replace_all(yaml, "count: 20000", "count: 4000");
        const std::string path = (dir_ / "models.yaml").string();
        std::ofstream(path) << yaml;
        return path;
    }

    int run(const char* command, std::string& console) {
        const std::string log = (dir_ / "console.log").string();
        const pid_t pid = tradehost::doubles::spawn_host(TRADEHOST_EXE, {command, deployment()}, log);
        const int rc = tradehost::doubles::wait_exit(pid);
        console = tradehost::doubles::slurp(log);
        return rc;
    }

    int64_t count(const std::string& sql) {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open_v2((dir_ / "journal.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        int64_t n = -1;
        if (st && sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
        return n;
    }

    std::filesystem::path dir_;
};

}  // namespace

TEST_F(ModelsDeployment, Validates) {
    std::string console;
    EXPECT_EQ(run("validate", console), 0) << console;
}

TEST_F(ModelsDeployment, TheModelsSignalsBecomeOrdersOfBothSides) {
    std::string console;
    ASSERT_EQ(run("run", console), 0) << console;
    EXPECT_GT(count("select count(*) from signals where name = 'meanrev_xgb'"), 1000);
    EXPECT_GT(count("select count(*) from orders where side = 'buy'"), 0);
    EXPECT_GT(count("select count(*) from orders where side = 'sell'"), 0);
    EXPECT_GT(count("select count(*) from fills"), 0);
}
