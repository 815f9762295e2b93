// config/news.yaml end to end: the host runs the recorded morning through dedup, mapping,
// VADER, news_trader, the risk gate and the paper venue, twice on fresh journals, and both
// runs produce the same orders (and at least one of each side); a third run on the first
// run's journal sends no order again.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

// One folder for the process (the restart run reuses a first run's journal), removed at exit.
const std::string& scratch() {
    static const tradehost::doubles::ScratchDir dir("th_news_deployment");
    return dir.path();
}

std::vector<std::string> run_once(const std::string& name, bool fresh = true) {
    const std::string dir = scratch() + "/" + name;
    if (fresh) std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string cfg = tradehost::doubles::copy_deployment(SOURCE_DIR, "news", dir);
    std::string out;
    EXPECT_EQ(tradehost::doubles::run_host(TRADEHOST_EXE, {"run", cfg}, dir + "/console.log", out), 0) << out;
    return tradehost::doubles::journal_rows(
        dir + "/journal.db",
        "select client_order_id, instrument, side, order_type, qty_raw, status, avg_px, ts from orders order by ts, client_order_id");
}

}  // namespace

// `tradehost validate` creates every instance without a journal: the stateful news plugins
// read their saved state at start, so validation passes.
TEST(NewsDeployment, Validates) {
    const std::string dir = scratch() + "/validate";
    std::filesystem::create_directories(dir);
    std::string out;
    EXPECT_EQ(tradehost::doubles::run_host(TRADEHOST_EXE, {"validate", tradehost::doubles::copy_deployment(SOURCE_DIR, "news", dir)},
                                           dir + "/console.log", out),
              0)
        << out;
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
