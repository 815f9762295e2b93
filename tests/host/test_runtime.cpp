// The runtime with real plugins: direct calls, rings across executors, back-pressure,
// failures in create and on_event, error policies, limits.
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace tradehost;
using test::metric;
using tradehost::test::TempDir;

namespace {


struct Run {
    RunResult result;
    std::string metrics;
    std::string health;
    bool healthy = true;
    std::string journal;
};

Run run_config(const TempDir& t, const std::string& yaml) {
    std::string path = t.write("run.yaml", yaml);
    auto c = test::check_config(path);
    EXPECT_TRUE(c.diags.ok()) << c.diags.str();
    Run r;
    if (!c.diags.ok()) return r;
    Runtime rt(c.dep, std::move(c.plan));
    r.result = rt.run();
    r.metrics = rt.metrics_text();
    r.health = rt.health_json(r.healthy);
    r.journal = c.dep.host.journal;
    return r;
}

std::string header(const TempDir& t) {
    return "host:\n  journal: " + t.path() + "/journal.db\n  log:\n    level: warn\n";
}

}  // namespace

TEST(Runtime, CPluginsRunEndToEndWithoutGapsOrRepeats) {
    TempDir t;
    auto r = run_config(t, header(t) + R"(instances:
  src:
    use: c_source
    config: {count: 5000, per_tick: 100}
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
)");
    ASSERT_EQ(r.result.exit_code, 0) << r.result.error;
    EXPECT_EQ(metric(r.metrics, "tradehost_plugin_received_total{instance=\"sink\"}"), 5000);
    EXPECT_EQ(metric(r.metrics, "tradehost_plugin_seq_errors_total{instance=\"sink\"}"), -1);  // never reported
    EXPECT_EQ(metric(r.metrics, "tradehost_edge_published_total{edge=\"src.quotes->sink.in\",from=\"src\",to=\"sink\"}"), 5000);
    EXPECT_EQ(metric(r.metrics, "tradehost_edge_delivered_total{edge=\"src.quotes->sink.in\",from=\"src\",to=\"sink\"}"), 5000);
    EXPECT_EQ(metric(r.metrics, "tradehost_instance_events_out_total{instance=\"src\",plugin=\"c_source\"}"), 5000);
    EXPECT_TRUE(r.healthy);
}

TEST(Runtime, AcrossExecutorsThroughASmallRingNothingIsLostOrReordered) {
    TempDir t;
    auto r = run_config(t, header(t) + R"(instances:
  src:
    use: c_source
    config: {count: 50000, per_tick: 1000}
  sink:
    use: c_sink
    executor: other
edges:
  - from: src.quotes
    to: sink.in
    capacity: 16
)");
    ASSERT_EQ(r.result.exit_code, 0) << r.result.error;
    EXPECT_EQ(metric(r.metrics, "tradehost_plugin_received_total{instance=\"sink\"}"), 50000);
    EXPECT_EQ(metric(r.metrics, "tradehost_plugin_seq_errors_total{instance=\"sink\"}"), -1);
    EXPECT_EQ(metric(r.metrics, "tradehost_edge_dropped_total{edge=\"src.quotes->sink.in\",from=\"src\",to=\"sink\"}"), 0);
}

TEST(Runtime, ExecutorsPublishingToEachOtherThroughFullRingsDoNotDeadlock) {
    // main -> other -> main, both rings tiny: each executor may block on a full ring while
    // the other blocks too; a blocked publisher keeps its own inbound rings moving.
    TempDir t;
    auto r = run_config(t, header(t) + R"(instances:
  src:
    use: c_source
    config: {count: 200000, per_tick: 1000}
  fwd:
    use: newer_minor
    executor: other
  sink:
    use: c_sink
edges:
  - {from: src.quotes, to: fwd.quotes, capacity: 16}
  - {from: fwd.out, to: sink.in, capacity: 16}
)");
    ASSERT_EQ(r.result.exit_code, 0) << r.result.error;
    EXPECT_EQ(metric(r.metrics, "tradehost_plugin_received_total{instance=\"sink\"}"), 200000);
    EXPECT_EQ(metric(r.metrics, "tradehost_plugin_seq_errors_total{instance=\"sink\"}"), -1);
}

TEST(Runtime, LossyEdgesCountWhatTheyDrop) {
    for (const char* policy : {"drop_newest", "drop_oldest"}) {
        TempDir t;
        auto r = run_config(t, header(t) + R"(instances:
  src:
    use: c_source
    config: {count: 50000, per_tick: 50000}
  sink:
    use: c_sink
    executor: slow
edges:
  - from: src.quotes
    to: sink.in
    capacity: 16
    backpressure: )" + policy + "\n");
        ASSERT_EQ(r.result.exit_code, 0) << policy << ": " << r.result.error;
        const std::string e = "{edge=\"src.quotes->sink.in\",from=\"src\",to=\"sink\"}";
        long long pub = metric(r.metrics, "tradehost_edge_published_total" + e);
        long long del = metric(r.metrics, "tradehost_edge_delivered_total" + e);
        long long drop = metric(r.metrics, "tradehost_edge_dropped_total" + e);
        EXPECT_EQ(pub, 50000) << policy;
        EXPECT_EQ(pub, del + drop) << policy;  // how many drop depends on the threads' speeds
        EXPECT_EQ(metric(r.metrics, "tradehost_plugin_received_total{instance=\"sink\"}"), del) << policy;
    }
}

TEST(Runtime, PluginFromANewerMinorRuns) {
    TempDir t;
    auto r = run_config(t, header(t) + R"(instances:
  src:
    use: c_source
    config: {count: 100}
  fwd:
    use: newer_minor
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: fwd.quotes
  - from: fwd.out
    to: sink.in
)");
    ASSERT_EQ(r.result.exit_code, 0) << r.result.error;
    EXPECT_EQ(metric(r.metrics, "tradehost_plugin_received_total{instance=\"sink\"}"), 100);
}

TEST(Runtime, CreateFailureStopsBeforeAnythingIsWritten) {
    TempDir t;
    auto r = run_config(t, header(t) + "instances:\n  src:\n    use: c_source\n  bad:\n    use: create_fails\n");
    EXPECT_EQ(r.result.exit_code, 1);
    EXPECT_NE(r.result.error.find("instance 'bad' (plugin create_fails): create failed (i/o error): cannot reach the venue"),
              std::string::npos)
        << r.result.error;
    EXPECT_FALSE(std::filesystem::exists(r.journal));
}

TEST(Runtime, CreateThatThrowsIsCaughtAtTheBoundary) {
    TempDir t;
    auto r = run_config(t, header(t) + "instances:\n  bad:\n    use: create_throws\n");
    EXPECT_EQ(r.result.exit_code, 1);
    EXPECT_NE(r.result.error.find("constructor threw on purpose"), std::string::npos) << r.result.error;
}

TEST(Runtime, FailingInstanceIsCountedAndIsolated) {
    TempDir t;
    auto r = run_config(t, header(t) + R"(  errors:
    policy: isolate
    max_consecutive: 5
instances:
  src:
    use: c_source
    config: {count: 100}
  sink:
    use: c_sink
    config: {fail_every: 1}
edges:
  - from: src.quotes
    to: sink.in
)");
    ASSERT_EQ(r.result.exit_code, 0) << r.result.error;
    EXPECT_EQ(metric(r.metrics, "tradehost_instance_errors_total{instance=\"sink\",plugin=\"c_sink\"}"), 5);
    EXPECT_EQ(metric(r.metrics, "tradehost_instance_isolated{instance=\"sink\"}"), 1);
    const std::string e = "{edge=\"src.quotes->sink.in\",from=\"src\",to=\"sink\"}";
    EXPECT_EQ(metric(r.metrics, "tradehost_edge_delivered_total" + e), 5);
    EXPECT_EQ(metric(r.metrics, "tradehost_edge_dropped_total" + e), 95);
    EXPECT_FALSE(r.healthy);
    EXPECT_NE(r.health.find("\"state\":\"isolated\""), std::string::npos) << r.health;
}

TEST(Runtime, StopPolicyEndsTheRunWithAnError) {
    TempDir t;
    auto r = run_config(t, header(t) + R"(  errors:
    policy: stop
    max_consecutive: 3
instances:
  src:
    use: c_source
    config: {count: 1000000, per_tick: 10}
  sink:
    use: c_sink
    config: {fail_every: 1}
edges:
  - from: src.quotes
    to: sink.in
)");
    EXPECT_EQ(r.result.exit_code, 1);
    EXPECT_NE(r.result.error.find("instance 'sink' failed 3 times in a row"), std::string::npos) << r.result.error;
}

TEST(Runtime, MaxEventsBoundsAnEndlessSource) {
    TempDir t;
    auto r = run_config(t, header(t) + R"(  run:
    max_events: 2000
instances:
  src:
    use: c_source
    config: {count: 1000000000, per_tick: 100}
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
)");
    ASSERT_EQ(r.result.exit_code, 0) << r.result.error;
    long long got = metric(r.metrics, "tradehost_plugin_received_total{instance=\"sink\"}");
    EXPECT_EQ(got, 2000);
}
