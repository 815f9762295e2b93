// config/features_record.yaml and config/models_registry.yaml end to end through the host:
// record features and prices, `tradehost train --promote` from the offline store, then run
// the deployment that trades the registry's promoted model.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

class RegistryDeployment : public ::testing::Test {
protected:
    // A deployment in the scratch folder: a shorter session, the store and registry there.
    std::string copy(const char* name, bool registry) {
        std::vector<std::pair<std::string, std::string>> edits = {
            {"count: 20000", "count: 3000"}, {"db: var/features.db", "db: " + scratch_.path() + "/features.db"}};
        if (registry) edits.emplace_back("registry: var/models", "registry: " + scratch_.path() + "/models");
        return tradehost::doubles::copy_deployment(SOURCE_DIR, name, scratch_.path(), edits);
    }
    int host(const std::vector<std::string>& args, std::string& console) {
        return tradehost::doubles::run_host(TRADEHOST_EXE, args, scratch_.path() + "/console.log", console);
    }

    tradehost::doubles::ScratchDir scratch_{"th_registry_deployment"};
};

}  // namespace

TEST_F(RegistryDeployment, RecordTrainPromoteAndTradeTheRegisteredModel) {
    std::string console;
    const std::string record = copy("features_record", false);
    ASSERT_EQ(host({"validate", record}, console), 0) << console;
    ASSERT_EQ(host({"run", record}, console), 0) << console;

    const std::string store = scratch_.path() + "/features.db", reg = scratch_.path() + "/models";
    ASSERT_EQ(host({"train", "--store", store, "--registry", reg, "--name", "meanrev", "--horizon", "5m", "--folds",
                    "3", "--embargo", "30m", "--rounds", "20", "--promote"},
                   console),
              0)
        << console;
    EXPECT_NE(console.find("registered version 1 (promoted)"), std::string::npos) << console;
    ASSERT_EQ(host({"models", "list", "--registry", reg}, console), 0) << console;
    EXPECT_NE(console.find("* meanrev v1"), std::string::npos) << console;

    const std::string models = copy("models_registry", true);
    ASSERT_EQ(host({"validate", models}, console), 0) << console;
    ASSERT_EQ(host({"run", models}, console), 0) << console;
    const std::string journal = scratch_.path() + "/journal.db";
    EXPECT_GT(tradehost::doubles::journal_count(journal, "select count(*) from signals where name = 'meanrev_xgb'"),
              1000);
    EXPECT_GT(tradehost::doubles::journal_count(journal, "select count(*) from orders"), 0);
}
