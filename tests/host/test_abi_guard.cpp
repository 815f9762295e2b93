// A plugin built against the frozen 1.0 header loads and runs in this host, with every host
// function and config type behaving as 1.0 promised.
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>


using namespace tradehost;
using test::metric;

TEST(AbiGuard, PluginBuiltAgainstTheFrozen10HeaderRuns) {
    test::TempDir t;
    ::setenv("TH_GUARD_SECRET", "s3cr3t", 1);
    const std::string yaml = "host:\n  journal: " + t.path() + R"(/j.db
  log: {level: warn}
instances:
  src:
    use: c_source
    config: {count: 3000, per_tick: 10}
  guard:
    use: abi_guard_1_0
    config:
      flag: true
      count: 7
      ratio: 0.25
      label: guard
      price: "123.45"
      period: 2ms
      symbols: [AAPL, MSFT]
  sink:
    use: c_sink
  signals:
    use: c_sink
edges:
  - {from: src.quotes, to: guard.quotes}
  - {from: guard.quotes, to: sink.in}
  - {from: guard.signals, to: signals.in}
)";
    for (int run = 1; run <= 2; ++run) {  // the second run sees the first run's state blob
        auto c = test::check_config(t.write("guard.yaml", yaml));
        ASSERT_TRUE(c.diags.ok()) << c.diags.str();
        Runtime rt(c.dep, std::move(c.plan));
        RunResult r = rt.run();
        ASSERT_EQ(r.exit_code, 0) << r.error;
        std::string m = rt.metrics_text();
        auto g = [&](const char* name) {
            return metric(m, std::string("tradehost_plugin_") + name + "_total{instance=\"guard\"}");
        };
        EXPECT_EQ(g("forwarded"), 3000);
        EXPECT_EQ(metric(m, "tradehost_plugin_received_total{instance=\"sink\"}"), 3000);
        EXPECT_EQ(g("config_ok"), 1);
        EXPECT_EQ(g("secret_len"), 6);
        EXPECT_EQ(g("starts"), run);
        EXPECT_EQ(g("symbol_ok"), 1);
        EXPECT_EQ(g("named"), 1);
        EXPECT_EQ(g("session_ok"), 1);
        EXPECT_EQ(metric(m, "tradehost_instance_errors_total{instance=\"guard\",plugin=\"abi_guard_1_0\"}"), 0);
    }
    ::unsetenv("TH_GUARD_SECRET");
    // ABI 1.3's decision ids: a 1.0 plugin's signals (88 bytes, no room for an id) still flow
    // and are journaled, in the decision log with no id and no cause.
    auto rows = test::query(t.path() + "/j.db",
                            "SELECT COUNT(*), SUM(id IS NULL), SUM(causes = '[]') FROM decisions WHERE source='guard'");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_NE(rows[0][0], "0");
    EXPECT_EQ(rows[0][1], rows[0][0]);
    EXPECT_EQ(rows[0][2], rows[0][0]);
    EXPECT_EQ(test::query(t.path() + "/j.db", "SELECT COUNT(*) FROM signals WHERE source='guard'")[0][0], rows[0][0]);
}
