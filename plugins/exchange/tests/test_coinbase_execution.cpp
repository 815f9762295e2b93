// exchange: the Coinbase dialect end to end against the Coinbase loopback double through the
// SDK harness (real HTTP and WebSocket over 127.0.0.1, every JWT verified with the test public
// key): order lifecycle with partial fills from historical/fills (the user channel has no
// per-fill ids), cancel by Coinbase's order id, venue rejects, 429 back-off, a fill missed
// during a disconnect recovered once, a fresh JWT per reconnect, sequence gaps, market data.
#include "exchange/coinbase_double.hpp"
#include "coinbase_test_keys.hpp"
#include "dialects/coinbase_jwt.hpp"
#include "test_util.hpp"
#include "venue_fixture.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/venue/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <set>

using namespace exchange_test;
using tradehost::doubles::exchange::CoinbaseDouble;
using tradehost::testing::Harness;

namespace {

class Coinbase : public ::testing::Test {
protected:
    CoinbaseDouble dbl{&check_coinbase_jwt};

    Coinbase() {
        dbl.add_product("BTC-USD", "BTC", "USD", "0.01", "0.00000001", "0.00001", "1");
        dbl.set_balance("USD", "10000");
        dbl.set_balance("BTC", "1");
    }

    std::unique_ptr<Harness> make_harness(bool trading, std::vector<std::string> symbols = {}) {
        auto h = std::make_unique<Harness>(PLUGIN_PATH);
        h->set("exchange", "coinbase");
        h->set("environment", "live");
        h->set("rest_url", dbl.rest_url());
        h->set("stream_url", dbl.stream_url());
        h->set("user_stream_url", dbl.stream_url());
        h->set("reconnect_min", "20ms");
        h->set("reconnect_max", "200ms");
        h->set_list("symbols", symbols);
        if (trading) {
            h->set("key_env", "TEST_COINBASE_KEY_NAME");
            h->set("secret_env", "TEST_COINBASE_PRIVATE_KEY");
            h->set_secret("TEST_COINBASE_KEY_NAME", kCoinbaseKeyName);
            h->set_secret("TEST_COINBASE_PRIVATE_KEY", kCoinbasePrivateKey);
            h->set_list("trade_symbols", {"BTC-USD"});
        }
        return h;
    }

    bool wait(Harness& h, Published& p, const std::function<bool()>& pred) {
        return eventually([&] {
            p.drain(h);
            return pred();
        }, std::chrono::milliseconds(5000));
    }

    /// Products loaded, user channel subscribed, start reconciliation done, balances (2
    /// currencies) published at start and after it.
    void wait_ready(Harness& h, Published& p) {
        ASSERT_TRUE(wait(h, p, [&] { return p.count_status(TH_VENUE_RECONCILED) >= 1 && p.balances.size() >= 4; }));
        ASSERT_TRUE(eventually([&] { return dbl.user_sessions() == 1; }));
    }

    th_order_request order(Harness& h, const char* cid, uint8_t side, const char* qty, const char* px) {
        auto r = tradehost::make_event<th_order_request>(h.now());
        r.instrument = h.intern("BTC-USD");
        r.action = TH_ORDER_NEW;
        r.side = side;
        r.order_type = TH_ORDER_LIMIT;
        r.tif = TH_TIF_GTC;
        r.qty = fx(qty);
        r.limit_px = fx(px);
        tradehost::copy_str(r.client_order_id, cid);
        return r;
    }

    th_order_request cancel(Harness& h, const char* cid, const char* orig) {
        auto r = tradehost::make_event<th_order_request>(h.now());
        r.instrument = h.intern("BTC-USD");
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, cid);
        tradehost::copy_str(r.orig_client_order_id, orig);
        return r;
    }
};

TEST_F(Coinbase, LimitOrderLifecycleWithPartialFillsFromHistoricalFills) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    ASSERT_EQ(h->send("orders", order(*h, "cb-1", TH_SIDE_BUY, "0.01", "36000")), TH_OK);
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("cb-1").size() == 1; }));
    auto ack = p.reports_for("cb-1")[0];
    EXPECT_EQ(ack.exec_type, TH_EXEC_NEW);
    EXPECT_STRNE(ack.venue_order_id, "");
    auto posts = dbl.server().requests("POST", "/api/v3/brokerage/orders");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_NE(posts[0].body.find("\"client_order_id\":\"cb-1\""), std::string::npos);
    EXPECT_NE(posts[0].body.find("\"limit_limit_gtc\""), std::string::npos);
    EXPECT_EQ(dbl.auth_failures(), 0);

    ASSERT_TRUE(dbl.fill("cb-1", "0.004", "36000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills.size() == 1 && p.reports_for("cb-1").size() == 2; }));
    ASSERT_TRUE(dbl.fill("cb-1", "0.006", "35990"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.fills.size() == 2 && p.reports_for("cb-1").size() == 3; }));
    auto r = p.reports_for("cb-1");
    EXPECT_EQ(r[1].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(r[1].cum_qty, fx("0.004"));
    EXPECT_EQ(r[2].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(r[2].status, TH_STATUS_FILLED);
    EXPECT_EQ(p.fills[1].px, fx("35990"));
    EXPECT_EQ(p.fills[1].qty, fx("0.006"));
    EXPECT_EQ(std::string(p.fills[0].fill_id).rfind("BTC-USD:", 0), 0u);
    EXPECT_STRNE(p.fills[0].fill_id, p.fills[1].fill_id);
    // The fills came from historical/fills of that order (the user channel has no fill ids).
    bool by_order = false;
    for (const auto& q : dbl.server().requests("GET", "/api/v3/brokerage/orders/historical/*"))
        if (const std::string* id = q.param("order_ids")) by_order = by_order || *id == ack.venue_order_id;
    EXPECT_TRUE(by_order);
    EXPECT_EQ(h->metric("fills"), 2);
    h->stop();
}

TEST_F(Coinbase, CancelUsesCoinbasesOrderId) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    h->send("orders", order(*h, "cb-2", TH_SIDE_SELL, "0.5", "60000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("cb-2").size() == 1; }));
    const std::string venue_id = p.reports_for("cb-2")[0].venue_order_id;
    h->send("orders", cancel(*h, "cxl-2", "cb-2"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("cb-2").size() == 2; }));
    EXPECT_EQ(p.reports_for("cb-2")[1].exec_type, TH_EXEC_CANCELED);
    auto cancels = dbl.server().requests("POST", "/api/v3/brokerage/orders/batch_cancel");
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0].body, "{\"order_ids\":[\"" + venue_id + "\"]}");
    EXPECT_TRUE(p.reports_for("cxl-2").empty());
    h->stop();
}

TEST_F(Coinbase, WrongKeyIsRefusedUnauthorized) {
    auto h = make_harness(true);
    h->set_secret("TEST_COINBASE_KEY_NAME", "organizations/fake-org-0000/apiKeys/wrong-key-0000");
    Published p;
    h->create();
    h->start();
    // Every REST call is refused 401 "Unauthorized" (plain text): no products, no stream.
    ASSERT_TRUE(eventually([&] { return dbl.auth_failures() >= 2; }));
    EXPECT_EQ(dbl.user_sessions(), 0u);
    h->stop();
}

TEST_F(Coinbase, TooManyRequestsBacksOffThenSends) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    dbl.inject_429(1);
    const auto t0 = std::chrono::steady_clock::now();
    h->send("orders", order(*h, "cb-5", TH_SIDE_BUY, "0.01", "36000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("cb-5").size() == 1; }));
    EXPECT_EQ(p.reports_for("cb-5")[0].exec_type, TH_EXEC_NEW);
    EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(950));
    EXPECT_EQ(dbl.server().requests("POST", "/api/v3/brokerage/orders").size(), 2u);
    EXPECT_EQ(dbl.orders_received(), 1);
    EXPECT_EQ(h->metric("rate_limited"), 1);
    h->stop();
}

TEST_F(Coinbase, MissedFillDuringDisconnectIsRecoveredOnceWithAFreshJwt) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    h->send("orders", order(*h, "cb-6", TH_SIDE_BUY, "0.01", "36000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("cb-6").size() == 1; }));
    dbl.set_missed_fill_mode(true);
    ASSERT_TRUE(dbl.fill("cb-6", "0.01", "35995"));  // never on the user channel
    dbl.drop_streams();
    ASSERT_TRUE(wait(*h, p, [&] {
        auto r = p.reports_for("cb-6");
        return p.fills.size() == 1 && p.count_status(TH_VENUE_RECONCILED) >= 2 && r.back().exec_type == TH_EXEC_FILL;
    }));
    EXPECT_GE(p.count_status(TH_VENUE_DISCONNECTED), 1);
    EXPECT_EQ(p.fills[0].px, fx("35995"));
    EXPECT_EQ(p.reports_for("cb-6").back().exec_type, TH_EXEC_FILL);
    ASSERT_TRUE(eventually([&] { return dbl.user_sessions() == 1; }));
    // The reconnect subscribed with a new JWT (a JWT lives 120 s: never the first one again).
    auto jwts = dbl.user_jwts();
    ASSERT_GE(jwts.size(), 2u);
    EXPECT_NE(jwts[0], jwts[1]);
    dbl.set_missed_fill_mode(false);
    dbl.drop_streams();
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_RECONCILED) >= 3; }));
    EXPECT_EQ(p.fills.size(), 1u);
    EXPECT_EQ(dbl.auth_failures(), 0);
    h->stop();
}

TEST_F(Coinbase, UserChannelSequenceGapIsMarkedAndReconciled) {
    auto h = make_harness(true);
    Published p;
    h->create();
    h->start();
    wait_ready(*h, p);
    h->send("orders", order(*h, "cb-7", TH_SIDE_BUY, "0.01", "36000"));
    ASSERT_TRUE(wait(*h, p, [&] { return p.reports_for("cb-7").size() == 1; }));
    const int reconciled = p.count_status(TH_VENUE_RECONCILED);
    dbl.skip_sequence();  // one user-channel message lost
    dbl.push_heartbeat();
    ASSERT_TRUE(wait(*h, p, [&] {
        return p.count_status(TH_VENUE_GAP) >= 1 && p.count_status(TH_VENUE_RECONCILED) > reconciled;
    }));
    EXPECT_EQ(h->metric("sequence_gaps"), 1);
    EXPECT_EQ(p.count_status(TH_VENUE_DISCONNECTED), 0);
    h->stop();
}

TEST_F(Coinbase, QuotesAndEveryTradeOfABatchAndMarketDataGaps) {
    auto h = make_harness(false, {"BTC-USD"});
    Published p;
    h->create();
    h->start();
    ASSERT_TRUE(eventually([&] { return dbl.market_sessions() == 1; }));
    ASSERT_TRUE(eventually([&] {
        dbl.push_ticker("BTC-USD", "36000.01", "1.5", "36000.02", "0.25");
        p.drain(*h);
        return !p.quotes.empty();
    }));
    dbl.push_trades("BTC-USD", {{"36000.01", "0.1"}, {"36000.02", "0.2"}, {"36000.03", "0.3"}}, true);
    ASSERT_TRUE(wait(*h, p, [&] { return p.trades.size() == 3; }));
    EXPECT_EQ(p.quotes[0].instrument, h->intern("BTC-USD"));
    EXPECT_EQ(p.quotes[0].bid_px, fx("36000.01"));
    EXPECT_EQ(p.quotes[0].ask_qty, fx("0.25"));
    EXPECT_EQ(p.trades[2].px, fx("36000.03"));
    EXPECT_EQ(p.trades[2].qty, fx("0.3"));
    EXPECT_EQ(p.trades[2].aggressor, TH_SIDE_BUY);
    EXPECT_EQ(p.count_status(TH_VENUE_GAP), 0);
    dbl.skip_sequence(2);
    dbl.push_ticker("BTC-USD", "36000.05", "1", "36000.06", "1");
    ASSERT_TRUE(wait(*h, p, [&] { return p.count_status(TH_VENUE_GAP) == 1; }));
    EXPECT_STREQ(p.statuses.back().venue, "coinbase");
    h->stop();
}

TEST_F(Coinbase, Level2BookAndASequenceGapResubscribes) {
    using L2 = tradehost::doubles::exchange::CoinbaseDouble::L2;
    dbl.set_book("BTC-USD", {{"bid", "21921.73", "0.06317902"}, {"bid", "21921.30", "0.5"}, {"offer", "21921.74", "0.1"},
                             {"offer", "21922.00", "1.25"}});
    auto h = make_harness(false, {"BTC-USD"});
    h->set("book_depth", "5");
    Published p;
    h->create();
    h->start();
    ASSERT_TRUE(wait(*h, p, [&] { return p.books.size() == 1; }));
    {
        const th_book& ev = p.last_book();
        EXPECT_EQ(ev.instrument, h->intern("BTC-USD"));
        EXPECT_EQ(ev.checksum, TH_BOOK_CHECKSUM_NONE);
        ASSERT_EQ(ev.bid_count, 2);
        ASSERT_EQ(ev.ask_count, 2);
        EXPECT_EQ(ev.levels[0].px, fx("21921.73"));
        EXPECT_EQ(ev.levels[0].qty, fx("0.06317902"));
        EXPECT_EQ(ev.levels[2].px, fx("21921.74"));
    }
    // An update: new_quantity "0" removes the best offer, a bid changes.
    dbl.push_l2_update("BTC-USD", {L2{"offer", "21921.74", "0"}, L2{"bid", "21921.30", "0.75"}});
    ASSERT_TRUE(wait(*h, p, [&] { return p.books.size() == 2; }));
    EXPECT_EQ(p.last_book().ask_count, 1);
    EXPECT_EQ(p.last_book().levels[1].qty, fx("0.75"));
    EXPECT_EQ(p.last_book().levels[2].px, fx("21922"));
    // A lost message (sequence_num jumps): GAP, the book is dropped, level2 resubscribed, and
    // the new snapshot holds the update that came with the jump.
    dbl.skip_sequence(1);
    dbl.push_l2_update("BTC-USD", {L2{"bid", "21921.80", "2"}});
    ASSERT_TRUE(wait(*h, p, [&] { return p.books.size() == 3 && dbl.level2_subscribes() == 2; }));
    EXPECT_GE(p.count_status(TH_VENUE_GAP), 1);
    EXPECT_EQ(h->metric("book_resyncs"), 1);
    EXPECT_EQ(p.last_book().bid_count, 3);
    EXPECT_EQ(p.last_book().levels[0].px, fx("21921.8"));
    h->stop();
}

}  // namespace
