// Orders against the OANDA double through the loaded plugin: market fills, resting limits
// filled on the transaction stream, cancels and replaces by client id, venue rejections,
// bad credentials, 429 back-off.
#include "oanda_fixture.hpp"

using namespace oanda_test;

TEST_F(Oanda, MarketOrderFilledImmediately) {
    make_venue();
    venue->push_price("EUR_USD", "1.10000", "1.10020");
    start();
    wait_ready();
    send(order("m1", TH_SIDE_BUY, TH_ORDER_MARKET, "100"));
    ASSERT_TRUE(until([&] { return count_reports("m1", TH_EXEC_FILL) == 1 && fills.size() == 1; }));
    EXPECT_EQ(count_reports("m1", TH_EXEC_NEW), 1u);
    const th_execution_report* r = last_report("m1");
    EXPECT_EQ(r->status, TH_STATUS_FILLED);
    EXPECT_EQ(r->cum_qty, fx("100"));
    EXPECT_EQ(r->leaves_qty, 0);
    EXPECT_EQ(r->avg_px, fx("1.1002"));
    EXPECT_EQ(r->instrument, eur);
    const th_fill& f = fills[0];
    EXPECT_STREQ(f.client_order_id, "m1");
    EXPECT_EQ(f.side, TH_SIDE_BUY);
    EXPECT_EQ(f.px, fx("1.1002"));
    EXPECT_EQ(f.qty, fx("100"));
    EXPECT_EQ(std::string(f.fill_id), std::to_string(venue->last_transaction_id()));  // the ORDER_FILL id
    ASSERT_TRUE(until([&] { return !positions.empty() && !balances.empty(); }));
    EXPECT_EQ(positions.back().qty, fx("100"));
    EXPECT_EQ(positions.back().avg_px, fx("1.1002"));
    EXPECT_STREQ(balances.back().currency, "USD");

    // What went over the wire: bearer token, RFC 3339, our client id in clientExtensions.
    auto posts = venue->requests("POST", "/v3/accounts/*/orders");
    ASSERT_EQ(posts.size(), 1u);
    ASSERT_NE(posts[0].header("Authorization"), nullptr);
    EXPECT_EQ(*posts[0].header("Authorization"), "Bearer " + venue->options().token);
    ASSERT_NE(posts[0].header("Accept-Datetime-Format"), nullptr);
    EXPECT_EQ(*posts[0].header("Accept-Datetime-Format"), "RFC3339");
    EXPECT_NE(posts[0].body.find(R"("clientExtensions":{"id":"m1"})"), std::string::npos);
    EXPECT_NE(posts[0].body.find(R"("timeInForce":"FOK")"), std::string::npos);

    // The same fill arrives again on the transaction stream: never published twice. A later
    // stream fill proves the stream got past it.
    send(order("l2", TH_SIDE_SELL, TH_ORDER_LIMIT, "50", "1.2"));
    ASSERT_TRUE(until([&] { return count_reports("l2", TH_EXEC_NEW) == 1; }));
    ASSERT_TRUE(venue->fill("l2", "50", "1.2"));
    ASSERT_TRUE(until([&] { return fills_of("l2") == 1; }));
    EXPECT_EQ(fills_of("m1"), 1u);
    EXPECT_EQ(h->metric("fills"), 2);
    EXPECT_EQ(h->metric("orders_sent"), 2);
}

TEST_F(Oanda, LimitOrderRestsThenFillsOnTheTransactionStream) {
    make_venue();
    start();
    wait_ready();
    send(order("l1", TH_SIDE_SELL, TH_ORDER_LIMIT, "100", "1.2", TH_TIF_DAY));
    ASSERT_TRUE(until([&] { return count_reports("l1", TH_EXEC_NEW) == 1; }));
    EXPECT_TRUE(fills.empty());
    auto posts = venue->requests("POST", "/v3/accounts/*/orders");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_NE(posts[0].body.find(R"("timeInForce":"GFD")"), std::string::npos);
    EXPECT_NE(posts[0].body.find(R"("units":"-100")"), std::string::npos);

    ASSERT_TRUE(venue->fill("l1", "40", "1.2"));
    ASSERT_TRUE(until([&] { return count_reports("l1", TH_EXEC_PARTIAL_FILL) == 1; }));
    ASSERT_TRUE(venue->fill("l1", "60", "1.21"));
    ASSERT_TRUE(until([&] { return count_reports("l1", TH_EXEC_FILL) == 1; }));
    ASSERT_EQ(fills.size(), 2u);
    EXPECT_EQ(fills[0].side, TH_SIDE_SELL);
    EXPECT_EQ(fills[0].qty, fx("40"));
    EXPECT_EQ(fills[1].px, fx("1.21"));
    const th_execution_report* r = last_report("l1");
    EXPECT_EQ(r->status, TH_STATUS_FILLED);
    EXPECT_EQ(r->cum_qty, fx("100"));
    EXPECT_EQ(r->avg_px, fx("1.206"));  // (40*1.2 + 60*1.21) / 100
    ASSERT_TRUE(until([&] { return !positions.empty() && positions.back().qty == fx("-100"); }));
}

TEST_F(Oanda, CancelByClientId) {
    make_venue();
    start();
    wait_ready();
    send(order("c1", TH_SIDE_BUY, TH_ORDER_LIMIT, "10", "1.05"));
    ASSERT_TRUE(until([&] { return count_reports("c1", TH_EXEC_NEW) == 1; }));
    send(cancel("c1-cx", "c1"));
    ASSERT_TRUE(until([&] { return count_reports("c1", TH_EXEC_CANCELED) == 1; }));
    EXPECT_EQ(last_report("c1")->status, TH_STATUS_CANCELED);
    EXPECT_STREQ(last_report("c1")->reason, "");
    auto puts = venue->requests("PUT", "/v3/accounts/*/orders/*/cancel");
    ASSERT_EQ(puts.size(), 1u);
    EXPECT_EQ(puts[0].segment(4), "@c1");

    // A second cancel is refused locally; one for an unknown id too.
    send(cancel("c1-cx2", "c1"));
    send(cancel("c9-cx", "c9"));
    ASSERT_TRUE(until([&] { return count_reports("c9-cx", TH_EXEC_REJECTED) == 1; }));
    EXPECT_STREQ(last_report("c9-cx")->reason, "unknown order c9");
    EXPECT_EQ(count_reports("c1-cx2", TH_EXEC_REJECTED), 1u);
    EXPECT_EQ(venue->requests("PUT", "/v3/accounts/*/orders/*/cancel").size(), 1u);
}

TEST_F(Oanda, ReplaceByClientId) {
    make_venue();
    start();
    wait_ready();
    send(order("r1", TH_SIDE_BUY, TH_ORDER_LIMIT, "10", "1.05"));
    ASSERT_TRUE(until([&] { return count_reports("r1", TH_EXEC_NEW) == 1; }));
    auto rep = order("r2", TH_SIDE_BUY, TH_ORDER_LIMIT, "20", "1.06");
    rep.action = TH_ORDER_REPLACE;
    tradehost::copy_str(rep.orig_client_order_id, "r1");
    send(rep);
    ASSERT_TRUE(until([&] { return count_reports("r2", TH_EXEC_REPLACED) == 1; }));
    EXPECT_EQ(last_report("r2")->order_qty, fx("20"));
    auto puts = venue->requests("PUT", "/v3/accounts/*/orders/*");
    ASSERT_EQ(puts.size(), 1u);
    EXPECT_EQ(puts[0].segment(4), "@r1");
    ASSERT_TRUE(venue->fill("r2", "20", "1.06"));
    ASSERT_TRUE(until([&] { return count_reports("r2", TH_EXEC_FILL) == 1; }));
    EXPECT_FALSE(venue->fill("r1", "10", "1.05"));  // the replaced order is gone at the venue
}

TEST_F(Oanda, InsufficientMarginIsARejectWithOandasReason) {
    OandaDoubleOptions o;
    o.balance = fx("1000");
    make_venue(o);
    venue->push_price("EUR_USD", "1.10000", "1.10020");
    start();
    wait_ready();
    send(order("big", TH_SIDE_BUY, TH_ORDER_MARKET, "1000000"));
    ASSERT_TRUE(until([&] { return count_reports("big", TH_EXEC_REJECTED) == 1; }));
    EXPECT_STREQ(last_report("big")->reason, "INSUFFICIENT_MARGIN");
    EXPECT_EQ(last_report("big")->status, TH_STATUS_REJECTED);
    EXPECT_EQ(count_reports("big", TH_EXEC_NEW), 0u);
    EXPECT_TRUE(fills.empty());
    EXPECT_EQ(h->metric("orders_rejected"), 1);

    // A venue 400 carries OANDA's errorCode and errorMessage.
    send(order("frac", TH_SIDE_BUY, TH_ORDER_LIMIT, "0.5", "1.0"));
    ASSERT_TRUE(until([&] { return count_reports("frac", TH_EXEC_REJECTED) == 1; }));
    // In the kit's unified form: "oanda <errorCode> <errorMessage>".
    EXPECT_STREQ(last_report("frac")->reason,
                 "oanda UNITS_PRECISION_EXCEEDED The units specified has more precision than is allowed");
}

TEST_F(Oanda, BadTokenRejectsOrdersAndReportsStatusWithoutLoggingIt) {
    make_venue();
    const std::string wrong = "wrong-token-abcdef-0123";
    h = plugin({}, nullptr, wrong);
    eur = h->intern("EUR_USD");
    ASSERT_TRUE(until([&] { return count_status(TH_VENUE_DISCONNECTED) >= 1; }));
    EXPECT_NE(std::string(statuses[0].text).find("Insufficient authorization"), std::string::npos);
    send(order("t1", TH_SIDE_BUY, TH_ORDER_MARKET, "1"));
    ASSERT_TRUE(until([&] { return count_reports("t1", TH_EXEC_REJECTED) == 1; }));
    // "venue not ready: <why>", the kit's text for orders the venue cannot take yet.
    EXPECT_NE(std::string(last_report("t1")->reason).find("venue not ready:"), std::string::npos);
    EXPECT_NE(std::string(last_report("t1")->reason).find("Insufficient authorization to perform request."),
              std::string::npos);
    EXPECT_EQ(venue->orders_created(), 0u);
    h->stop();
    for (const std::string& line : h->log_lines()) {
        EXPECT_EQ(line.find(wrong), std::string::npos) << line;
        EXPECT_EQ(line.find(venue->options().token), std::string::npos) << line;
    }
    for (const auto& s : statuses) EXPECT_EQ(std::string(s.text).find(wrong), std::string::npos);
}

TEST_F(Oanda, RateLimitedOrderBacksOffLooksUpAndIsSentOnce) {
    make_venue();
    venue->push_price("EUR_USD", "1.10000", "1.10020");
    start();
    wait_ready();
    venue->inject_429(1, "", "POST");  // the order's POST, not a poll racing it
    send(order("rl1", TH_SIDE_BUY, TH_ORDER_MARKET, "100"));
    ASSERT_TRUE(until([&] { return count_reports("rl1", TH_EXEC_FILL) == 1; }));
    EXPECT_EQ(h->metric("rate_limited"), 1);
    EXPECT_EQ(venue->orders_created(), 1u);  // the 429'd POST created nothing; one resend did
    EXPECT_EQ(venue->requests("POST", "/v3/accounts/*/orders").size(), 2u);
    // Before sending again the adapter asked whether the order existed.
    EXPECT_EQ(venue->requests("GET", "/v3/accounts/*/orders/*").size(), 1u);
    EXPECT_EQ(fills_of("rl1"), 1u);

    // An idempotent GET after a 429 is simply retried after the back-off.
    venue->inject_429(2);
    send(order("rl2", TH_SIDE_BUY, TH_ORDER_LIMIT, "5", "1.0"));
    ASSERT_TRUE(until([&] { return count_reports("rl2", TH_EXEC_NEW) == 1; }));
    EXPECT_EQ(h->metric("rate_limited"), 3);
    EXPECT_EQ(venue->orders_created(), 2u);
}

// A host id from a long instance name (TH_ID_LEN - 1 characters) fits clientExtensions.id as
// it is: OANDA knows the order by it (cancel by "@<id>"), and fills carry it.
TEST_F(Oanda, LongClientOrderIdIsSentAsItIs) {
    const std::string id = "momentum-breakout-eu-session-tkt-170001";
    ASSERT_EQ(id.size(), TH_ID_LEN - 1u);
    make_venue();
    start();
    wait_ready();
    send(order(id, TH_SIDE_BUY, TH_ORDER_LIMIT, "10", "1.05"));
    ASSERT_TRUE(until([&] { return count_reports(id, TH_EXEC_NEW) == 1; }));
    auto posts = venue->requests("POST", "/v3/accounts/*/orders");
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_NE(posts[0].body.find("\"clientExtensions\":{\"id\":\"" + id + "\"}"), std::string::npos) << posts[0].body;
    ASSERT_TRUE(venue->fill(id, "10", "1.05"));
    ASSERT_TRUE(until([&] { return count_reports(id, TH_EXEC_FILL) == 1 && fills_of(id) == 1; }));
}

// A fresh journal (nothing saved) and an empty saved ledger both start a fresh ledger, never
// "the saved ledger is unreadable"; the watermark then comes from the account summary.
TEST_F(Oanda, FreshJournalStartsAFreshLedger) {
    auto logged = [&](const char* part) {
        for (const auto& l : h->log_lines())
            if (l.find(part) != std::string::npos) return true;
        return false;
    };
    make_venue();
    start();
    wait_ready();
    EXPECT_FALSE(logged("unreadable"));
    EXPECT_TRUE(logged("no saved ledger"));
    h->stop();
    const std::map<std::string, std::string> empty = {{"ledger", ""}};
    h = plugin({}, &empty);
    eur = h->intern("EUR_USD");
    statuses.clear();
    ASSERT_TRUE(until([&] { return count_status(TH_VENUE_RECONCILED) >= 1; }));
    EXPECT_FALSE(logged("unreadable"));
    send(order("fresh-1", TH_SIDE_BUY, TH_ORDER_LIMIT, "10", "1.05"));
    ASSERT_TRUE(until([&] { return count_reports("fresh-1", TH_EXEC_NEW) == 1; }));
}
