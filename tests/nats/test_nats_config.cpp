// `transport: nats` edges in the config: errors at file:line:col, and which end of an edge
// a host runs when the same file serves several hosts.
#include "../host/test_util.hpp"

#include <gtest/gtest.h>

using namespace tradehost;

namespace {

std::string paper_split(const std::string& instances, const std::string& edge_extra) {
    return "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  nats: {url: nats://127.0.0.1:4222}\n" +
           "instances:\n" + instances + "edges:\n  - {from: feed.quotes, to: venue.quotes" + edge_extra + "}\n";
}

}  // namespace

TEST(NatsConfig, ErrorsNameFileLineAndColumn) {
    test::TempDir t;
    const std::string f = t.write("bad.yaml", "host:\n  nats: {url: http://x:4222}\n"
                                              "instances:\n  a: {use: synthetic, config: {instruments: [X]}}\n"
                                              "  b: {use: paper}\n"
                                              "edges:\n"
                                              "  - {from: a.quotes, to: b.quotes, transport: nats}\n"
                                              "  - {from: a.quotes, to: b.quotes, subject: x.y}\n"
                                              "  - {from: a.trades, to: b.quotes, transport: nats, subject: \"x.*\"}\n"
                                              "  - {from: a.trades, to: b.quotes, transport: carrier-pigeon}\n");
    Diagnostics d;
    load_deployment(f, d);
    const std::string all = d.str();
    EXPECT_NE(all.find(f + ":2:15: host.nats.url: expected nats://HOST:PORT"), std::string::npos) << all;
    EXPECT_NE(all.find(f + ":7:5: edge: 'transport: nats' needs a 'subject'"), std::string::npos) << all;
    EXPECT_NE(all.find(f + ":8:45: edge.subject: only a 'transport: nats' edge has a subject"), std::string::npos) << all;
    EXPECT_NE(all.find(f + ":9:62: edge.subject: expected dot-separated tokens"), std::string::npos) << all;
    EXPECT_NE(all.find(f + ":10:47: edge.transport: expected local or nats"), std::string::npos) << all;
}

TEST(NatsConfig, EachHostPlansOnlyTheEndsItRuns) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    const std::string nats = ", transport: nats, subject: p.quotes";
    // The feed's host: it publishes; the venue's host: it subscribes; one host with both
    // still goes through NATS.
    auto up = test::check_config(t.write(
        "up.yaml", paper_split("  strategy: {enabled: false}\n  risk: {enabled: false}\n  venue: {enabled: false}\n", nats)));
    ASSERT_TRUE(up.diags.ok()) << up.diags.str();
    ASSERT_EQ(up.plan.nats_edges.size(), 1u);
    EXPECT_NE(up.plan.nats_edges[0].from, PlannedNatsEdge::kElsewhere);
    EXPECT_EQ(up.plan.nats_edges[0].to, PlannedNatsEdge::kElsewhere);
    EXPECT_EQ(up.plan.nats_edges[0].event_type, TH_EV_QUOTE);
    EXPECT_TRUE(up.plan.edges.empty());  // the other edges touch disabled instances

    auto down = test::check_config(t.write("down.yaml", paper_split("  feed: {enabled: false}\n", nats)));
    ASSERT_TRUE(down.diags.ok()) << down.diags.str();
    ASSERT_EQ(down.plan.nats_edges.size(), 1u);
    EXPECT_EQ(down.plan.nats_edges[0].from, PlannedNatsEdge::kElsewhere);
    EXPECT_NE(down.plan.nats_edges[0].to, PlannedNatsEdge::kElsewhere);
    EXPECT_EQ(down.plan.nats_edges[0].subject, "p.quotes");

    auto both = test::check_config(t.write("both.yaml", paper_split("", nats)));
    ASSERT_TRUE(both.diags.ok()) << both.diags.str();
    ASSERT_EQ(both.plan.nats_edges.size(), 1u);
    EXPECT_NE(both.plan.nats_edges[0].from, PlannedNatsEdge::kElsewhere);
    EXPECT_NE(both.plan.nats_edges[0].to, PlannedNatsEdge::kElsewhere);
    for (const auto& e : both.plan.edges) EXPECT_NE(e.name, "feed.quotes->venue.quotes");  // not also in-process
}

TEST(NatsConfig, OrderFlowOverNatsMayNotBeLossy) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    const std::string f = t.write("lossy.yaml", "extends: " + std::string(SOURCE_DIR) +
                                                    "/config/paper.yaml\ninstances:\n  venue: {enabled: false}\nedges:\n"
                                                    "  - {from: risk.orders, to: venue.orders, transport: nats, subject: p.orders,"
                                                    " backpressure: drop_newest}\n");
    auto c = test::check_config(f);
    EXPECT_NE(c.diags.str().find(f + ":5:93: edge carries order_request events, which are never dropped"), std::string::npos)
        << c.diags.str();
}

TEST(NatsConfig, TheExampleSplitPlansOnBothHosts) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    const std::string dir = std::string(SOURCE_DIR) + "/config/examples/";
    auto trader = test::check_config(dir + "paper-nats-trader.yaml");
    ASSERT_TRUE(trader.diags.ok()) << trader.diags.str();
    auto venue = test::check_config(dir + "paper-nats-venue.yaml");
    ASSERT_TRUE(venue.diags.ok()) << venue.diags.str();
    EXPECT_EQ(trader.plan.nats_edges.size(), 8u);
    EXPECT_EQ(venue.plan.nats_edges.size(), 8u);
    EXPECT_EQ(trader.plan.instances.size() + venue.plan.instances.size(), 4u);
    EXPECT_EQ(venue.dep.host.nats_url, "nats://127.0.0.1:4222");
    EXPECT_EQ(venue.dep.host.run_duration_ns, 0);
    // Between them the two hosts keep every edge of the paper deployment: the ones that
    // stay inside a host, and the ones that cross through NATS.
    EXPECT_EQ(trader.plan.edges.size() + venue.plan.edges.size() + 8u, 12u);
}
