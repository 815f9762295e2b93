// config/prediction_paper.yaml end to end: the host replays the recorded prediction-market
// minute through the market maker, the arbitrage scanner, the risk gate and the paper venue,
// twice on fresh journals. Both runs give the same orders; the maker is filled on both
// sides (its bid at 0.48, then its skewed ask at 0.51) and the scanner's two sets (M1: YES +
// NO, 60 each; E: A + B + C, 30 each) are filled at the prices it computed.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

using tradehost::doubles::journal_rows;

class PredictionDeployment : public ::testing::Test {
protected:
    // Runs the deployment in scratch/name; returns the journal's path.
    std::string run(const std::string& name, const char* command = "run") {
        const std::string dir = scratch_.path() + "/" + name;
        std::filesystem::create_directories(dir);
        const std::string cfg = tradehost::doubles::copy_deployment(SOURCE_DIR, "prediction_paper", dir);
        std::string out;
        EXPECT_EQ(tradehost::doubles::run_host(TRADEHOST_EXE, {command, cfg}, dir + "/console.log", out), 0) << out;
        return dir + "/journal.db";
    }

    tradehost::doubles::ScratchDir scratch_{"th_prediction"};
};

const char* kOrders =
    "select client_order_id, instrument, side, qty_raw, limit_px, status, avg_px, ts from orders order by ts, client_order_id";
const char* kFills = "select client_order_id, instrument, side, qty, px from fills order by ts, client_order_id";

}  // namespace

TEST_F(PredictionDeployment, Validates) { run("validate", "validate"); }

TEST_F(PredictionDeployment, TheRecordedMinuteGivesTheSameOrdersAndFillsEveryRun) {
    const std::string a = run("a");
    const std::string b = run("b");
    const auto orders = journal_rows(a, kOrders);
    ASSERT_FALSE(orders.empty());
    EXPECT_EQ(orders, journal_rows(b, kOrders));
    const auto fills = journal_rows(a, kFills);
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
    EXPECT_EQ(journal_rows(a, "select name from signals").size(), 5u);  // one per leg
}
