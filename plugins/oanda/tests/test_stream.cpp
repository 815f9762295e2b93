// The two streams against the OANDA double: quotes from the pricing stream, venue status on
// every connect/disconnect, and fills missed by the transaction stream recovered exactly once
// (after a drop, after a heartbeat announcing newer transactions, after a restart).
#include "oanda_fixture.hpp"

using namespace oanda_test;

namespace {
OandaDoubleOptions manual_heartbeats() {
    OandaDoubleOptions o;
    o.heartbeat_interval = std::chrono::milliseconds(0);  // heartbeats only when a test asks
    return o;
}
}  // namespace

TEST_F(Oanda, PricingStreamPublishesQuotes) {
    make_venue();
    venue->push_price("EUR_USD", "1.09177", "1.09188", 10000000, 5000000);  // snapshot on connect
    h = plugin({{"symbols", "EUR_USD, USD_JPY"}});
    eur = h->intern("EUR_USD");
    const th_instrument jpy = h->intern("USD_JPY");
    ASSERT_TRUE(until([&] { return !quotes.empty(); }));
    EXPECT_EQ(quotes[0].instrument, eur);
    EXPECT_EQ(quotes[0].bid_px, fx("1.09177"));
    EXPECT_EQ(quotes[0].ask_px, fx("1.09188"));
    EXPECT_EQ(quotes[0].bid_qty, fx("10000000"));
    EXPECT_EQ(quotes[0].ask_qty, fx("5000000"));
    EXPECT_GT(quotes[0].hdr.ts, 0);
    venue->push_price("USD_JPY", "114.295", "114.312", 1000000, 2000000);
    venue->push_price("GBP_USD", "1.3", "1.31");  // not subscribed
    ASSERT_TRUE(until([&] { return quotes.size() >= 2; }));
    EXPECT_EQ(quotes[1].instrument, jpy);
    EXPECT_EQ(quotes[1].ask_px, fx("114.312"));
    EXPECT_EQ(quotes[1].ask_qty, fx("2000000"));
    auto streams = venue->requests("GET", "/v3/accounts/*/pricing/stream");
    ASSERT_FALSE(streams.empty());
    ASSERT_NE(streams[0].param("instruments"), nullptr);
    EXPECT_EQ(*streams[0].param("instruments"), "EUR_USD,USD_JPY");
    bool pricing_connected = false;
    for (const auto& s : statuses) pricing_connected |= std::string(s.text) == "pricing stream connected";
    EXPECT_TRUE(pricing_connected);

    // A dropped pricing stream reports the disconnect and, on reconnect, a gap.
    venue->drop_streams();
    ASSERT_TRUE(until([&] { return count_status(TH_VENUE_GAP) >= 1; }));
    EXPECT_GE(count_status(TH_VENUE_DISCONNECTED), 1u);
}

TEST_F(Oanda, StreamDropWithFillInTheGapRecoversItOnceViaSinceId) {
    make_venue(manual_heartbeats());
    start();
    wait_ready();
    send(order("g1", TH_SIDE_BUY, TH_ORDER_LIMIT, "10", "1.05"));
    ASSERT_TRUE(until([&] { return count_reports("g1", TH_EXEC_NEW) == 1; }));
    const std::size_t since_before = venue->requests("GET", "/v3/accounts/*/transactions/sinceid").size();

    venue->set_missed_fills(true);  // the fill happens while the stream cannot deliver it
    ASSERT_TRUE(venue->fill("g1", "10", "1.05"));
    venue->drop_streams();
    venue->set_missed_fills(false);
    ASSERT_TRUE(until([&] { return count_status(TH_VENUE_RECONCILED) >= 2 && fills_of("g1") == 1; }));
    EXPECT_GE(count_status(TH_VENUE_DISCONNECTED), 1u);
    EXPECT_GT(venue->requests("GET", "/v3/accounts/*/transactions/sinceid").size(), since_before);
    EXPECT_EQ(count_reports("g1", TH_EXEC_FILL), 1u);
    EXPECT_GE(h->metric("reconnects"), 1);

    // Later traffic (and reconciliation again) does not publish it a second time.
    send(order("g2", TH_SIDE_SELL, TH_ORDER_LIMIT, "10", "1.3"));
    ASSERT_TRUE(until([&] { return count_reports("g2", TH_EXEC_NEW) == 1; }));
    ASSERT_TRUE(venue->fill("g2", "10", "1.3"));
    venue->heartbeat();
    ASSERT_TRUE(until([&] { return fills_of("g2") == 1; }));
    EXPECT_EQ(fills_of("g1"), 1u);
    EXPECT_EQ(fills.size(), 2u);
}

TEST_F(Oanda, HeartbeatWithNewerTransactionIdTriggersReconciliation) {
    make_venue(manual_heartbeats());
    start();
    wait_ready();
    send(order("hb1", TH_SIDE_BUY, TH_ORDER_LIMIT, "10", "1.05"));
    ASSERT_TRUE(until([&] { return count_reports("hb1", TH_EXEC_NEW) == 1; }));
    venue->set_missed_fills(true);
    ASSERT_TRUE(venue->fill("hb1", "10", "1.05"));
    venue->heartbeat();  // lastTransactionID is now the fill's id, which the stream never sent
    ASSERT_TRUE(until([&] { return fills_of("hb1") == 1 && count_status(TH_VENUE_RECONCILED) >= 2; }));
    EXPECT_GE(count_status(TH_VENUE_GAP), 1u);
    EXPECT_EQ(count_reports("hb1", TH_EXEC_FILL), 1u);
    venue->heartbeat();  // nothing new: no second reconciliation publishes anything
    venue->set_missed_fills(false);
    send(order("hb2", TH_SIDE_BUY, TH_ORDER_LIMIT, "1", "1.0"));
    ASSERT_TRUE(until([&] { return count_reports("hb2", TH_EXEC_NEW) == 1; }));
    EXPECT_EQ(fills.size(), 1u);
}

TEST_F(Oanda, RestartWithPersistedStatePublishesNoFillTwice) {
    make_venue(manual_heartbeats());
    venue->push_price("EUR_USD", "1.10000", "1.10020");
    start();
    wait_ready();
    send(order("p1", TH_SIDE_BUY, TH_ORDER_MARKET, "100"));
    send(order("p2", TH_SIDE_SELL, TH_ORDER_LIMIT, "40", "1.2"));
    ASSERT_TRUE(until([&] { return fills_of("p1") == 1 && count_reports("p2", TH_EXEC_NEW) == 1; }));
    h->stop();
    const std::map<std::string, std::string> saved = h->state();
    ASSERT_TRUE(saved.count("ledger"));
    ASSERT_TRUE(saved.count("last_transaction_id"));
    h.reset();

    // While the adapter is down, the resting order fills.
    ASSERT_TRUE(venue->fill("p2", "40", "1.2"));
    reports.clear();
    fills.clear();
    statuses.clear();
    positions.clear();
    h = plugin({}, &saved);
    eur = h->intern("EUR_USD");
    ASSERT_TRUE(until([&] { return count_status(TH_VENUE_RECONCILED) >= 1; }));
    ASSERT_TRUE(until([&] { return fills_of("p2") == 1; }));
    EXPECT_EQ(fills_of("p1"), 0u);  // published in the first session, not again
    EXPECT_EQ(count_reports("p2", TH_EXEC_FILL), 1u);
    EXPECT_EQ(last_report("p2")->cum_qty, fx("40"));
    // A duplicate client id from the first session is refused without reaching OANDA.
    const std::size_t posts = venue->requests("POST", "/v3/accounts/*/orders").size();
    send(order("p1", TH_SIDE_BUY, TH_ORDER_MARKET, "1"));
    ASSERT_TRUE(until([&] { return count_reports("p1", TH_EXEC_REJECTED) == 1; }));
    EXPECT_STREQ(last_report("p1")->reason, "duplicate client_order_id p1");
    EXPECT_EQ(venue->requests("POST", "/v3/accounts/*/orders").size(), posts);
    // Positions came from openPositions: long 100 and short 40 net to 60.
    ASSERT_TRUE(until([&] { return !positions.empty(); }));
    EXPECT_EQ(positions.back().qty, fx("60"));
}

// A venue that accepts both streams and closes them at once: reconnects back off with growth
// and jitter (not one a reconnect_min), and reconciliation (REST) is rate-limited, however
// often the transaction stream comes back. At a steady 100 ms the 3 s below would see about
// 30 connects of each stream and as many reconciliations.
TEST_F(Oanda, AcceptAndCloseStreamsBackOffAndReconcileRateLimited) {
    OandaDoubleOptions o = manual_heartbeats();
    o.end_streams_at_once = true;
    make_venue(o);
    h = plugin({{"symbols", "EUR_USD"},
                {"reconnect_min", "100ms"},
                {"reconnect_max", "2s"},
                {"min_reconcile_interval", "1s"}});
    eur = h->intern("EUR_USD");
    std::this_thread::sleep_for(std::chrono::seconds(3));
    collect();
    const std::size_t txn_connects = venue->requests("GET", "/v3/accounts/*/transactions/stream").size();
    const std::size_t price_connects = venue->requests("GET", "/v3/accounts/*/pricing/stream").size();
    const std::size_t reconciles = venue->requests("GET", "/v3/accounts/*/transactions/sinceid").size();
    EXPECT_GE(txn_connects, 3u);   // it does keep trying
    EXPECT_LE(txn_connects, 14u);  // 100 ms, then up to 200, 400, 800 ... ms
    EXPECT_GE(price_connects, 3u);
    EXPECT_LE(price_connects, 14u);
    EXPECT_GE(reconciles, 1u);
    EXPECT_LE(reconciles, 5u);     // one at start, then at most one a second
    EXPECT_GE(count_status(TH_VENUE_DISCONNECTED), 2u);
    EXPECT_GE(h->metric("reconnects"), 2);
}
