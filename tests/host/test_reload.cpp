// Hot reload under load: the stateful plugin is swapped several times while a fast feed
// runs through it; nothing is lost, duplicated or reordered, and its state carries over.
// Failing builds (create fails, restore throws) leave the old version running.
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

using namespace tradehost;
using test::metric;
using test::wait_for;
namespace fs = std::filesystem;

namespace {


std::string variant(int v) { return std::string(TEST_PLUGIN_DIR) + "/reload_v" + std::to_string(v) + "/th_reload_counter.so"; }

// Replace `dst` the way a linker does: write a new file, then rename it over the old one.
void install_build(const std::string& src, const std::string& dst) {
    fs::copy_file(src, dst + ".tmp", fs::copy_options::overwrite_existing);
    fs::rename(dst + ".tmp", dst);
}


struct Pipeline {
    test::TempDir dir;
    std::string plugin;
    test::Checked checked;
    std::unique_ptr<Runtime> rt;
    RunResult result;
    std::thread runner;

    explicit Pipeline(long long count) {
        plugin = dir.path() + "/th_reload_counter.so";
        fs::copy_file(variant(0), plugin);
        std::string yaml = "host:\n  journal: " + dir.path() + "/j.db\n  log: {level: warn}\ninstances:\n"
                           "  src:\n    use: c_source\n    config: {count: " + std::to_string(count) + ", per_tick: 100}\n"
                           "  counter:\n    use: " + plugin + "\n    executor: work\n"
                           "  sink:\n    use: c_sink\n"
                           "edges:\n  - {from: src.quotes, to: counter.in, capacity: 64}\n"
                           "  - {from: counter.out, to: sink.in}\n";
        checked = test::check_config(dir.write("reload.yaml", yaml));
        EXPECT_TRUE(checked.diags.ok()) << checked.diags.str();
        rt = std::make_unique<Runtime>(checked.dep, std::move(checked.plan));
    }
    void start() {
        runner = std::thread([this] { result = rt->run(); });
        wait_for([&] { return metric(rt->metrics_text(), "tradehost_plugin_received_total{instance=\"sink\"}") > 1000; });
    }
    long long m(const std::string& s) { return metric(rt->metrics_text(), s); }
    void finish() {
        runner.join();
        EXPECT_EQ(result.exit_code, 0) << result.error;
    }
};

}  // namespace

TEST(HotReload, SwapsUnderLoadWithoutLosingDuplicatingOrReordering) {
    constexpr long long kCount = 1500000;
    Pipeline p(kCount);
    p.start();
    for (int i = 1; i <= 3; ++i) {
        install_build(variant(0), p.plugin);  // a "rebuilt" plugin
        ASSERT_TRUE(p.rt->request_reload("counter"));
        ASSERT_TRUE(wait_for([&] { return p.m("tradehost_plugin_reloads_total{instance=\"counter\"}") == i; }))
            << p.rt->metrics_text();
    }
    // The replaced builds were really unloaded: at most the current copy is mapped.
    {
        std::ifstream maps("/proc/self/maps");
        std::string line;
        std::set<std::string> mapped;
        while (std::getline(maps, line))
            if (line.find("tradehost-reload-") != std::string::npos && line.find("th_reload_counter.") != std::string::npos)
                mapped.insert(line.substr(line.find('/')));
        EXPECT_LE(mapped.size(), 1u) << "still mapped: " << mapped.size();
    }
    // The feed was still running while the last swap happened.
    EXPECT_LT(p.m("tradehost_plugin_received_total{instance=\"sink\"}"), kCount);
    p.finish();
    const std::string m = p.rt->metrics_text();
    EXPECT_EQ(metric(m, "tradehost_plugin_reloads_total{instance=\"counter\"}"), 3);
    EXPECT_EQ(metric(m, "tradehost_plugin_reload_failures_total{instance=\"counter\"}"), 0);
    EXPECT_EQ(metric(m, "tradehost_plugin_starts_total{instance=\"counter\"}"), 4);
    // State carried over: the counts every version reported at its stop add up exactly.
    EXPECT_EQ(metric(m, "tradehost_plugin_final_count_total{instance=\"counter\"}"), kCount);
    EXPECT_EQ(metric(m, "tradehost_plugin_seq_gaps_total{instance=\"counter\"}"), -1);
    EXPECT_EQ(metric(m, "tradehost_plugin_seq_repeats_total{instance=\"counter\"}"), -1);
    EXPECT_EQ(metric(m, "tradehost_plugin_seq_errors_total{instance=\"sink\"}"), -1);
    EXPECT_EQ(metric(m, "tradehost_plugin_received_total{instance=\"sink\"}"), kCount);
    for (const char* e : {"src.quotes->counter.in\",from=\"src\",to=\"counter\"", "counter.out->sink.in\",from=\"counter\",to=\"sink\""}) {
        std::string labels = std::string("{edge=\"") + e + "}";
        EXPECT_EQ(metric(m, "tradehost_edge_published_total" + labels), kCount) << e;
        EXPECT_EQ(metric(m, "tradehost_edge_delivered_total" + labels), kCount) << e;
        EXPECT_EQ(metric(m, "tradehost_edge_dropped_total" + labels), 0) << e;
    }
}

TEST(HotReload, WatchedRebuildsReloadAndFailingBuildsKeepTheOldVersion) {
    constexpr long long kCount = 2500000;
    Pipeline p(kCount);
    p.rt->enable_watch(50'000'000);
    p.start();
    const std::string failures = "tradehost_plugin_reload_failures_total{instance=\"counter\"}";
    const std::string reloads = "tradehost_plugin_reloads_total{instance=\"counter\"}";
    install_build(variant(1), p.plugin);  // create fails
    ASSERT_TRUE(wait_for([&] { return p.m(failures) == 1; })) << p.rt->metrics_text();
    install_build(variant(2), p.plugin);  // restore throws
    ASSERT_TRUE(wait_for([&] { return p.m(failures) == 2; })) << p.rt->metrics_text();
    EXPECT_EQ(p.m(reloads), 0);
    install_build(variant(0), p.plugin);  // a good build reloads normally
    ASSERT_TRUE(wait_for([&] { return p.m(reloads) == 1; })) << p.rt->metrics_text();
    p.finish();
    const std::string m = p.rt->metrics_text();
    EXPECT_EQ(metric(m, "tradehost_plugin_final_count_total{instance=\"counter\"}"), kCount);
    EXPECT_EQ(metric(m, "tradehost_plugin_received_total{instance=\"sink\"}"), kCount);
    EXPECT_EQ(metric(m, "tradehost_plugin_seq_gaps_total{instance=\"counter\"}"), -1);
    EXPECT_EQ(metric(m, "tradehost_plugin_seq_errors_total{instance=\"sink\"}"), -1);
}

TEST(HotReload, UnknownInstanceIsRefused) {
    Pipeline p(10);
    EXPECT_FALSE(p.rt->request_reload("nope"));
}
