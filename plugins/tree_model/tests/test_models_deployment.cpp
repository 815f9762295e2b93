// config/models.yaml end to end: the host validates it, then runs a shortened session
// (synthetic quotes -> features -> tree_model -> sma_cross on the model's signal -> risk
// gate -> paper) and the journal holds the model's signals and orders of both sides.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

class ModelsDeployment : public ::testing::Test {
protected:
    // The deployment in the scratch folder, with a shorter session (4000 quotes instead of 20000).
    int run(const char* command, std::string& console) {
        const std::string cfg =
            tradehost::doubles::copy_deployment(SOURCE_DIR, "models", scratch_.path(), {{"count: 20000", "count: 4000"}});
        return tradehost::doubles::run_host(TRADEHOST_EXE, {command, cfg}, scratch_.path() + "/console.log", console);
    }

    int64_t count(const std::string& sql) { return tradehost::doubles::journal_count(scratch_.path() + "/journal.db", sql); }

    tradehost::doubles::ScratchDir scratch_{"th_models_deployment"};
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
