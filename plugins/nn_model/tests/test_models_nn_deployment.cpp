// config/models_nn.yaml end to end: the host validates it, then runs a shortened session
// (synthetic quotes -> features -> nn_model's LSTM -> sma_cross on the model's signal -> risk
// gate -> paper) and the journal holds the model's signals and orders of both sides.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

class ModelsNnDeployment : public ::testing::Test {
protected:
    // The deployment in the scratch folder, with a shorter session (4000 quotes instead of 20000).
    int run(const char* command, std::string& console) {
        const std::string cfg = tradehost::doubles::copy_deployment(SOURCE_DIR, "models_nn", scratch_.path(),
                                                                    {{"count: 20000", "count: 4000"}});
        return tradehost::doubles::run_host(TRADEHOST_EXE, {command, cfg}, scratch_.path() + "/console.log", console);
    }

    int64_t count(const std::string& sql) { return tradehost::doubles::journal_count(scratch_.path() + "/journal.db", sql); }

    tradehost::doubles::ScratchDir scratch_{"th_models_nn_deployment"};
};

}  // namespace

TEST_F(ModelsNnDeployment, Validates) {
    std::string console;
    EXPECT_EQ(run("validate", console), 0) << console;
}

TEST_F(ModelsNnDeployment, TheNetworksSignalsBecomeOrdersOfBothSides) {
    std::string console;
    ASSERT_EQ(run("run", console), 0) << console;
    // Every quote after each instrument's first 10 feature rows is scored.
    EXPECT_GT(count("select count(*) from signals where name = 'meanrev_lstm'"), 3000);
    EXPECT_GT(count("select count(*) from orders where side = 'buy'"), 0);
    EXPECT_GT(count("select count(*) from orders where side = 'sell'"), 0);
    EXPECT_GT(count("select count(*) from fills"), 0);
}
