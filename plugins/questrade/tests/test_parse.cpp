// Questrade payloads from the documentation (test_data/) -> structs and events, exact values.
#include "parse.hpp"

#include <tradehost/testing/venue.hpp>
#include <gtest/gtest.h>
#include <tradehost/plugin.hpp>

#include <fstream>
#include <sstream>

using namespace tradehost::questrade;

namespace {

std::string data(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_FALSE(ss.str().empty()) << name;
    return ss.str();
}

using tradehost::testing::fx;  // exact decimals (the SDK's venue test helpers)

}  // namespace

TEST(QuestradeParse, TokenGrant) {
    const TokenGrant g = parse_token(data("oauth2_token.json"));
    EXPECT_EQ(g.access_token, "atFAKE-sample-access-token");
    EXPECT_EQ(g.token_type, "Bearer");
    EXPECT_EQ(g.expires_in_s, 1800);
    EXPECT_EQ(g.refresh_token, "rtFAKE-sample-refresh-token");
    EXPECT_EQ(g.api_server, "https://api01.iq.questrade.com/");
}

TEST(QuestradeParse, TokenGrantWithoutRefreshTokenIsRefusedWithoutQuotingIt) {
    try {
        parse_token(R"({"access_token":"atFAKE-secret","expires_in":1800,"api_server":"x"})");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(std::string(e.what()).find("atFAKE-secret"), std::string::npos);
    }
}

TEST(QuestradeParse, ErrorBodies) {
    auto e = parse_error(data("error_access_token_invalid.json"));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, 1017);
    EXPECT_EQ(e->message, "Access token is invalid");
    e = parse_error(data("error_invalid_route.json"));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, 3139);
    EXPECT_EQ(e->message, "Invalid route");
    EXPECT_FALSE(parse_error("Bad Request"));
    EXPECT_FALSE(parse_error(R"({"orders":[]})"));
}

TEST(QuestradeParse, AccountsAndSymbols) {
    const auto accounts = parse_accounts(data("accounts.json"));
    ASSERT_EQ(accounts.size(), 1u);
    EXPECT_EQ(accounts[0].number, "26598145");
    EXPECT_TRUE(accounts[0].is_primary);
    const auto symbols = parse_symbols(data("symbols_search.json"));
    ASSERT_EQ(symbols.size(), 2u);
    EXPECT_EQ(symbols[0].symbol, "BMO");
    EXPECT_EQ(symbols[0].symbol_id, 9292);
    EXPECT_EQ(symbols[1].currency, "CAD");
}

TEST(QuestradeParse, QuoteToThQuote) {
    const auto quotes = parse_quotes(data("markets_quotes.json"));
    ASSERT_EQ(quotes.size(), 1u);
    const VenueQuote& q = quotes[0];
    EXPECT_EQ(q.symbol_id, 38738);
    EXPECT_EQ(q.bid_px, fx("83.65"));
    EXPECT_EQ(q.ask_px, fx("83.67"));
    EXPECT_EQ(q.bid_size, fx("6500"));
    EXPECT_EQ(q.ask_size, fx("9100"));
    EXPECT_EQ(q.last_px, fx("83.66"));
    // 2014-10-24T20:06:40.131-04:00 is 2014-10-25T00:06:40.131Z.
    EXPECT_EQ(q.last_trade_ns, 1414195600131000000LL);
    const th_quote e = to_quote(q, 7, 42);
    EXPECT_EQ(e.hdr.type, TH_EV_QUOTE);
    EXPECT_EQ(e.hdr.ts, 42);
    EXPECT_EQ(e.instrument, 7u);
    EXPECT_EQ(e.bid_px, 8365000000);
    EXPECT_EQ(e.ask_qty, 910000000000);
}

TEST(QuestradeParse, OrderPostResponse) {
    const OrderResponse r = parse_order_response(data("orders_post.json"));
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.order_id, 177106005);
    ASSERT_EQ(r.orders.size(), 1u);
    EXPECT_EQ(r.orders[0].limit_px, fx("537"));
    EXPECT_EQ(r.orders[0].total_qty, fx("10"));
    EXPECT_EQ(r.orders[0].state, "Pending");
    EXPECT_EQ(map_order_state(r.orders[0].state), TH_STATUS_PENDING_NEW);
    EXPECT_EQ(map_side(r.orders[0].side), TH_SIDE_BUY);
}

TEST(QuestradeParse, OrderProcessingErrorKeepsTheOrderId) {
    const OrderResponse r = parse_order_response(data("orders_error_order_created.json"));
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, 3054);
    EXPECT_EQ(r.error->message, "Insufficient buying power");
    EXPECT_EQ(r.order_id, 177106006);
    ASSERT_EQ(r.orders.size(), 1u);
    EXPECT_EQ(map_order_state(r.orders[0].state), TH_STATUS_REJECTED);
}

TEST(QuestradeParse, OrdersListing) {
    const auto orders = parse_orders(data("accounts_orders.json"));
    ASSERT_EQ(orders.size(), 1u);
    EXPECT_EQ(orders[0].id, 173577870);
    EXPECT_EQ(orders[0].limit_px, fx("500.95"));
    EXPECT_EQ(map_order_state(orders[0].state), TH_STATUS_CANCELED);
    EXPECT_EQ(orders[0].creation_ns, *parse_time_ns("2014-10-24T00:03:41.636Z"));
}

TEST(QuestradeParse, Executions) {
    const auto xs = parse_executions(data("accounts_executions.json"));
    ASSERT_EQ(xs.size(), 1u);
    EXPECT_EQ(xs[0].id, 53817310);
    EXPECT_EQ(xs[0].order_id, 177106005);
    EXPECT_EQ(xs[0].qty, fx("10"));
    EXPECT_EQ(xs[0].price, fx("536.87"));
    EXPECT_EQ(xs[0].fees, fx("4.95"));
    EXPECT_EQ(xs[0].ts_ns, *parse_time_ns("2014-03-31T17:38:29Z"));
}

TEST(QuestradeParse, PositionsAndBalances) {
    const auto ps = parse_positions(data("accounts_positions.json"));
    ASSERT_EQ(ps.size(), 1u);
    const th_position p = to_position(ps[0], 3, 1);
    EXPECT_EQ(p.qty, fx("100"));
    EXPECT_EQ(p.avg_px, fx("60.23"));
    EXPECT_EQ(p.unrealized_pnl, fx("-6"));
    const auto bs = parse_balances(data("accounts_balances.json"));
    ASSERT_EQ(bs.size(), 2u);  // per-currency only
    const th_balance b = to_balance(bs[1], 1);
    EXPECT_STREQ(b.currency, "USD");
    EXPECT_EQ(b.total, fx("198259.05"));
    EXPECT_EQ(b.available, fx("461013.3"));
}

TEST(QuestradeParse, TimesWithOffsetsRoundTrip) {
    EXPECT_EQ(*parse_time_ns("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(*parse_time_ns("1970-01-01T00:00:00-05:00"), 5LL * 3600 * 1000000000LL);
    EXPECT_FALSE(parse_time_ns("2014-13-01T00:00:00Z"));
    EXPECT_FALSE(parse_time_ns("yesterday"));
    const int64_t t = 1414195600131000000LL;
    EXPECT_EQ(format_time(t), "2014-10-25T00:06:40.131000+00:00");
    EXPECT_EQ(*parse_time_ns(format_time(t)), t);
}
