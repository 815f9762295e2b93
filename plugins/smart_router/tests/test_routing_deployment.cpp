// config/routing.yaml end to end through the host: it validates, runs offline (two recorded
// books -> sma_cross -> exec_algos -> risk_gate -> smart_router -> two paper venues), the
// router's fills upstream add up to both venues' fills, venue B (cheaper at the touch, thin)
// gets orders, and `tradehost tca` prices the parent.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

class RoutingDeployment : public ::testing::Test {
protected:
    int host(const std::vector<std::string>& args, std::string& out) {
        return tradehost::doubles::run_host(TRADEHOST_EXE, args, scratch_.path() + "/console.log", out);
    }
    int64_t scalar(const std::string& sql) { return tradehost::doubles::journal_count(scratch_.path() + "/journal.db", sql); }

    tradehost::doubles::ScratchDir scratch_{"th_routing_deployment"};
    const std::string dir_ = scratch_.path();
    const std::string cfg_ = tradehost::doubles::copy_deployment(SOURCE_DIR, "routing", dir_);
};

}  // namespace

TEST_F(RoutingDeployment, RoutesAcrossBothVenuesAndTcaPricesTheParent) {
    std::string out;
    ASSERT_EQ(host({"validate", cfg_}, out), 0) << out;
    ASSERT_EQ(host({"run", cfg_}, out), 0) << out;

    EXPECT_GE(scalar("select count(*) from orders where source='strategy'"), 1);
    EXPECT_GE(scalar("select count(*) from orders where source='exec'"), 2);
    // Every venue fill reaches the sender under its own id, quantity for quantity.
    const int64_t venues = scalar("select coalesce(sum(qty_raw),0) from fills where source in ('paper_a','paper_b')");
    EXPECT_GT(venues, 0);
    EXPECT_EQ(scalar("select coalesce(sum(qty_raw),0) from fills where source='router'"), venues);
    // B is cheaper all-in whenever it has a book: it is used.
    EXPECT_GE(scalar("select count(*) from fills where source='paper_b'"), 1);

    ASSERT_EQ(host({"tca", dir_ + "/journal.db"}, out), 0) << out;
    EXPECT_NE(out.find("parent strategy-1-1  "), std::string::npos) << out;
    EXPECT_NE(out.find("implementation shortfall "), std::string::npos) << out;
}
