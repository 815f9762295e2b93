// alpaca: order flow against the loopback double through the SDK harness: lifecycle, cancel,
// replace, venue rejections, kill switch, 429 back-off, and a fill missed during a disconnect.
#include "alpaca_fixture.hpp"

#include <tradehost/venue/ledger.hpp>

namespace tradehost::alpaca::test {
namespace {

using Exec = AlpacaFixture;

TEST_F(Exec, NewPartialFillFill) {
    make();
    start_ready();
    ASSERT_EQ(h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), 10150000000)), TH_OK);
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_NEW) == 1; }));
    const std::string vid = venue.order_id("o-1");
    ASSERT_FALSE(vid.empty());
    EXPECT_STREQ(last_report("o-1", TH_EXEC_NEW)->venue_order_id, vid.c_str());
    EXPECT_EQ(last_report("o-1", TH_EXEC_NEW)->status, TH_STATUS_NEW);

    ASSERT_TRUE(venue.fill("o-1", "4", "101.5"));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_PARTIAL_FILL) == 1; }));
    const th_execution_report* p = last_report("o-1", TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(p->status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(p->cum_qty, X(4));
    EXPECT_EQ(p->leaves_qty, X(6));
    EXPECT_EQ(p->last_px, 10150000000);

    ASSERT_TRUE(venue.fill("o-1", "6", "101.6"));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_FILL) == 1; }));
    const th_execution_report* f = last_report("o-1", TH_EXEC_FILL);
    EXPECT_EQ(f->status, TH_STATUS_FILLED);
    EXPECT_EQ(f->cum_qty, X(10));
    EXPECT_EQ(f->leaves_qty, 0);
    EXPECT_EQ(f->avg_px, 10156000000);  // (4*101.5 + 6*101.6) / 10

    ASSERT_EQ(fills.size(), 2u);
    EXPECT_EQ(fills[0].qty, X(4));
    EXPECT_EQ(fills[1].qty, X(6));
    EXPECT_EQ(fills[1].px, 10160000000);
    EXPECT_EQ(fills[0].side, TH_SIDE_BUY);
    EXPECT_STRNE(fills[0].fill_id, fills[1].fill_id);
    EXPECT_STREQ(fills[0].venue_order_id, vid.c_str());
    EXPECT_EQ(h->metric("fills"), 2);

    // Positions and balance follow the fills (from GET /v2/positions and /v2/account).
    ASSERT_TRUE(wait([&] { return !positions.empty() && positions.back().qty == X(10); }));
    EXPECT_EQ(positions.back().instrument, h->intern("AAPL"));
    EXPECT_EQ(positions.back().avg_px, 10156000000);
    ASSERT_TRUE(wait([&] { return !balances.empty() && balances.back().total == X(100000) - 101560000000; }));
    EXPECT_STREQ(balances.back().currency, "USD");
}

// A host id from a long instance name (TH_ID_LEN - 1 characters) fits Alpaca's
// client_order_id (at most 128): Alpaca knows the order by it, and fills carry it.
TEST_F(Exec, LongClientOrderIdIsSentAsItIs) {
    const std::string id = "momentum-breakout-eu-session-tkt-170001";
    ASSERT_EQ(id.size(), TH_ID_LEN - 1u);
    make();
    start_ready();
    ASSERT_EQ(h->send("orders", new_order(id.c_str(), TH_SIDE_BUY, X(10), X(100))), TH_OK);
    ASSERT_TRUE(wait([&] { return count_reports(id.c_str(), TH_EXEC_NEW) == 1; })) << diagnostics();
    ASSERT_FALSE(venue.order_id(id).empty());
    ASSERT_TRUE(venue.fill(id, "10", "100"));
    ASSERT_TRUE(wait([&] { return count_reports(id.c_str(), TH_EXEC_FILL) == 1 && fills.size() == 1; }));
    EXPECT_EQ(std::string(fills[0].client_order_id), id);
}

// trade_updates down (its reconnect's auth goes unanswered) and no poll due for a minute: the
// 204 of a cancel is confirmed over REST (GET the order) within a few seconds, not left
// waiting for a stream that is not there.
TEST_F(Exec, CancelIsConfirmedOverRestWhenTheStreamIsSilent) {
    make();
    h->set("poll_interval", "60s");
    start_ready();
    h->send("orders", new_order("cs-1", TH_SIDE_BUY, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("cs-1", TH_EXEC_NEW) == 1; }));
    venue.set_missed_fill_mode(true);
    venue.drop_streams();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED, "trade_updates") >= 1; })) << diagnostics();
    th_order_request c = make_event<th_order_request>(h->now());
    c.instrument = h->intern("AAPL");
    c.action = TH_ORDER_CANCEL;
    copy_str(c.client_order_id, "cs-1-x");
    copy_str(c.orig_client_order_id, "cs-1");
    const auto sent = std::chrono::steady_clock::now();
    h->send("orders", c);
    ASSERT_TRUE(wait([&] { return count_reports("cs-1", TH_EXEC_CANCELED) == 1; }, std::chrono::seconds(6)))
        << diagnostics();
    EXPECT_LT(std::chrono::steady_clock::now() - sent, std::chrono::seconds(5));
    EXPECT_EQ(venue.order_status("cs-1"), "canceled");
    EXPECT_EQ(last_report("cs-1", TH_EXEC_CANCELED)->status, TH_STATUS_CANCELED);
    EXPECT_EQ(venue.listening_sessions(), 0u);  // it was REST, not the stream
}

TEST_F(Exec, Cancel) {
    make();
    start_ready();
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_NEW) == 1; }));
    th_order_request c = make_event<th_order_request>(h->now());
    c.action = TH_ORDER_CANCEL;
    c.instrument = h->intern("AAPL");
    copy_str(c.client_order_id, "c-1");
    copy_str(c.orig_client_order_id, "o-1");
    h->send("orders", c);
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_CANCELED) == 1; }));
    EXPECT_EQ(last_report("o-1", TH_EXEC_CANCELED)->status, TH_STATUS_CANCELED);
    EXPECT_EQ(last_report("o-1", TH_EXEC_CANCELED)->leaves_qty, 0);
    EXPECT_EQ(venue.order_status("o-1"), "canceled");
    EXPECT_EQ(venue.server().requests("DELETE", "/v2/orders/*").size(), 1u);

    // A second cancel of the done order is refused locally, under the cancel's own id.
    copy_str(c.client_order_id, "c-2");
    h->send("orders", c);
    ASSERT_TRUE(wait([&] { return count_reports("c-2", TH_EXEC_REJECTED) == 1; }));
    EXPECT_EQ(venue.server().requests("DELETE", "/v2/orders/*").size(), 1u);
}

TEST_F(Exec, Replace) {
    make();
    start_ready();
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_NEW) == 1; }));
    th_order_request r = new_order("o-2", TH_SIDE_BUY, X(20), X(102));
    r.action = TH_ORDER_REPLACE;
    copy_str(r.orig_client_order_id, "o-1");
    h->send("orders", r);
    ASSERT_TRUE(wait([&] { return count_reports("o-2", TH_EXEC_REPLACED) == 1; }));
    const th_execution_report* rep = last_report("o-2", TH_EXEC_REPLACED);
    EXPECT_EQ(rep->order_qty, X(20));
    EXPECT_EQ(rep->status, TH_STATUS_NEW);
    EXPECT_STREQ(rep->venue_order_id, venue.order_id("o-2").c_str());
    EXPECT_EQ(venue.order_status("o-1"), "replaced");
    auto patches = venue.server().requests("PATCH", "/v2/orders/*");
    ASSERT_EQ(patches.size(), 1u);
    EXPECT_EQ(patches[0].segment(2), venue.order_id("o-1"));
    EXPECT_NE(patches[0].body.find("\"client_order_id\":\"o-2\""), std::string::npos);

    ASSERT_TRUE(venue.fill("o-2", "20", "102"));
    ASSERT_TRUE(wait([&] { return count_reports("o-2", TH_EXEC_FILL) == 1; }));
    EXPECT_EQ(count_reports("o-1", TH_EXEC_FILL), 0);
}

TEST_F(Exec, InsufficientBuyingPowerIsRejectedWithAlpacasMessage) {
    make();
    start_ready();
    venue.set_buying_power("100");
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_REJECTED) == 1; }));
    const th_execution_report* r = last_report("o-1", TH_EXEC_REJECTED);
    EXPECT_EQ(r->status, TH_STATUS_REJECTED);
    EXPECT_NE(std::string(r->reason).find("insufficient buying power"), std::string::npos) << r->reason;
    EXPECT_NE(std::string(r->reason).find("403"), std::string::npos) << r->reason;
    EXPECT_EQ(venue.order_count(), 0u);
    EXPECT_EQ(h->metric("orders_rejected"), 1);

    // The same id is never sent again, even after the rejection.
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(1), X(1)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_REJECTED) == 2; }));
    EXPECT_NE(std::string(last_report("o-1", TH_EXEC_REJECTED)->reason).find("duplicate"), std::string::npos);
    EXPECT_EQ(venue.server().requests("POST", "/v2/orders").size(), 1u);
}

TEST_F(Exec, UnprocessableOrderIsRejected) {
    make();
    start_ready();
    venue.reject_next_with(422, 40010001, "qty must be integer");
    h->send("orders", new_order("o-1", TH_SIDE_SELL, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_REJECTED) == 1; }));
    EXPECT_NE(std::string(last_report("o-1", TH_EXEC_REJECTED)->reason).find("qty must be integer"),
              std::string::npos);
}

TEST_F(Exec, KillSwitchRejectsNewOrdersWithoutSending) {
    make();
    start_ready();
    h->set_kill_switch(true);
    ASSERT_EQ(h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), X(100))), TH_OK);
    collect();  // rejected synchronously, on the executor thread
    ASSERT_EQ(count_reports("o-1", TH_EXEC_REJECTED), 1);
    EXPECT_NE(std::string(last_report("o-1", TH_EXEC_REJECTED)->reason).find("kill switch"), std::string::npos);
    EXPECT_TRUE(venue.server().requests("POST", "/v2/orders").empty());
    EXPECT_EQ(venue.order_count(), 0u);
}

TEST_F(Exec, RateLimitedOrderIsRetriedOnceAndNotDuplicated) {
    make();
    start_ready();
    doubles::Response limited = doubles::Response::json(429, R"({"code":42910000,"message":"rate limit exceeded"})");
    limited.headers = {{"X-RateLimit-Limit", "200"}, {"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "0"}};
    venue.server().inject(limited, 1);
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_NEW) == 1; }));
    EXPECT_EQ(venue.server().requests("POST", "/v2/orders").size(), 2u);  // the 429'd one and the retry
    EXPECT_EQ(venue.order_count(), 1u);
    EXPECT_EQ(h->metric("rate_limited"), 1);
    EXPECT_EQ(count_reports("o-1", TH_EXEC_REJECTED), 0);
}

TEST_F(Exec, FillMissedDuringDisconnectIsRecoveredOnceAndNeverAgain) {
    make();
    start_ready();
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_NEW) == 1; }));

    venue.set_missed_fill_mode(true);  // reconnects wait for auth; fills are not pushed
    venue.drop_streams();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED, "trade_updates") >= 1; }));
    ASSERT_TRUE(venue.fill("o-1", "10", "99.5"));
    const int reconciled_before = count_status(TH_VENUE_RECONCILED);
    venue.set_missed_fill_mode(false);

    ASSERT_TRUE(wait([&] { return fills.size() == 1 && count_status(TH_VENUE_RECONCILED) > reconciled_before; }));
    EXPECT_EQ(fills[0].qty, X(10));
    EXPECT_EQ(fills[0].px, 9950000000);
    EXPECT_STREQ(fills[0].client_order_id, "o-1");
    EXPECT_EQ(count_reports("o-1", TH_EXEC_FILL), 1);
    EXPECT_EQ(h->metric("fills"), 1);
    EXPECT_GE(venue.server().requests("GET", "/v2/account/activities/FILL").size(), 1u);
    const std::string fill_id = fills[0].fill_id;

    // The ledger holds it once: cum_qty 10, not 20.
    venue::Ledger ledger;
    const auto& stored = h->state();  // the head "ledger" and its segments "ledger.<n>"
    ASSERT_TRUE(ledger.load([&](const std::string& suffix) -> std::optional<std::string> {
        auto it = stored.find("ledger" + suffix);
        if (it == stored.end()) return std::nullopt;
        return it->second;
    }));
    ASSERT_NE(ledger.order("o-1"), nullptr);
    EXPECT_EQ(ledger.order("o-1")->cum_qty, X(10));
    EXPECT_TRUE(ledger.has_fill(fill_id, fills[0].hdr.ts));

    // Another reconnect reconciles again without publishing it again.
    const int reconciled = count_status(TH_VENUE_RECONCILED);
    venue.drop_streams();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_RECONCILED) > reconciled; }));
    EXPECT_EQ(fills.size(), 1u);

    // A restart with the persisted ledger publishes it zero more times.
    const auto saved = h->state();
    h->stop();
    h.reset();
    fills.clear();
    statuses.clear();
    reports.clear();
    make();
    h->state() = saved;
    start_ready();
    EXPECT_TRUE(fills.empty());
    EXPECT_EQ(count_reports("o-1", TH_EXEC_FILL), 0);
}

// A fresh journal: no saved ledger, or an empty one, is a fresh ledger (no "unreadable").
TEST_F(Exec, FreshStartWithoutOrWithEmptySavedLedger) {
    auto logged = [&](const char* part) {
        for (const auto& l : h->log_lines())
            if (l.find(part) != std::string::npos) return true;
        return false;
    };
    make();
    start_ready();
    EXPECT_FALSE(logged("unreadable")) << diagnostics();
    h->stop();
    h.reset();
    statuses.clear();
    balances.clear();
    make();
    h->state()["ledger"] = "";
    start_ready();
    EXPECT_FALSE(logged("unreadable")) << diagnostics();
    EXPECT_TRUE(logged("no saved ledger")) << diagnostics();
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(1), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_NEW) == 1; }));
}

// trade_updates never connects: logged, a disconnected status, and REST polling so the fill
// of an order still arrives.
TEST_F(Exec, UnreachableTradeStreamIsReportedAndPolled) {
    make();
    h->set("stream_url", "ws://127.0.0.1:1");  // nothing listens there
    h->set("poll_interval", "100ms");
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED, "trade_updates") >= 1; })) << diagnostics();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_RECONCILED, "polling") >= 1; })) << diagnostics();
    EXPECT_EQ(count_status(TH_VENUE_CONNECTED, "trade_updates"), 0);
    h->send("orders", new_order("o-1", TH_SIDE_BUY, X(10), X(100)));
    ASSERT_TRUE(wait([&] { return count_reports("o-1", TH_EXEC_NEW) == 1; })) << diagnostics();
    ASSERT_TRUE(venue.fill("o-1", "10", "99.5"));
    ASSERT_TRUE(wait([&] { return fills.size() == 1 && count_reports("o-1", TH_EXEC_FILL) == 1; })) << diagnostics();
    bool logged = false;
    for (const auto& l : h->log_lines()) logged |= l.find("trade_updates down") != std::string::npos;
    EXPECT_TRUE(logged) << diagnostics();
}

}  // namespace
}  // namespace tradehost::alpaca::test
