// exchange: Binance-specific order tests against its loopback double through the SDK harness:
// the wire details of a lifecycle with partial fills, local metadata rejects, 429 back-off,
// myTrades paging, restart with a persisted ledger, the order stream on the WebSocket API
// (signed subscribe, terminated and shut-down streams, renewal before the 24 h limit, the
// retired listenKey endpoints). What every dialect
// does alike (cancel, venue rejects, pre-checks, missed fills, fresh start, unreachable order
// stream) is in test_unified_execution.cpp, run over every dialect.
#include "registry.hpp"
#include "venue_fixture.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/sign.hpp>

#include <nlohmann/json.hpp>

#include <cstring>
#include <set>

using namespace exchange_test;
using tradehost::testing::Harness;

namespace {

class Execution : public VenueTest {};

TEST_F(Execution, LimitOrderLifecycleWithPartialFills) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    ASSERT_EQ(h->send("orders", order(*h, "ord-1", TH_SIDE_BUY, "0.01", "50000")), TH_OK);
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("ord-1").size() == 1; }));
    auto ack = p.reports_for("ord-1")[0];
    EXPECT_EQ(ack.exec_type, TH_EXEC_NEW);
    EXPECT_EQ(ack.status, TH_STATUS_NEW);
    EXPECT_EQ(ack.order_qty, fx("0.01"));
    EXPECT_EQ(ack.leaves_qty, fx("0.01"));
    EXPECT_STRNE(ack.venue_order_id, "");
    // Our client order id travelled in Binance's newClientOrderId.
    auto posts = dbl.server().requests("POST", "/api/v3/order");
    ASSERT_EQ(posts.size(), 1u);
    ASSERT_NE(posts[0].param("newClientOrderId"), nullptr);
    EXPECT_EQ(*posts[0].param("newClientOrderId"), "ord-1");

    ASSERT_TRUE(dbl.fill("ord-1", "0.004", "50000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills.size() == 1 && p.reports_for("ord-1").size() == 2; }));
    ASSERT_TRUE(dbl.fill("ord-1", "0.006", "49990"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills.size() == 2 && p.reports_for("ord-1").size() == 3; }));

    auto reports = p.reports_for("ord-1");
    EXPECT_EQ(reports[1].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(reports[1].status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(reports[1].cum_qty, fx("0.004"));
    EXPECT_EQ(reports[1].leaves_qty, fx("0.006"));
    EXPECT_EQ(reports[1].last_px, fx("50000"));
    EXPECT_EQ(reports[2].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(reports[2].status, TH_STATUS_FILLED);
    EXPECT_EQ(reports[2].cum_qty, fx("0.01"));
    EXPECT_EQ(reports[2].leaves_qty, 0);
    EXPECT_EQ(reports[2].avg_px, fx("49994"));  // (0.004*50000 + 0.006*49990) / 0.01
    EXPECT_EQ(p.fills[0].qty, fx("0.004"));
    EXPECT_EQ(p.fills[1].px, fx("49990"));
    EXPECT_EQ(p.fills[1].side, TH_SIDE_BUY);
    EXPECT_STREQ(p.fills[1].client_order_id, "ord-1");
    EXPECT_EQ(std::strncmp(p.fills[0].fill_id, "BTCUSDT:", 8), 0);
    EXPECT_STRNE(p.fills[0].fill_id, p.fills[1].fill_id);
    EXPECT_EQ(h->metric("fills"), 2);
    EXPECT_EQ(h->metric("orders_sent"), 1);
    // Balances follow the fills: 10000 - 200 - 299.94 USDT.
    ASSERT_TRUE(wait(*h, p, [&] {
        for (const auto& b : p.balances)
            if (std::string(b.currency) == "USDT" && b.total == fx("9500.06")) return true;
        return false;
    }));
    h->stop();
}

TEST_F(Execution, MetadataRejectsLocallyAndSendsNothing) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    h->send("orders", order(*h, "tick", TH_SIDE_BUY, "0.01", "50000.005"));   // tick 0.01
    h->send("orders", order(*h, "step", TH_SIDE_BUY, "0.000015", "50000"));   // step 0.00001
    h->send("orders", order(*h, "notional", TH_SIDE_BUY, "0.0001", "100"));   // 0.01 < 5
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports.size() == 3; }));
    EXPECT_STREQ(p.reports_for("tick")[0].reason, "rejected locally: price 50000.005 is not a multiple of tick size 0.01");
    EXPECT_STREQ(p.reports_for("step")[0].reason,
                 "rejected locally: quantity 0.000015 is not a multiple of step size 0.00001");
    EXPECT_STREQ(p.reports_for("notional")[0].reason, "rejected locally: notional 0.01 below minimum notional 5");
    for (const auto& r : p.reports) EXPECT_EQ(r.exec_type, TH_EXEC_REJECTED);
    EXPECT_TRUE(dbl.server().requests("POST", "/api/v3/order").empty());
    EXPECT_EQ(dbl.orders_received(), 0);
    h->stop();
}

TEST_F(Execution, TooManyRequestsBacksOffForRetryAfterThenSends) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    dbl.inject_429(1);
    const auto t0 = std::chrono::steady_clock::now();
    h->send("orders", order(*h, "ord-4", TH_SIDE_BUY, "0.01", "50000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("ord-4").size() == 1; }));
    const auto waited = std::chrono::steady_clock::now() - t0;
    EXPECT_EQ(p.reports_for("ord-4")[0].exec_type, TH_EXEC_NEW);
    EXPECT_GE(waited, std::chrono::milliseconds(950));  // Retry-After: 1 honoured
    EXPECT_EQ(dbl.server().requests("POST", "/api/v3/order").size(), 2u);  // refused, then accepted
    EXPECT_EQ(dbl.orders_received(), 1);
    EXPECT_EQ(h->metric("rate_limited"), 1);
    h->stop();
}

// More missed fills than one myTrades answer holds (limit 1000): reconciliation pages on with
// fromId until an answer is short, and every fill is published exactly once.
TEST_F(Execution, ReconciliationPagesMyTradesWithFromIdWhenAnAnswerIsFull) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    h->send("orders", order(*h, "ord-page", TH_SIDE_BUY, "0.01201", "1000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("ord-page").size() == 1; }));
    ASSERT_TRUE(dbl.fill("ord-page", "0.00001", "1000"));  // on the stream: sets the watermark
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills.size() == 1; }));
    dbl.set_missed_fill_mode(true);
    for (int i = 0; i < 1200; ++i) ASSERT_TRUE(dbl.fill("ord-page", "0.00001", "1000"));
    dbl.drop_streams();
    // Reports are drained apart from fills: wait for the final report too.
    ASSERT_TRUE(wait(*h, p, [&] {
        auto r = p.reports_for("ord-page");
        return p.fills.size() == 1201 && p.count_status(TH_VENUE_RECONCILED) >= 2 && r.back().cum_qty == fx("0.01201");
    }));
    auto r = p.reports_for("ord-page");
    EXPECT_EQ(r.back().exec_type, TH_EXEC_FILL);
    EXPECT_EQ(r.back().cum_qty, fx("0.01201"));
    std::set<std::string> ids;
    for (const auto& f : p.fills) ids.insert(f.fill_id);
    EXPECT_EQ(ids.size(), 1201u);
    bool paged = false;
    for (const auto& q : dbl.server().requests("GET", "/api/v3/myTrades")) {
        EXPECT_NE(q.param("limit"), nullptr);
        if (q.param("fromId") && !q.param("startTime")) paged = true;
    }
    EXPECT_TRUE(paged);
    h->stop();
}

TEST_F(Execution, RestartWithPersistedLedgerPublishesNothingTwice) {
    std::map<std::string, std::string> saved;
    {
        auto h = make_harness(true);
        Published p;
        h->create();
        h->start();
        wait_ready(*h, p);
        h->send("orders", order(*h, "ord-6", TH_SIDE_BUY, "0.01", "50000"));
        ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("ord-6").size() == 1; }));
        ASSERT_TRUE(dbl.fill("ord-6", "0.004", "50000"));
        ASSERT_TRUE(wait(*h, p, [&] { return p.fills.size() == 1; }));
        h->stop();
        saved = h->state();
        ASSERT_EQ(saved.count("ledger"), 1u);
    }
    ASSERT_TRUE(dbl.fill("ord-6", "0.006", "49990"));  // while we were down
    auto h = make_harness(true);
    h->state() = saved;
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    // Only the fill made while down: the first one is in the persisted ledger.
    ASSERT_EQ(p.fills.size(), 1u);
    EXPECT_EQ(p.fills[0].qty, fx("0.006"));
    auto r = p.reports_for("ord-6");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(r[0].cum_qty, fx("0.01"));
    // A second restart has nothing left to publish.
    h->stop();
    saved = h->state();
    auto h3 = make_harness(true);
    h3->state() = saved;
    Published p3;
    h3->create();
    h3->start();
    wait_ready(*h3, p3);
    EXPECT_TRUE(p3.fills.empty());
    EXPECT_TRUE(p3.reports.empty());
    h3->stop();
}

// The order stream is the WebSocket API's user data subscription: one signed
// userDataStream.subscribe.signature per connection, and fills arrive on it wrapped
// {"subscriptionId":N,"event":{...}}. The retired listenKey calls are never made. (The
// listenKey code this replaced got HTTP 410 and no stream: its fills came only from polling.)
TEST_F(Execution, OrderStreamIsTheSignedWebSocketApiSubscription) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    ASSERT_TRUE(eventually([&] { return dbl.user_sessions() == 1; }));
    const auto subs = dbl.subscribe_requests();
    ASSERT_EQ(subs.size(), 1u);
    const auto req = nlohmann::json::parse(subs[0]);
    EXPECT_EQ(req["method"], "userDataStream.subscribe.signature");
    const auto& params = req["params"];
    EXPECT_EQ(params["apiKey"], kKey);
    ASSERT_TRUE(params["timestamp"].is_number_integer());
    // web-socket-api "SIGNED request example (HMAC)": HMAC-SHA256 (hex) over the other
    // parameters sorted by name.
    const std::string payload = std::string("apiKey=") + kKey + "&timestamp=" + params["timestamp"].dump();
    EXPECT_EQ(params["signature"],
              tradehost::venue::hex_encode(tradehost::venue::hmac_sha256(kSecret, payload)));
    EXPECT_GE(p.count_status(TH_VENUE_CONNECTED, "order stream"), 1);
    EXPECT_TRUE(dbl.server().requests("POST", "/api/v3/userDataStream").empty());

    ASSERT_EQ(h->send("orders", order(*h, "ws-1", TH_SIDE_BUY, "0.01", "50000")), TH_OK);
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("ws-1").size() == 1; }));
    const auto polls = dbl.server().requests("GET", "/api/v3/myTrades").size();
    ASSERT_TRUE(dbl.fill("ws-1", "0.01", "50000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills_of("ws-1") == 1; }));
    // Delivered by the stream, not found by a reconciliation.
    EXPECT_EQ(dbl.server().requests("GET", "/api/v3/myTrades").size(), polls);
    EXPECT_EQ(p.reports_for("ws-1").back().status, TH_STATUS_FILLED);
    h->stop();
}

// Binance retired POST/PUT/DELETE /api/v3/userDataStream on 2026-02-20; its front end answers
// 410 Gone with an HTML page, which the dialect reads as a refused request, not as JSON.
TEST_F(Execution, RetiredListenKeyEndpointsAnswerGone) {
    tradehost::venue::HttpClient http;
    auto d = tradehost::exchange::make_dialect("binance");
    tradehost::venue::json::Decoder dec;
    for (const char* method : {"POST", "PUT", "DELETE"}) {
        tradehost::venue::HttpRequest r;
        r.method = method;
        r.url = dbl.rest_url() + "/api/v3/userDataStream";
        r.headers.emplace_back("X-MBX-APIKEY", kKey);
        auto resp = http.send(r);
        EXPECT_EQ(resp.status, 410) << method;
        EXPECT_NE(resp.body.find("410 Gone"), std::string::npos) << method;
        auto e = d->parse_error(dec, resp);
        EXPECT_EQ(e.kind, tradehost::exchange::ErrorKind::invalid_request) << method;
        EXPECT_EQ(e.message, "HTTP 410") << method;
    }
}

// eventStreamTerminated and serverShutdown: the stream is reported down, a new connection
// subscribes again (freshly signed), and the gap is reconciled: a fill made while no
// subscription was there still arrives, once.
TEST_F(Execution, TerminatedOrShutDownStreamIsResubscribedAndReconciled) {
    auto h = make_harness(true);
    h->set("poll_interval", "100ms");
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    ASSERT_TRUE(eventually([&] { return dbl.user_sessions() == 1; }));
    ASSERT_EQ(h->send("orders", order(*h, "term-1", TH_SIDE_BUY, "0.02", "50000")), TH_OK);
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("term-1").size() == 1; }));

    dbl.set_missed_fill_mode(true);
    dbl.terminate_subscriptions();
    ASSERT_TRUE(dbl.fill("term-1", "0.01", "50000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_DISCONNECTED, "eventStreamTerminated") == 1; }));
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills_of("term-1") == 1; }));
    ASSERT_TRUE(eventually([&] { return dbl.user_sessions() == 1 && dbl.subscribe_requests().size() == 2; }));
    dbl.set_missed_fill_mode(false);

    dbl.server_shutdown();
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_DISCONNECTED, "serverShutdown") == 1; }));
    ASSERT_TRUE(eventually([&] { return dbl.user_sessions() == 1 && dbl.subscribe_requests().size() == 3; }));
    ASSERT_TRUE(dbl.fill("term-1", "0.01", "50010"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills_of("term-1") == 2; }));
    EXPECT_EQ(p.reports_for("term-1").back().status, TH_STATUS_FILLED);
    // Each subscribe carries its own timestamp (signed at its connect).
    const auto subs = dbl.subscribe_requests();
    EXPECT_NE(nlohmann::json::parse(subs[0])["params"]["signature"], nlohmann::json::parse(subs[2])["params"]["signature"]);
    h->stop();
}

// Binance cuts a WebSocket API connection at 24 h; the adapter renews it before, at a time of
// its choosing (host clock), and the new connection subscribes again.
TEST_F(Execution, ConnectionIsRenewedBeforeThe24HourLimit) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    ASSERT_TRUE(eventually([&] { return dbl.user_sessions() == 1; }));
    h->advance(std::chrono::nanoseconds(std::chrono::hours(23)).count());
    ASSERT_TRUE(wait(*h, p, [&] { return h->metric("stream_renewals") == 0 && dbl.subscribe_requests().size() == 1; }));
    h->advance(std::chrono::nanoseconds(std::chrono::hours(1)).count());
    ASSERT_TRUE(eventually([&] { return dbl.subscribe_requests().size() == 2 && dbl.user_sessions() == 1; }));
    EXPECT_EQ(h->metric("stream_renewals"), 1);
    h->stop();
}

// A subscribe the venue refuses (here: signed with the wrong secret) leaves the stream down
// with Binance's reason, and the worker polls REST; it is not retried in a tight loop.
TEST_F(Execution, RefusedSubscribeIsReportedAndNotHammered) {
    auto h = make_harness(true);
    h->set("poll_interval", "100ms");
    // The REST double checks the same secret, so orders fail too; only the stream is looked at.
    h->set_secret("TEST_BINANCE_SECRET", "not-the-secret");
    Published p;
    h->create();
    h->start();
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_DISCONNECTED, "-1022") >= 1; }));
    EXPECT_EQ(dbl.user_sessions(), 0u);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(dbl.subscribe_requests().size(), 1u);  // the next try waits for the upkeep timer
    h->advance(std::chrono::nanoseconds(std::chrono::minutes(1)).count());
    ASSERT_TRUE(eventually([&] { return dbl.subscribe_requests().size() == 2; }));
    h->stop();
}

TEST_F(Execution, ServerErrorOnAnOrderIsResolvedByClientOrderIdNotResent) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    // The POST is answered 500 before reaching the exchange's order handler: outcome unknown.
    dbl.server().inject(tradehost::doubles::Response::json(500, R"({"code":-1000,"msg":"An unknown error occurred while processing the request."})"));
    h->send("orders", order(*h, "ord-8", TH_SIDE_BUY, "0.01", "50000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("ord-8").size() == 1; }));
    auto r = p.reports_for("ord-8")[0];
    EXPECT_EQ(r.exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(r.reason, "not placed: binance -1000 An unknown error occurred while processing the request.");
    EXPECT_EQ(dbl.server().requests("POST", "/api/v3/order").size(), 1u);  // never resent
    auto lookups = dbl.server().requests("GET", "/api/v3/order");
    ASSERT_EQ(lookups.size(), 1u);
    EXPECT_EQ(*lookups[0].param("origClientOrderId"), "ord-8");
    h->stop();
}

TEST_F(Execution, OrdersAreRejectedWhileTheVenueIsUnreachable) {
    auto h = make_harness(true);
    h->set("rest_url", "http://127.0.0.1:1");  // nothing listens there
    Published p;
    h->create();
    h->start();
    h->send("orders", order(*h, "ord-9", TH_SIDE_BUY, "0.01", "50000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("ord-9").size() == 1; }));
    EXPECT_EQ(p.reports_for("ord-9")[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(p.reports_for("ord-9")[0].reason, "venue not ready: market metadata not loaded yet");
    h->stop();
}

TEST_F(Execution, WithoutCredentialsOrdersAreRejected) {
    auto h = make_harness(false);
    Published p;
    h->create();
    h->start();
    h->send("orders", order(*h, "ord-7", TH_SIDE_BUY, "0.01", "50000"));
    p.drain(*h);
    ASSERT_EQ(p.reports.size(), 1u);
    EXPECT_EQ(p.reports[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_STREQ(p.reports[0].reason, "no API credentials configured (key_env/secret_env)");
    h->stop();
}

TEST_F(Execution, UnknownExchangeIsAConfigError) {
    Harness h(PLUGIN_PATH);
    h.set("exchange", "nosuchexchange");
    try {
        h.create();
        ADD_FAILURE() << "created with an unknown exchange";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("available: binance, coinbase, kraken"), std::string::npos) << e.what();
    }
}

// default_tif (what `tradehost order` sends without --tif) is checked against the dialect at
// config load, and the error names what the exchange takes.
TEST_F(Execution, DefaultTifTheExchangeRefusesIsAConfigError) {
    struct Case { const char* exchange; const char* tif; const char* says; };
    for (const Case& c : {Case{"binance", "day", "GTC, IOC, FOK"}, Case{"kraken", "fok", "GTC, IOC, GTD"},
                          Case{"coinbase", "day", "GTC, IOC, FOK"}, Case{"binance", "gfd", "not gtc, ioc, fok or day"}}) {
        Harness h(PLUGIN_PATH);
        h.set("exchange", c.exchange);
        h.set("default_tif", c.tif);
        try {
            h.create();
            ADD_FAILURE() << c.exchange << " took default_tif " << c.tif;
        } catch (const std::exception& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("default_tif"), std::string::npos) << what;
            EXPECT_NE(what.find(c.says), std::string::npos) << what;
        }
    }
    Harness ok(PLUGIN_PATH);
    ok.set("exchange", "kraken");
    ok.set("default_tif", "ioc");
    EXPECT_NO_THROW(ok.create());
}

}  // namespace
