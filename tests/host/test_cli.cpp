// The tradehost executable as an operator uses it: exit codes, messages, help, JSON.
#include "test_util.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

using tradehost::test::run_cli;
using tradehost::test::TempDir;

namespace {
const std::string kPath = std::string("--plugin-path ") + TEST_PLUGIN_DIR;
const std::string kEnv = std::string("TRADEHOST_PLUGIN_PATH=") + TEST_PLUGIN_DIR;

// A C source that never finishes feeding a C sink, journaling under `dir`; `api` is the body
// of host.api (indented four spaces).
std::string endless_pipeline(const std::string& dir, const std::string& api) {
    return "host:\n  journal: " + dir + "/j.db\n  api:\n" + api +
           "instances:\n  src:\n    use: c_source\n    config: {count: 1000000000000, per_tick: 10}\n"
           "  sink:\n    use: c_sink\nedges:\n  - from: src.quotes\n    to: sink.in\n";
}
}  // namespace

TEST(Cli, HelpForEveryCommand) {
    for (const char* cmd : {"--help", "run --help", "validate --help", "plugins --help", "inspect --help", "order --help"}) {
        auto r = run_cli(cmd);
        EXPECT_EQ(r.code, 0) << cmd;
        EXPECT_NE(r.out.find("usage: tradehost"), std::string::npos) << cmd << ": " << r.out;
    }
    auto r = run_cli("frobnicate");
    EXPECT_EQ(r.code, 64);
    EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST(Cli, ValidatePrintsEveryErrorWithLocationAndFails) {
    TempDir t;
    std::string p = t.write("bad.yaml", R"(instances:
  src:
    use: c_source
    config:
      count: many
  x:
    use: nope
)");
    auto r = run_cli("validate " + p, kEnv);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(p + ":5:14: src.config.count: expected an integer"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(p + ":7:10: unknown plugin 'nope'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("2 error(s); nothing was started"), std::string::npos) << r.err;
}

TEST(Cli, MalformedYamlFailsRunWithoutCreatingAJournal) {
    TempDir t;
    std::string p = t.write("bad.yaml", "host:\n  journal: " + t.path() + "/j.db\ninstances: {a: [\n");
    auto r = run_cli("run " + p, kEnv);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("malformed YAML"), std::string::npos) << r.err;
    EXPECT_TRUE(tradehost::test::read_file(t.path() + "/j.db").empty());
}

TEST(Cli, RunPrintsASummaryAndExitsZero) {
    TempDir t;
    std::string p = t.write("ok.yaml", "host:\n  journal: " + t.path() + R"(/j.db
  api:
    listen: 127.0.0.1:0
instances:
  src:
    use: c_source
    config: {count: 300}
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
)");
    auto r = run_cli("run " + p, kEnv);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("events published: 300"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("orders: 0  rejects: 0  fills: 0"), std::string::npos) << r.out;
}

TEST(Cli, RunWithAPluginThatFailsCreateExitsNonZero) {
    TempDir t;
    std::string p = t.write("c.yaml", "host:\n  journal: " + t.path() + "/j.db\n  api:\n    enabled: false\ninstances:\n  b:\n    use: create_fails\n");
    auto r = run_cli("run " + p, kEnv);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("create failed (i/o error): cannot reach the venue"), std::string::npos) << r.err;
}

// A file that fails to load fails the command (exit 2), so a check after an install
// (`tradehost plugins && ...`) stops; --list-only only lists.
TEST(Cli, PluginsListsFailuresWithReasonsAndExitsNonZero) {
    auto r = run_cli("plugins " + kPath);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("c_source"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("FAILED"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ABI 2.0"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("failed to load (--list-only to exit 0 anyway)"), std::string::npos) << r.err;
    auto j = run_cli("plugins --json " + kPath);
    EXPECT_EQ(j.code, 2);
    EXPECT_NE(j.out.find("\"failed\""), std::string::npos) << j.out;
    auto listed = run_cli("plugins --list-only " + kPath);
    EXPECT_EQ(listed.code, 0) << listed.err;
    EXPECT_NE(listed.out.find("FAILED"), std::string::npos) << listed.out;
    EXPECT_EQ(run_cli("plugins --json --list-only " + kPath).code, 0);
}

// The packaged host's help names the installed paths (the man page is made from it);
// a build tree's names the repository's.
TEST(Cli, HelpNamesThePathsOfTheLayoutItRunsIn) {
    auto installed = run_cli("--help", "TRADEHOST_LAYOUT=system");
    ASSERT_EQ(installed.code, 0);
    for (const char* want : {"Deployments are in /etc/tradehost", "systemctl start tradehost@paper",
                             "then /usr/lib/tradehost/plugins, then /usr/local/lib/tradehost/plugins",
                             "journals to /var/lib/tradehost/journal.db", "/usr/share/doc/tradehost/docs/operator-guide.md"})
        EXPECT_NE(installed.out.find(want), std::string::npos) << want << "\n" << installed.out;
    auto tree = run_cli("--help", "TRADEHOST_LAYOUT=tree");
    EXPECT_NE(tree.out.find("Docs: README.md, config/README.md"), std::string::npos) << tree.out;
    EXPECT_NE(tree.out.find("journals to var/journal.db"), std::string::npos) << tree.out;
    EXPECT_EQ(tree.out.find("/etc/tradehost"), std::string::npos) << tree.out;
}

// Under systemd (StateDirectory= sets STATE_DIRECTORY) a deployment without host.journal
// journals in the service's state directory, wherever the process was started.
TEST(Cli, DefaultJournalIsInTheStateDirectory) {
    TempDir t;
    std::string p = t.write("nojournal.yaml", R"(host:
  api: {enabled: false}
instances:
  src: {use: c_source, config: {count: 20}}
  sink: {use: c_sink}
edges:
  - {from: src.quotes, to: sink.in}
)");
    auto r = run_cli("run " + p, kEnv + " STATE_DIRECTORY=" + t.path() + "/state");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("journal: " + t.path() + "/state/journal.db"), std::string::npos) << r.out;
    EXPECT_TRUE(std::filesystem::exists(t.path() + "/state/journal.db"));
}

TEST(Cli, InspectShowsPortsAndSchemaAsJson) {
    auto r = run_cli("inspect c_source --json " + kPath);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("\"name\": \"c_source\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"abi_version\": \"1.3\""), std::string::npos);
    EXPECT_NE(r.out.find("\"kind\": \"feed\""), std::string::npos);
    EXPECT_NE(r.out.find("\"event_type\": \"quote\""), std::string::npos);
    EXPECT_NE(r.out.find("\"key\": \"per_tick\""), std::string::npos);
    auto text = run_cli("inspect c_sink " + kPath);
    EXPECT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("fail_every"), std::string::npos) << text.out;
    auto bad = run_cli(std::string("inspect ") + TEST_PLUGIN_DIR + "/th_abi_next_major.so");
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("built for tradehost ABI 2.0, but this host supports ABI 1.3"), std::string::npos) << bad.err;
    auto unknown = run_cli("inspect nope " + kPath);
    EXPECT_EQ(unknown.code, 2);
}

// `inspect exchange` names every registered dialect: the `exchange` key's doc and the
// description are built from the adapter's dialect registry.
TEST(Cli, InspectExchangeNamesEveryDialect) {
    REQUIRE_PLUGINS("exchange");
    const std::string env = std::string("TRADEHOST_PLUGIN_PATH=") + PLUGIN_DIR;
    auto r = run_cli("inspect exchange", env);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("which exchange's dialect to speak: one of binance, coinbase, kraken"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("one dialect per exchange (binance, coinbase, kraken)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("default_tif"), std::string::npos) << r.out;
}

// Without --tif, `tradehost order` sends the broker's default time in force: gtc through the
// exchange adapter (which refuses day on a limit order), day through a broker that declares
// none. The journal shows what was sent; the unreachable venue then refuses the order.
TEST(Cli, OrderWithoutTifTakesTheBrokersDefault) {
    REQUIRE_PLUGINS("exchange", "paper", "order_ticket");
    TempDir t;
    std::string p = t.write("venues.yaml", "host:\n  journal: " + t.path() + R"(/j.db
  log:
    level: warn
instances:
  crypto:
    use: exchange
    config:
      exchange: binance
      rest_url: http://127.0.0.1:1
      user_stream_url: ws://127.0.0.1:1
      key_env: TH_TEST_ORDER_KEY
      secret_env: TH_TEST_ORDER_SECRET
  venue:
    use: paper
)");
    const std::string env = std::string("TRADEHOST_PLUGIN_PATH=") + PLUGIN_DIR +
                            " TH_TEST_ORDER_KEY=fake-key TH_TEST_ORDER_SECRET=fake-secret";
    auto r = run_cli("order " + p + " --instance crypto buy BTCUSDT 0.001 --limit 50000 --id tif-1 --timeout 5", env);
    EXPECT_EQ(r.code, 1) << r.out << r.err;  // nothing listens on the venue's port
    EXPECT_NE(r.out.find("exec_type=REJECTED"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("time in force"), std::string::npos) << r.out;  // refused for the venue, not the tif
    auto e = run_cli("order " + p + " --instance venue buy AAPL 1 --limit 10 --id tif-2", env);
    EXPECT_EQ(e.code, 0) << e.out << e.err;

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((t.path() + "/j.db").c_str(), &db), SQLITE_OK);
    auto tif_of = [&](const char* id) {
        sqlite3_stmt* st = nullptr;
        std::string out;
        const std::string q = std::string("select tif from orders where client_order_id='") + id + "'";
        if (sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        return out;
    };
    EXPECT_EQ(tif_of("tif-1"), "gtc");
    EXPECT_EQ(tif_of("tif-2"), "day");
    sqlite3_close(db);

    // An explicit --tif day reaches the exchange adapter, which says what Binance takes.
    auto d = run_cli("order " + p + " --instance crypto buy BTCUSDT 0.001 --limit 50000 --tif day --id tif-3 --timeout 5",
                     env);
    EXPECT_EQ(d.code, 1);
    EXPECT_NE(d.out.find("exec_type=REJECTED"), std::string::npos) << d.out;
}

TEST(Cli, InspectShowsDeclaredConfigRanges) {
    // c_source declares per_tick in [1, 1e9] and count in [0, 1e12]; symbol has no range.
    auto text = run_cli("inspect c_source " + kPath);
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("[1, 1000000000]"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("[0, 1000000000000]"), std::string::npos) << text.out;
    auto json = run_cli("inspect c_source --json " + kPath);
    ASSERT_EQ(json.code, 0) << json.err;
    EXPECT_NE(json.out.find("\"min\": \"1\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"max\": \"1000000000\""), std::string::npos) << json.out;
    EXPECT_NE(json.out.find("\"range\": ["), std::string::npos) << json.out;
}

TEST(Cli, InspectShowsDurationRangesInUnits) {
    REQUIRE_PLUGINS("synthetic");
    // Durations read as an operator writes them (synthetic's interval: 1 ns .. 1e16 ns).
    auto dur = run_cli(std::string("inspect ") + PLUGIN_DIR + "/th_synthetic.so");
    ASSERT_EQ(dur.code, 0) << dur.err;
    EXPECT_NE(dur.out.find("[1ns, 10000000s]"), std::string::npos) << dur.out;
}

TEST(Cli, NewPluginWritesACProjectOrSaysWhyNot) {
    // Building and testing the C projects is sdk.c_plugins; this checks the command itself.
    TempDir t;
    const std::string dir = t.path() + "/c_model";
    auto r = run_cli("new-plugin c_model --kind model --lang c --dir " + dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("wrote C model plugin 'c_model'"), std::string::npos) << r.out;
    for (const char* f : {"/CMakeLists.txt", "/README.md", "/src/c_model.c", "/tests/test_c_model.c", "/tests/check.h"})
        EXPECT_TRUE(std::filesystem::exists(dir + f)) << f;
    std::ifstream src(dir + "/src/c_model.c");
    std::string text((std::istreambuf_iterator<char>(src)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(".snapshot = model_snapshot"), std::string::npos);
    EXPECT_EQ(text.find("{{"), std::string::npos) << "a placeholder was left unfilled";

    auto broker = run_cli("new-plugin c_broker --kind broker --lang c --dir " + t.path() + "/b");
    EXPECT_EQ(broker.code, 64);
    EXPECT_NE(broker.err.find("feed, model and sink"), std::string::npos) << broker.err;
    auto lang = run_cli("new-plugin x --kind sink --lang rust --dir " + t.path() + "/x");
    EXPECT_EQ(lang.code, 64);
    EXPECT_NE(lang.err.find("--lang must be cpp or c, not 'rust'"), std::string::npos) << lang.err;
}

TEST(Cli, SigtermStopsCleanlyAndFlushesTheJournal) {
    TempDir t;
    std::string p = t.write("endless.yaml", endless_pipeline(t.path(), "    enabled: false\n"));
    // Start in the background, wait until it runs (up to a minute: a sanitizer build on a
    // loaded machine takes seconds to load every plugin), let it publish, then SIGTERM it
    // and wait for its exit code.
    const std::string err = t.path() + "/err";
    std::string cmd = kEnv + " " + std::string(TRADEHOST_EXE) + " run " + p + " >" + t.path() + "/out 2>" + err +
                      " & pid=$!; i=0; while [ $i -lt 600 ] && ! grep -q \"running .* instances\" " + err +
                      "; do sleep 0.1; i=$((i+1)); done; sleep 0.3; kill -TERM $pid; wait $pid";
    int rc = std::system(("sh -c '" + cmd + "'").c_str());
    ASSERT_TRUE(WIFEXITED(rc));
    EXPECT_EQ(WEXITSTATUS(rc), 0) << tradehost::test::read_file(t.path() + "/err");
    std::string out = tradehost::test::read_file(t.path() + "/out");
    EXPECT_NE(out.find("finished in"), std::string::npos) << out;
    EXPECT_NE(tradehost::test::read_file(t.path() + "/err").find("stop requested"), std::string::npos);
    // The session row was closed: ended_at is set only by a clean shutdown.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2((t.path() + "/j.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sessions WHERE ended_at IS NOT NULL AND events > 0", -1, &st, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

// `tradehost order` through the paper venue: the operator's smoke test of a broker instance.
TEST(Cli, OrderSendsOneOrderThroughABrokerAndPrintsTheAnswer) {
    REQUIRE_PLUGINS("paper", "order_ticket");
    TempDir t;
    std::string p = t.write("venue.yaml", "host:\n  journal: " + t.path() + R"(/j.db
  log:
    level: warn
instances:
  venue:
    use: paper
  feed:
    use: synthetic
    config:
      instruments: [AAPL]
edges:
  - from: feed.quotes
    to: venue.quotes
)");
    const std::string env = std::string("TRADEHOST_PLUGIN_PATH=") + PLUGIN_DIR;
    auto r = run_cli("order " + p + " --instance venue buy AAPL 10 --limit 187.5 --id ops-1", env);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("exec_type=NEW client_order_id=ops-1 venue_order_id=", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("symbol=AAPL cum_qty=0 leaves_qty=10"), std::string::npos) << r.out;
    // Journaled like any order.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((t.path() + "/j.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "select instrument, side, qty from orders where client_order_id='ops-1'", -1, &st, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "AAPL");
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)), "buy");
    sqlite3_finalize(st);
    sqlite3_close(db);

    // The venue's refusal is printed with its reason and fails the command.
    auto c = run_cli("order " + p + " --instance venue cancel no-such-order", env);
    EXPECT_EQ(c.code, 1);
    EXPECT_NE(c.out.find("exec_type=REJECTED"), std::string::npos) << c.out;
    EXPECT_NE(c.out.find("reason=\"unknown order no-such-order\""), std::string::npos) << c.out;

    // Not a broker, unknown instance, bad usage.
    auto nb = run_cli("order " + p + " --instance feed buy AAPL 1", env);
    EXPECT_EQ(nb.code, 2);
    EXPECT_NE(nb.err.find("instance 'feed' (plugin synthetic) is not a broker"), std::string::npos) << nb.err;
    auto ni = run_cli("order " + p + " --instance nope buy AAPL 1", env);
    EXPECT_EQ(ni.code, 2);
    EXPECT_NE(ni.err.find("has no enabled instance 'nope'"), std::string::npos) << ni.err;
    auto u = run_cli("order " + p + " --instance venue hold AAPL 1", env);
    EXPECT_EQ(u.code, 64);
    EXPECT_NE(u.err.find("'hold' is not buy, sell or cancel"), std::string::npos) << u.err;
    auto q = run_cli("order " + p + " --instance venue buy AAPL 0", env);
    EXPECT_EQ(q.code, 1);  // the ticket refuses qty 0 at create: the run fails, no answer
}

// `tradehost reload` against a host that requires tokens: refused without one, queued with
// the control token from $TRADEHOST_API_TOKEN (or the variable --token-env names).
TEST(Cli, ReloadSendsTheControlTokenFromTheEnvironment) {
    TempDir t;
    std::string p = t.write("endless.yaml", endless_pipeline(t.path(), "    listen: 127.0.0.1:0\n    token_env: TH_TEST_RELOAD_TOKEN\n"));
    const std::string token = "reload-test-token-0123456789";
    // The child inherits the token's variable and the test plugins' path.
    const char* was = std::getenv("TRADEHOST_PLUGIN_PATH");
    const std::string plugin_path = was ? was : "";
    ::setenv("TH_TEST_RELOAD_TOKEN", token.c_str(), 1);
    ::setenv("TRADEHOST_PLUGIN_PATH", TEST_PLUGIN_DIR, 1);
    const std::string log = t.path() + "/host.log";
    const pid_t pid = tradehost::test::spawn_run(p, log);
    ::unsetenv("TH_TEST_RELOAD_TOKEN");
    if (was) ::setenv("TRADEHOST_PLUGIN_PATH", plugin_path.c_str(), 1);
    else ::unsetenv("TRADEHOST_PLUGIN_PATH");
    ASSERT_GT(pid, 0);
    const std::string marker = "on http://127.0.0.1:";
    std::string err;
    tradehost::test::wait_for([&] { return (err = tradehost::test::read_file(log)).find(marker) != std::string::npos; }, 60000);
    const size_t at = err.find(marker);
    ASSERT_NE(at, std::string::npos) << err;
    const std::string api = "127.0.0.1:" + std::to_string(std::stoi(err.substr(at + marker.size())));
    auto refused = run_cli("reload sink --api " + api, "TRADEHOST_API_TOKEN=");
    EXPECT_NE(refused.code, 0);
    EXPECT_NE(refused.out.find("needs a token"), std::string::npos) << refused.out << refused.err;
    auto wrong = run_cli("reload sink --api " + api, "TRADEHOST_API_TOKEN=not-the-token-0123456789");
    EXPECT_NE(wrong.out.find("not valid"), std::string::npos) << wrong.out;
    auto queued = run_cli("reload sink --api " + api + " --token-env TH_TEST_RELOAD_TOKEN", "TH_TEST_RELOAD_TOKEN=" + token);
    EXPECT_EQ(queued.code, 0) << queued.out << queued.err;
    EXPECT_NE(queued.out.find("reload of 'sink' queued"), std::string::npos) << queued.out;
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
    // The log names the refusals and never the token.
    err = tradehost::test::read_file(log);
    EXPECT_NE(err.find("refused POST /reload"), std::string::npos) << err;
    EXPECT_EQ(err.find(token), std::string::npos);
    EXPECT_EQ(err.find("not-the-token"), std::string::npos);
}
