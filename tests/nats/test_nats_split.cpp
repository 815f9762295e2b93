// The default paper deployment split across two host processes that talk through a real
// nats-server on loopback (started here, with JetStream and a store in a temp folder):
// the same fills as one process; a downstream host killed and restarted mid-run loses and
// duplicates nothing; the NATS server restarting mid-run is survived.
#include "../host/test_util.hpp"
#include "nats_server.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

using namespace tradehost;

namespace {


int finish(pid_t pid, int sig) {
    if (sig) ::kill(pid, sig);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string rows(const std::string& db, const std::string& sql) {
    std::string out;
    for (const auto& r : test::query(db, sql)) {
        for (const auto& c : r) out += c + "|";
        out += "\n";
    }
    return out;
}

int64_t count(const std::string& db, const std::string& sql) {
    auto r = test::query(db, sql);
    return r.empty() || r[0].empty() ? -1 : std::stoll(r[0][0]);
}

// A host of the split: the paper deployment with `disabled` instances off, `edges` moved
// onto NATS, its own journal and API port.
std::string host_config(const test::TempDir& t, const std::string& name, const std::string& url, int api_port,
                        const std::string& feed, const std::string& disabled, const std::string& edges) {
    std::string y = "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  journal: " + t.path() + "/" + name +
                    ".db\n  api: {listen: 127.0.0.1:" + std::to_string(api_port) + "}\n  log: {level: info, file: \"\"}\n" +
                    "  nats: {url: " + url + "}\ninstances:\n";
    for (const char* name : {"feed", "strategy", "risk", "venue"}) {
        const bool off = ("," + disabled + ",").find(std::string(",") + name + ",") != std::string::npos;
        const bool is_feed = std::string(name) == "feed";
        if (!off && !is_feed) continue;
        y += std::string("  ") + name + ": {" + (off ? "enabled: false" : "") + (off && is_feed ? ", " : "") +
             (is_feed ? "config: " + feed : "") + "}\n";
    }
    return t.write(name + ".yaml", y + "edges:\n" + edges);
}

// feed | strategy, risk, venue: the quotes cross on core NATS, one subject read once by the
// downstream host and delivered to its three ports in the config's order.
const char* kQuoteEdges = "  - {from: feed.quotes, to: venue.quotes, transport: nats, subject: paper.quotes}\n"
                          "  - {from: feed.quotes, to: risk.quotes, transport: nats, subject: paper.quotes}\n"
                          "  - {from: feed.quotes, to: strategy.quotes, transport: nats, subject: paper.quotes}\n";

// feed, strategy, risk | venue: orders one way, reports, fills and positions back, all on
// JetStream; the venue's quotes on core NATS.
const char* kOrderFlowEdges =
    "  - {from: feed.quotes, to: venue.quotes, transport: nats, subject: paper.quotes}\n"
    "  - {from: risk.orders, to: venue.orders, transport: nats, subject: paper.orders}\n"
    "  - {from: venue.exec_reports, to: strategy.exec_reports, transport: nats, subject: paper.reports}\n"
    "  - {from: venue.exec_reports, to: risk.exec_reports, transport: nats, subject: paper.reports}\n"
    "  - {from: venue.fills, to: strategy.fills, transport: nats, subject: paper.fills}\n"
    "  - {from: venue.fills, to: risk.fills, transport: nats, subject: paper.fills}\n"
    "  - {from: venue.positions, to: strategy.positions, transport: nats, subject: paper.positions}\n"
    "  - {from: venue.positions, to: risk.positions, transport: nats, subject: paper.positions}\n";

// Orders the upstream host sent to the venue: the strategy's, less those its risk gate
// rejected (those never leave the host).
int64_t orders_sent(const std::string& up_db) {
    return count(up_db, "SELECT COUNT(*) FROM orders") -
           count(up_db, "SELECT COUNT(*) FROM executions WHERE source='risk' AND exec_type='rejected'");
}

// Orders the venue took in (its first report on each: accepted or rejected).
const char* kVenueTook =
    "SELECT COUNT(DISTINCT client_order_id) FROM executions WHERE source='venue' AND exec_type IN ('new','rejected')";
const char* kVenueTookRows = "SELECT COUNT(*) FROM executions WHERE source='venue' AND exec_type IN ('new','rejected')";

// The checks after a JetStream run with trouble: every order the upstream sent reached the
// venue exactly once, and every fill is journaled once.
void expect_exactly_once(const std::string& up, const std::string& down, const std::string& logs) {
    const int64_t sent = orders_sent(up);
    EXPECT_GT(sent, 5) << "too few orders to test anything\n" << logs;
    EXPECT_EQ(count(down, kVenueTook), sent) << "orders lost\n" << logs;
    EXPECT_EQ(count(down, kVenueTookRows), sent) << "orders applied twice\n" << logs;
    EXPECT_EQ(count(down, "SELECT COUNT(*) - COUNT(DISTINCT fill_id) FROM fills WHERE source='venue'"), 0);
    EXPECT_EQ(count(down, "SELECT COUNT(*) FROM executions WHERE reason LIKE '%duplicate%'"), 0) << logs;
    // The venue's position is the sum of its fills: no fill applied twice to its state.
    EXPECT_EQ(count(down, "SELECT COUNT(*) FROM positions p WHERE p.source='venue' AND p.qty_raw <> "
                          "(SELECT COALESCE(SUM(CASE f.side WHEN 'buy' THEN f.qty_raw ELSE -f.qty_raw END), 0) FROM fills f "
                          " WHERE f.source='venue' AND f.instrument=p.instrument)"),
              0);
}

class NatsSplit : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* p : {"synthetic", "sma_cross", "risk_gate", "paper"})
            if (!test::have_plugin(p)) GTEST_SKIP() << "plugin " << p << " not built";
        server_ = std::make_unique<test::NatsServer>(t_.path());
        ASSERT_EQ(server_->error(), "");
    }
    std::string logs() const {
        return "--- up\n" + test::read_file(t_.path() + "/up.log") + "--- down\n" + test::read_file(t_.path() + "/down.log");
    }
    // Wait until the venue's host has taken in `want` orders, then stop it (SIGTERM).
    void drain_downstream(pid_t down, int64_t want) {
        const std::string db = t_.path() + "/down.db";
        test::wait_for([&] { return count(db, kVenueTook) >= want; }, 60000);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // anything extra shows as a duplicate
        EXPECT_EQ(finish(down, SIGTERM), 0) << logs();
    }
    test::TempDir t_;
    std::unique_ptr<test::NatsServer> server_;
};

}  // namespace

TEST_F(NatsSplit, TwoHostsGiveTheSameFillsAsOneProcess) {
    const std::string feed = "{count: 6000}";
    const std::string one = t_.write("one.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  journal: " +
                                                     t_.path() + "/one.db\n  api: {enabled: false}\n  log: {level: warn, file: \"\"}\n" +
                                                     "instances:\n  feed: {config: " + feed + "}\n");
    auto r = test::run_cli("run " + one);
    ASSERT_EQ(r.code, 0) << r.out << r.err;

    const int down_port = test::free_port();
    const std::string down = host_config(t_, "down", server_->url(), down_port, feed, "feed", kQuoteEdges);
    const std::string up = host_config(t_, "up", server_->url(), test::free_port(), feed, "strategy,risk,venue", kQuoteEdges);
    pid_t d = test::spawn_run(down, t_.path() + "/down.log");
    // The subscriber first: core NATS keeps nothing for a subscriber that is not there yet.
    ASSERT_TRUE(test::wait_for([&] {
        return test::http_get(down_port, "/metrics").find("tradehost_nats_subscriptions 1\n") != std::string::npos;
    })) << logs();
    pid_t u = test::spawn_run(up, t_.path() + "/up.log");
    ASSERT_EQ(finish(u, 0), 0) << logs();
    // Every quote reached each of the three ports.
    EXPECT_TRUE(test::wait_for(
        [&] {
            return test::http_get(down_port, "/metrics").find("tradehost_nats_delivered_total{edge=\"feed.quotes->strategy.quotes\"} 6000") !=
                   std::string::npos;
        },
        30000))
        << test::http_get(down_port, "/metrics") << logs();
    const std::string health = test::http_get(down_port, "/healthz");
    EXPECT_NE(health.find("\"nats\":{\"url\":\"" + server_->url() + "\",\"state\":\"connected\""), std::string::npos) << health;
    EXPECT_EQ(finish(d, SIGTERM), 0) << logs();

    const char* fills = "SELECT instrument, side, px_raw, qty_raw, fee_raw, ts FROM fills WHERE source='venue' ORDER BY ts, fill_id";
    const std::string expected = rows(t_.path() + "/one.db", fills);
    EXPECT_GT(count(t_.path() + "/one.db", "SELECT COUNT(*) FROM fills"), 10) << "too few fills to compare";
    EXPECT_EQ(rows(t_.path() + "/down.db", fills), expected);
    const char* orders = "SELECT client_order_id, instrument, side, qty_raw FROM orders ORDER BY client_order_id";
    EXPECT_EQ(rows(t_.path() + "/down.db", orders), rows(t_.path() + "/one.db", orders));
}

TEST_F(NatsSplit, OneHostWithBothEndsStillGoesThroughNats) {
    const std::string feed = "{count: 6000}";
    const std::string one = t_.write("one.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  journal: " +
                                                     t_.path() + "/one.db\n  api: {enabled: false}\n  log: {level: warn, file: \"\"}\n" +
                                                     "instances:\n  feed: {config: " + feed + "}\n");
    ASSERT_EQ(test::run_cli("run " + one).code, 0);
    const std::string both = host_config(t_, "both", server_->url(), test::free_port(), feed, "", kQuoteEdges);
    auto r = test::run_cli("run " + both);
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const char* fills = "SELECT instrument, side, px_raw, qty_raw, fee_raw, ts FROM fills WHERE source='venue' ORDER BY ts, fill_id";
    EXPECT_GT(count(t_.path() + "/one.db", "SELECT COUNT(*) FROM fills"), 10);
    EXPECT_EQ(rows(t_.path() + "/both.db", fills), rows(t_.path() + "/one.db", fills)) << r.out;
    // It went through the server: the quotes were published to it and came back.
    EXPECT_NE((r.out + r.err).find("nats: 3 edge(s) <- paper.quotes (core NATS)"), std::string::npos) << r.out << r.err;
}

TEST_F(NatsSplit, DownstreamKilledAndRestartedMidRunLosesAndDuplicatesNothing) {
    // The venue applies each order inside the delivery's journal unit and saves its state
    // there (committing the unit so far); the applied sequence is queued first in that unit,
    // so a kill at any moment leaves both or neither (a redelivered order once reached the
    // venue again under ASan and load when the sequence was written last).
    const std::string feed = "{count: 12000, rate: 4000}";  // about 3 s of quotes
    const std::string down = host_config(t_, "down", server_->url(), test::free_port(), feed, "feed,strategy,risk", kOrderFlowEdges);
    const std::string up = host_config(t_, "up", server_->url(), test::free_port(), feed, "venue", kOrderFlowEdges);
    pid_t d = test::spawn_run(down, t_.path() + "/down.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    pid_t u = test::spawn_run(up, t_.path() + "/up.log");
    // Kill the venue's host once it has taken orders, then start it again while the
    // upstream keeps sending.
    ASSERT_TRUE(test::wait_for([&] { return count(t_.path() + "/down.db", kVenueTook) >= 5; }, 20000)) << logs();
    EXPECT_EQ(finish(d, SIGKILL), 128 + SIGKILL);
    const int64_t before = count(t_.path() + "/down.db", kVenueTook);
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    d = test::spawn_run(down, t_.path() + "/down.log");
    ASSERT_EQ(finish(u, 0), 0) << logs();
    const std::string up_db = t_.path() + "/up.db";
    EXPECT_GT(orders_sent(up_db), before) << "the kill came after the last order: nothing was tested";
    drain_downstream(d, orders_sent(up_db));
    expect_exactly_once(up_db, t_.path() + "/down.db", logs());
    EXPECT_EQ(count(t_.path() + "/down.db", "SELECT COUNT(*) FROM sessions"), 2);
    // The restarted host resumed its durable consumer where the journal says it was.
    const std::string log = test::read_file(t_.path() + "/down.log");
    const std::string first = "durable paper_orders__venue_orders, applied through ";
    const size_t a = log.find(first), b = log.find(first, a + 1);
    ASSERT_NE(b, std::string::npos) << log;
    EXPECT_EQ(log.compare(a + first.size(), 2, "0)"), 0) << log.substr(a, 120);
    EXPECT_NE(log.compare(b + first.size(), 2, "0)"), 0) << log.substr(b, 120);
}

TEST_F(NatsSplit, TheNatsServerRestartingMidRunIsSurvived) {
    const std::string feed = "{count: 12000, rate: 4000}";
    const int down_port = test::free_port();
    const std::string down = host_config(t_, "down", server_->url(), down_port, feed, "feed,strategy,risk", kOrderFlowEdges);
    const std::string up = host_config(t_, "up", server_->url(), test::free_port(), feed, "venue", kOrderFlowEdges);
    pid_t d = test::spawn_run(down, t_.path() + "/down.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    pid_t u = test::spawn_run(up, t_.path() + "/up.log");
    ASSERT_TRUE(test::wait_for([&] { return count(t_.path() + "/down.db", kVenueTook) >= 5; }, 20000)) << logs();
    server_->stop();
    // The outage is visible, not silent: /healthz degraded, the metric at 0.
    EXPECT_TRUE(test::wait_for([&] {
        return test::http_get(down_port, "/healthz").find("\"state\":\"disconnected\"") != std::string::npos;
    }, 5000)) << test::http_get(down_port, "/healthz");
    EXPECT_NE(test::http_get(down_port, "/metrics").find("tradehost_nats_connected 0"), std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    ASSERT_TRUE(server_->start()) << server_->error();
    ASSERT_EQ(finish(u, 0), 0) << logs();
    drain_downstream(d, orders_sent(t_.path() + "/up.db"));
    expect_exactly_once(t_.path() + "/up.db", t_.path() + "/down.db", logs());
    EXPECT_NE(test::read_file(t_.path() + "/down.log").find("nats: disconnected from"), std::string::npos);
}

TEST(NatsStart, AJetStreamEdgeWithNoServerStopsTheStartWithTheReason) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    const std::string url = "nats://127.0.0.1:" + std::to_string(test::free_port());  // nothing listens
    const std::string cfg = host_config(t, "alone", url, test::free_port(), "{count: 100}", "venue", kOrderFlowEdges);
    auto r = test::run_cli("run " + cfg);
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    const std::string all = r.out + r.err;
    EXPECT_NE(all.find(cfg + ":6:15: nats: JetStream stream TH_paper_orders for subject paper.orders"), std::string::npos) << all;
    // Nothing ran, so nothing was journaled: the session was abandoned.
    EXPECT_FALSE(std::filesystem::exists(t.path() + "/alone.db")) << all;
}
