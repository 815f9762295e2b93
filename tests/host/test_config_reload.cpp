// An edited config applied to a running pipeline as a diff: an instance added, one
// reconfigured through state handover, one removed; an invalid file changes nothing.
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace tradehost;
using test::metric;
using test::wait_for;
namespace fs = std::filesystem;

namespace {



std::string config(const std::string& dir, const std::string& counter, int tag, bool with_tap) {
    std::string y = "host:\n  journal: " + dir + "/j.db\n  log: {level: warn}\ninstances:\n"
                    "  src:\n    use: c_source\n    config: {count: 2500000, per_tick: 100}\n"
                    "  counter:\n    use: " + counter + "\n    executor: work\n    config: {tag: " + std::to_string(tag) + "}\n"
                    "  sink:\n    use: c_sink\n";
    if (with_tap) y += "  tap:\n    use: c_sink\n";
    y += "edges:\n  - {from: src.quotes, to: counter.in}\n  - {from: counter.out, to: sink.in}\n";
    if (with_tap) y += "  - {from: src.quotes, to: tap.in}\n";
    return y;
}

void replace_file(const std::string& path, const std::string& text) {
    std::ofstream(path + ".tmp") << text;
    fs::rename(path + ".tmp", path);
}

}  // namespace

TEST(ConfigReload, AddChangeRemoveAndRejectWhileRunning) {
    test::TempDir t;
    const std::string counter = std::string(TEST_PLUGIN_DIR) + "/reload_v0/th_reload_counter.so";
    const std::string path = t.write("live.yaml", config(t.path(), counter, 0, false));
    auto c = test::check_config(path);
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    Runtime rt(c.dep, std::move(c.plan));
    rt.set_registry(&test::test_registry());
    rt.enable_watch(50'000'000);  // the config file is watched too
    RunResult result;
    std::thread runner([&] { result = rt.run(); });
    // A failed ASSERT returns early: stop and join the run, so it is reported, not aborted.
    struct JoinOnExit {
        Runtime& rt;
        std::thread& t;
        ~JoinOnExit() {
            if (!t.joinable()) return;
            rt.request_stop();
            t.join();
        }
    } join_on_exit{rt, runner};
    auto m = [&](const std::string& s) { return metric(rt.metrics_text(), s); };
    ASSERT_TRUE(wait_for([&] { return m("tradehost_plugin_received_total{instance=\"sink\"}") > 1000; }));

    // Add `tap`, reconfigure `counter` (tag 0 -> 5).
    replace_file(path, config(t.path(), counter, 5, true));
    ASSERT_TRUE(wait_for([&] { return m("tradehost_config_reloads_total") == 1; })) << rt.metrics_text();
    ASSERT_TRUE(wait_for([&] { return m("tradehost_plugin_received_total{instance=\"tap\"}") > 0; })) << rt.metrics_text();
    EXPECT_EQ(m("tradehost_plugin_reloads_total{instance=\"counter\"}"), 1);

    // An invalid file is rejected; nothing changes.
    replace_file(path, "instances:\n  src: {use: [broken\n");
    ASSERT_TRUE(wait_for([&] { return m("tradehost_config_reload_failures_total") == 1; })) << rt.metrics_text();

    // Remove `tap` again.
    replace_file(path, config(t.path(), counter, 5, false));
    ASSERT_TRUE(wait_for([&] { return m("tradehost_config_reloads_total") == 2; })) << rt.metrics_text();
    EXPECT_EQ(m("tradehost_plugin_received_total{instance=\"tap\"}"), -1);  // no longer reported
    EXPECT_LT(m("tradehost_plugin_received_total{instance=\"sink\"}"), 2500000);  // all this while the feed ran

    runner.join();
    ASSERT_EQ(result.exit_code, 0) << result.error;
    const std::string text = rt.metrics_text();
    EXPECT_EQ(metric(text, "tradehost_plugin_tag_sum_total{instance=\"counter\"}"), 5);  // the new config was read
    EXPECT_EQ(metric(text, "tradehost_plugin_final_count_total{instance=\"counter\"}"), 2500000);  // state carried over
    EXPECT_EQ(metric(text, "tradehost_plugin_received_total{instance=\"sink\"}"), 2500000);
    EXPECT_EQ(metric(text, "tradehost_plugin_seq_gaps_total{instance=\"counter\"}"), -1);
    EXPECT_EQ(metric(text, "tradehost_plugin_seq_errors_total{instance=\"sink\"}"), -1);
    EXPECT_EQ(metric(text, "tradehost_edge_dropped_total{edge=\"src.quotes->counter.in\",from=\"src\",to=\"counter\"}"), 0);
}
