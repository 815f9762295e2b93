// config/execution.yaml end to end through the host: it validates, runs offline (synthetic
// market -> sma_cross parents -> exec_algos -> risk_gate -> paper), every parent's fills add
// up to its children's, and `tradehost tca` prices the parents from the recorded inputs.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

class ExecDeployment : public ::testing::Test {
protected:
    int host(const std::vector<std::string>& args, std::string& out) {
        return tradehost::doubles::run_host(TRADEHOST_EXE, args, scratch_.path() + "/console.log", out);
    }
    int64_t scalar(const std::string& sql) { return tradehost::doubles::journal_count(scratch_.path() + "/journal.db", sql); }

    tradehost::doubles::ScratchDir scratch_{"th_exec_deployment"};
    const std::string dir_ = scratch_.path();
    // shorter, still several parents
    const std::string cfg_ = tradehost::doubles::copy_deployment(SOURCE_DIR, "execution", dir_, {{"count: 20000", "count: 6000"}});
};

}  // namespace

TEST_F(ExecDeployment, RunsAndTcaPricesEveryParent) {
    std::string out;
    ASSERT_EQ(host({"validate", cfg_}, out), 0) << out;
    ASSERT_EQ(host({"run", cfg_}, out), 0) << out;

    const int64_t parents = scalar("select count(*) from orders where source='strategy'");
    const int64_t children = scalar("select count(*) from orders where source='exec'");
    EXPECT_GE(parents, 2);
    EXPECT_GT(children, parents);  // worked into slices
    // Parent fills (source exec) equal the venue's fills of the children, quantity for quantity.
    EXPECT_EQ(scalar("select coalesce(sum(qty_raw),0) from fills where source='exec'"),
              scalar("select coalesce(sum(qty_raw),0) from fills where source='venue'"));
    EXPECT_GE(scalar("select count(*) from executions where source='exec' and exec_type='fill'"), 1);

    ASSERT_EQ(host({"tca", dir_ + "/journal.db"}, out), 0) << out;
    EXPECT_NE(out.find("TCA of session 1"), std::string::npos) << out;
    EXPECT_NE(out.find("parent strategy-1-1  "), std::string::npos) << out;
    EXPECT_NE(out.find("implementation shortfall "), std::string::npos) << out;
    EXPECT_EQ(out.find("arrival n/a"), std::string::npos) << out;  // inputs were recorded
}
