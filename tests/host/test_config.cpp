// Config errors: each reported as file:line:col with what is wrong, all of them at once.
#include "config/env_subst.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

using namespace tradehost;
using tradehost::test::check_config;
using tradehost::test::TempDir;

namespace {

// Every diagnostic, one per line.
std::string errors_of(const std::string& path) { return check_config(path).diags.str(); }

const char* kGood = R"(host:
  journal: var/test.db
instances:
  src:
    use: c_source
    config:
      count: 5
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
)";

}  // namespace

TEST(Config, AValidConfigPlans) {
    TempDir t;
    auto c = check_config(t.write("good.yaml", kGood));
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    ASSERT_EQ(c.plan.instances.size(), 2u);
    ASSERT_EQ(c.plan.edges.size(), 1u);
    EXPECT_EQ(c.plan.edges[0].name, "src.quotes->sink.in");
    int64_t count = 0;
    ASSERT_EQ(detail::cfg_get_int(c.plan.instances[0].config.get(), "count", &count), TH_OK);
    EXPECT_EQ(count, 5);
    int64_t per_tick = 0;  // default from the plugin's schema
    ASSERT_EQ(detail::cfg_get_int(c.plan.instances[0].config.get(), "per_tick", &per_tick), TH_OK);
    EXPECT_EQ(per_tick, 10);
}

TEST(Config, MalformedYamlGivesFileLineCol) {
    TempDir t;
    std::string p = t.write("bad.yaml", "instances:\n  src:\n    use: [c_source\n");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(p + ":"), std::string::npos) << e;
    EXPECT_NE(e.find("malformed YAML"), std::string::npos) << e;
}

TEST(Config, UnknownPluginNamesWhatIsAvailable) {
    TempDir t;
    std::string p = t.write("c.yaml", "instances:\n  x:\n    use: no_such_plugin\n");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(p + ":3:10: unknown plugin 'no_such_plugin'"), std::string::npos) << e;
    EXPECT_NE(e.find("c_source"), std::string::npos) << e;
}

TEST(Config, UnknownAndMistypedKeysAreReportedTogether) {
    TempDir t;
    std::string p = t.write("c.yaml", R"(instances:
  src:
    use: c_source
    config:
      count: lots
      colour: blue
  sink:
    use: c_sink
    config:
      fail_every: [1, 2]
)");
    auto c = check_config(p);
    ASSERT_EQ(c.diags.items().size(), 3u) << c.diags.str();
    std::string e = c.diags.str();
    EXPECT_NE(e.find(p + ":5:14: src.config.count: expected an integer, got 'lots'"), std::string::npos) << e;
    EXPECT_NE(e.find(p + ":6:7: unknown config key 'colour' for plugin 'c_source' (known: count, per_tick, symbol)"),
              std::string::npos)
        << e;
    EXPECT_NE(e.find(p + ":10:19: sink.config.fail_every: expected a int, got a list"), std::string::npos) << e;
}

TEST(Config, OutOfRangeValueIsAnError) {
    TempDir t;
    std::string p = t.write("c.yaml", "instances:\n  src:\n    use: c_source\n    config:\n      per_tick: 0\n");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(":5:17: src.config.per_tick: must be between 1 and"), std::string::npos) << e;
}

TEST(Config, UnknownTopLevelAndHostKeys) {
    TempDir t;
    std::string p = t.write("c.yaml", "hots:\n  journal: x\nhost:\n  jurnal: y\n");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(p + ":1:1: unknown key 'hots' in the top level"), std::string::npos) << e;
    EXPECT_NE(e.find(p + ":4:3: unknown key 'jurnal' in host"), std::string::npos) << e;
}

TEST(Config, EdgeBetweenDifferentEventTypes) {
    TempDir t;
    // abi_newer_minor takes quotes; a c_source's quotes into it is fine, but its quote
    // output into an input of another type is not: use c_sink (any) as the fine case and a
    // mismatched pair through the plugins' declared types.
    std::string p = t.write("c.yaml", R"(instances:
  src:
    use: c_source
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
    auto ok = check_config(p);
    EXPECT_TRUE(ok.diags.ok()) << ok.diags.str();
    REQUIRE_PLUGINS("sma_cross");
    std::string p2 = t.write("c2.yaml", R"(instances:
  src:
    use: c_source
  strat:
    use: sma_cross
edges:
  - from: src.quotes
    to: strat.fills
)");
    std::string e = errors_of(p2);
    EXPECT_NE(e.find(p2 + ":7:5: edge src.quotes -> strat.fills joins different event types: quote to fill"),
              std::string::npos)
        << e;
}

TEST(Config, UnknownPortsListWhatExists) {
    TempDir t;
    std::string p = t.write("c.yaml", R"(instances:
  src:
    use: c_source
  sink:
    use: c_sink
edges:
  - from: src.trades
    to: sink.input
)");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(p + ":7:11: 'src' (c_source) has no output port 'trades' (outputs: quotes (quote))"), std::string::npos) << e;
    EXPECT_NE(e.find(p + ":8:9: 'sink' (c_sink) has no input port 'input' (inputs: in (any))"), std::string::npos) << e;
}

TEST(Config, CycleWithoutFeedbackEdgeIsRefused) {
    TempDir t;
    std::string p = t.write("c.yaml", R"(instances:
  a:
    use: newer_minor
  b:
    use: newer_minor
edges:
  - from: a.out
    to: b.quotes
  - from: b.out
    to: a.quotes
)");
    std::string e = errors_of(p);
    EXPECT_NE(e.find("cycle a -> b -> a has no feedback edge"), std::string::npos) << e;
    std::string p2 = t.write("c2.yaml", R"(instances:
  a:
    use: newer_minor
  b:
    use: newer_minor
edges:
  - from: a.out
    to: b.quotes
  - from: b.out
    to: a.quotes
    feedback: true
)");
    EXPECT_TRUE(check_config(p2).diags.ok()) << errors_of(p2);
}

TEST(Config, OrderFlowCannotUseALossyPolicy) {
    REQUIRE_PLUGINS("paper", "sma_cross");
    TempDir t;
    std::string p = t.write("c.yaml", R"(instances:
  s:
    use: sma_cross
  v:
    use: paper
edges:
  - from: s.orders
    to: v.orders
    backpressure: drop_newest
)");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(":9:19: edge carries order_request events, which are never dropped"), std::string::npos) << e;
}

TEST(Config, EnvironmentSubstitution) {
    TempDir t;
    ::setenv("TH_TEST_COUNT", "7", 1);
    ::unsetenv("TH_TEST_UNSET");
    std::string p = t.write("c.yaml", R"(instances:
  src:
    use: c_source
    config:
      count: ${TH_TEST_COUNT}
      symbol: ${TH_TEST_UNSET:-FALLBACK}
)");
    auto c = check_config(p);
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    int64_t n = 0;
    detail::cfg_get_int(c.plan.instances[0].config.get(), "count", &n);
    EXPECT_EQ(n, 7);
    const char* sym = nullptr;
    detail::cfg_get_string(c.plan.instances[0].config.get(), "symbol", &sym);
    EXPECT_STREQ(sym, "FALLBACK");
    std::string p2 = t.write("c2.yaml", "instances:\n  src:\n    use: c_source\n    config:\n      symbol: ${TH_TEST_UNSET}\n");
    std::string e = errors_of(p2);
    EXPECT_NE(e.find(p2 + ":5:15: src.config.symbol: environment variable TH_TEST_UNSET is not set"), std::string::npos) << e;
    std::string out, err;
    EXPECT_TRUE(substitute_env("cost $$5", out, err));
    EXPECT_EQ(out, "cost $5");
    EXPECT_FALSE(substitute_env("${OPEN", out, err));
}

TEST(Config, OverlayEnablesDisablesAndOverrides) {
    TempDir t;
    t.write("base.yaml", R"(host:
  journal: var/base.db
instances:
  src:
    use: c_source
    config:
      count: 5
      symbol: BASE
  sink:
    use: c_sink
  extra:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
  - from: src.quotes
    to: extra.in
)");
    std::string p = t.write("deploy.yaml", R"(extends: base.yaml
host:
  journal: var/deploy.db
instances:
  src:
    config:
      count: 9
  extra:
    enabled: false
)");
    auto c = check_config(p);
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    EXPECT_EQ(c.dep.host.journal, "var/deploy.db");
    ASSERT_EQ(c.plan.instances.size(), 2u);
    ASSERT_EQ(c.plan.edges.size(), 1u);  // the disabled instance's edge is gone
    int64_t n = 0;
    detail::cfg_get_int(c.plan.instances[0].config.get(), "count", &n);
    EXPECT_EQ(n, 9);
    const char* sym = nullptr;
    detail::cfg_get_string(c.plan.instances[0].config.get(), "symbol", &sym);
    EXPECT_STREQ(sym, "BASE");
}

TEST(Config, MissingBaseFileAndExtendsCycle) {
    TempDir t;
    std::string p = t.write("d.yaml", "extends: nowhere.yaml\n");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(p + ":1:10: config file"), std::string::npos) << e;
    EXPECT_NE(e.find("does not exist"), std::string::npos) << e;
    t.write("a.yaml", "extends: b.yaml\n");
    std::string b = t.write("b.yaml", "extends: a.yaml\n");
    e = errors_of(b);
    EXPECT_NE(e.find("extends cycle"), std::string::npos) << e;
}

TEST(Config, EdgeToUnknownInstance) {
    TempDir t;
    std::string p = t.write("c.yaml", "instances:\n  src:\n    use: c_source\nedges:\n  - from: src.quotes\n    to: ghost.in\n");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(p + ":6:9: edge to unknown instance 'ghost'"), std::string::npos) << e;
}

TEST(Config, PluginFileByPathMissingOrBuiltForAnotherAbi) {
    TempDir t;
    std::string p = t.write("c.yaml", "instances:\n  a:\n    use: /nonexistent/th_gone.so\n  b:\n    use: " +
                                          std::string(TEST_PLUGIN_DIR) + "/th_abi_next_major.so\n  c:\n    use: " +
                                          std::string(TEST_PLUGIN_DIR) + "/th_c_sink.so\n");
    auto c = check_config(p);
    ASSERT_EQ(c.diags.items().size(), 2u) << c.diags.str();
    std::string e = c.diags.str();
    EXPECT_NE(e.find(p + ":3:10: plugin file '/nonexistent/th_gone.so' does not exist"), std::string::npos) << e;
    EXPECT_NE(e.find(p + ":5:10: "), std::string::npos) << e;
    EXPECT_NE(e.find("plugin was built for tradehost ABI 2.0, but this host supports ABI 1.3"), std::string::npos) << e;
}

// Inputs that once aborted the host or passed validate and failed later: each is now a
// located error before anything starts.
TEST(Config, ADirectoryAsConfigOrBaseIsAnError) {
    TempDir t;
    std::string e = errors_of(t.path());
    EXPECT_NE(e.find("is a directory, not a YAML file"), std::string::npos) << e;
    std::string p = t.write("over.yaml", "extends: " + t.path() + "\n");
    e = errors_of(p);
    EXPECT_NE(e.find(p + ":1:10: config file '" + t.path() + "' is a directory"), std::string::npos) << e;
}

TEST(Config, AJournalThatIsNotAFileIsAnError) {
    TempDir t;
    for (const char* bad : {"\"\"", "\":memory:\"", "file:x.db?mode=memory"}) {
        std::string good = kGood;
        std::string cfg = "host:\n  journal: " + std::string(bad) + good.substr(good.find('\n'));
        std::string e = errors_of(t.write("j.yaml", cfg));
        EXPECT_NE(e.find("j.yaml:2:12: host.journal: expected the path of a file"), std::string::npos) << bad << "\n" << e;
    }
    std::string good = kGood;
    std::string e = errors_of(t.write("d.yaml", "host:\n  journal: " + t.path() + good.substr(good.find('\n'))));
    EXPECT_NE(e.find("d.yaml:2:12: host.journal: '" + t.path() + "' is a directory"), std::string::npos) << e;
}

TEST(Config, DuplicateKeysAreErrorsWithBothLocations) {
    TempDir t;
    std::string p = t.write("dup.yaml", R"(host:
  journal: a.db
  journal: b.db
instances:
  src:
    use: c_source
    config:
      count: 5
      count: 6
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
)");
    std::string e = errors_of(p);
    EXPECT_NE(e.find(p + ":3:3: duplicate key 'journal' (first at " + p + ":2:3)"), std::string::npos) << e;
    EXPECT_NE(e.find(p + ":9:7: duplicate key 'count' (first at " + p + ":8:7)"), std::string::npos) << e;
}

TEST(Config, ValuesFromTheEnvironmentAreNeverEchoed) {
    TempDir t;
    ::setenv("TH_TEST_SECRET_VALUE", "hunter2-do-not-print", 1);
    std::string p = t.write("env.yaml", R"(host:
  journal: var/test.db
  summary: ${TH_TEST_SECRET_VALUE}
  api:
    listen: ${TH_TEST_SECRET_VALUE}
instances:
  src:
    use: c_source
    config:
      count: ${TH_TEST_SECRET_VALUE}
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
)");
    std::string e = errors_of(p);
    // Plugin keys are checked once the host section is valid.
    std::string good = kGood;
    good.replace(good.find("count: 5"), 8, "count: ${TH_TEST_SECRET_VALUE}");
    std::string q = t.write("env2.yaml", good);
    std::string e2 = errors_of(q);
    ::unsetenv("TH_TEST_SECRET_VALUE");
    EXPECT_EQ(e.find("hunter2"), std::string::npos) << e;
    EXPECT_NE(e.find(p + ":3:12: host.summary: expected true or false, got the value of ${TH_TEST_SECRET_VALUE} (not shown)"),
              std::string::npos) << e;
    EXPECT_NE(e.find(p + ":5:13: host.api.listen:"), std::string::npos) << e;
    EXPECT_EQ(e2.find("hunter2"), std::string::npos) << e2;
    EXPECT_NE(e2.find(q + ":7:14: src.config.count: invalid int from ${TH_TEST_SECRET_VALUE} (the value is not shown)"),
              std::string::npos) << e2;
}

TEST(Config, ListenAddressesAreCheckedAsRunBindsThem) {
    TempDir t;
    auto listen = [&](const std::string& v) {
        std::string good = kGood;
        return errors_of(t.write("l.yaml", "host:\n  api:\n    listen: \"" + v + "\"" + good.substr(good.find('\n'))));
    };
    EXPECT_EQ(listen("[::1]:0"), "");
    EXPECT_EQ(listen("127.0.0.1:9464"), "");
    EXPECT_EQ(listen("9464"), "");
    EXPECT_NE(listen("localhost:9464").find("'localhost' is not an IP address (host names are not resolved"), std::string::npos);
    EXPECT_NE(listen("::1:9464").find("write an IPv6 address in brackets"), std::string::npos);
    EXPECT_NE(listen("127.0.0.1:70000").find("expected IP:PORT"), std::string::npos);
    EXPECT_NE(listen("[nope]:1").find("'nope' is not an IPv6 address"), std::string::npos);
}
