// config/accel.yaml end to end through the host (synthetic quotes -> cuda_features ->
// cuda_accel -> sma_cross -> risk gate -> paper), on whatever path this machine gives, and
// the same deployment with the features plugin in cuda_features' place: the journals hold
// the same signals, orders and fills, so the strategy cannot tell which computed its features.
#include "double/deployment_copy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

struct Session {
    tradehost::doubles::ScratchDir dir{"th_accel_deployment"};
    std::string console;
    int rc = -1;
    int64_t count(const std::string& sql) { return tradehost::doubles::journal_count(dir.path() + "/journal.db", sql); }
};

void run(Session& s, const char* command, std::vector<std::pair<std::string, std::string>> edits) {
    edits.emplace_back("count: 40000", "count: 8000");
    const std::string cfg = tradehost::doubles::copy_deployment(SOURCE_DIR, "accel", s.dir.path(), edits);
    s.rc = tradehost::doubles::run_host(TRADEHOST_EXE, {command, cfg}, s.dir.path() + "/console.log", s.console);
}

const std::vector<std::pair<std::string, std::string>> kWithFeatures = {
    {"use: cuda_features             # the features plugin's keys and events, on the device", "use: features"},
    {"      devices: [all]               # the first CUDA device; none here -> the CPU path\n", ""},
};

}  // namespace

TEST(AccelDeployment, Validates) {
    Session s;
    run(s, "validate", {});
    EXPECT_EQ(s.rc, 0) << s.console;
}

TEST(AccelDeployment, CudaFeaturesTradesAsTheFeaturesPluginDoes) {
    Session gpu, ref;
    run(gpu, "run", {});
    ASSERT_EQ(gpu.rc, 0) << gpu.console;
    run(ref, "run", kWithFeatures);
    ASSERT_EQ(ref.rc, 0) << ref.console;
    for (const char* sql : {"select count(*) from signals where name = 'meanrev_xgb'",
                            "select count(*) from orders where side = 'buy'",
                            "select count(*) from orders where side = 'sell'", "select count(*) from fills"}) {
        EXPECT_GT(gpu.count(sql), 0) << sql;
        EXPECT_EQ(gpu.count(sql), ref.count(sql)) << sql;
    }
    // The signals themselves, row by row.
    const std::string rows = "select instrument, value, strength, ts from signals order by id";
    const auto a = tradehost::doubles::journal_rows(gpu.dir.path() + "/journal.db", rows);
    const auto b = tradehost::doubles::journal_rows(ref.dir.path() + "/journal.db", rows);
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a, b);
}
