// exchange: the Coinbase Advanced Trade dialect: the CDP JWT (ES256) is
// verified with the public key exactly as the venue verifies it, its header and claims are the
// documented ones, request bodies are the documented create/cancel shapes, and every documented
// payload in test_data/coinbase parses to exact values. The EC key pair (coinbase_test_keys.hpp)
// was generated for these tests only; it is not a Coinbase credential.
#include "registry.hpp"
#include "coinbase_test_keys.hpp"
#include "dialects/coinbase_jwt.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

using namespace tradehost::exchange;
using exchange_test::fx;
namespace json = tradehost::venue::json;
namespace cb = tradehost::exchange::coinbase;

namespace {

const char* kTestPrivateKey = exchange_test::kCoinbasePrivateKey;
const char* kTestPublicKey = exchange_test::kCoinbasePublicKey;
const char* kOtherPublicKey =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAETquJ8WASUBo2Je5CF/hdxAJ1nhJ8\n"
    "KZoWadDhO/+uI4iSMTDO3I6QK6TFr+ZhVKA1naX16ssnv5NJjWU1cwCnUw==\n"
    "-----END PUBLIC KEY-----\n";
const char* kKeyName = exchange_test::kCoinbaseKeyName;

const std::string* header(const tradehost::venue::HttpRequest& r, const char* name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return &v;
    return nullptr;
}

std::string nonce_of(const std::string& header_json) {
    json::Decoder d;
    return std::string(*json::string_field(d.parse(header_json).get_object(), "nonce"));
}

TEST(CoinbaseJwt, SignsEs256TokenThatVerifiesWithThePublicKey) {
    cb::JwtParts p{kKeyName, "GET api.coinbase.com/api/v3/brokerage/accounts", 1700000000, "0123456789abcdef"};
    const std::string token = cb::make_jwt(p, kTestPrivateKey);
    auto v = cb::verify_jwt(token, kTestPublicKey);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->header_json,
              "{\"alg\":\"ES256\",\"kid\":\"organizations/fake-org-0000/apiKeys/fake-key-0000\","
              "\"nonce\":\"0123456789abcdef\",\"typ\":\"JWT\"}");
    EXPECT_EQ(v->claims_json,
              "{\"sub\":\"organizations/fake-org-0000/apiKeys/fake-key-0000\",\"iss\":\"cdp\","
              "\"nbf\":1700000000,\"exp\":1700000120,"
              "\"uri\":\"GET api.coinbase.com/api/v3/brokerage/accounts\"}");
    // JWS ES256: the signature is raw r||s, 64 bytes = 86 base64url characters, no padding.
    EXPECT_EQ(token.size() - token.rfind('.') - 1, 86u);
    EXPECT_EQ(token.find('='), std::string::npos);
}

TEST(CoinbaseJwt, TamperedTokenOrWrongKeyDoesNotVerify) {
    cb::JwtParts p{kKeyName, "POST api.coinbase.com/api/v3/brokerage/orders", 1700000000, "aa"};
    const std::string token = cb::make_jwt(p, kTestPrivateKey);
    EXPECT_FALSE(cb::verify_jwt(token, kOtherPublicKey).has_value());
    // Another uri under the same signature: the claims no longer match it.
    cb::JwtParts q = p;
    q.uri = "GET api.coinbase.com/api/v3/brokerage/orders";
    const std::string other = cb::make_jwt(q, kTestPrivateKey);
    const std::string forged = token.substr(0, token.find('.')) + other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                               token.substr(token.rfind('.'));
    EXPECT_FALSE(cb::verify_jwt(forged, kTestPublicKey).has_value());
    EXPECT_FALSE(cb::verify_jwt("not.a.jwt", kTestPublicKey).has_value());
}

TEST(CoinbaseJwt, AcceptsEscapedNewlinesAndRefusesANonEcSecret) {
    std::string escaped;
    for (const char* c = kTestPrivateKey; *c; ++c) escaped += *c == '\n' ? std::string("\\n") : std::string(1, *c);
    cb::JwtParts p{kKeyName, "", 1700000000, "bb"};
    auto v = cb::verify_jwt(cb::make_jwt(p, escaped), kTestPublicKey);
    ASSERT_TRUE(v.has_value());
    // The WebSocket JWT has no uri claim.
    EXPECT_EQ(v->claims_json.find("uri"), std::string::npos);
    EXPECT_THROW(cb::make_jwt(p, "c2VjcmV0LW5vdC1hLWtleQ=="), std::runtime_error);
}

TEST(CoinbaseJwt, UriClaimIsMethodHostAndPathWithoutQuery) {
    EXPECT_EQ(cb::jwt_uri("GET", "https://api.coinbase.com/api/v3/brokerage/orders/historical/fills?product_ids=BTC-USD"),
              "GET api.coinbase.com/api/v3/brokerage/orders/historical/fills");
    EXPECT_EQ(cb::jwt_uri("POST", "http://127.0.0.1:8080/api/v3/brokerage/orders"),
              "POST 127.0.0.1:8080/api/v3/brokerage/orders");
    const std::string a = cb::random_nonce(), b = cb::random_nonce();
    EXPECT_EQ(a.size(), 32u);
    EXPECT_NE(a, b);
}

class CoinbaseTest : public ::testing::Test {
protected:
    std::unique_ptr<Dialect> d = make_coinbase_dialect();
    json::Decoder dec;
    Credentials creds{kKeyName, kTestPrivateKey};
    std::string body(const char* name) { return exchange_test::read_data(std::string("coinbase/") + name); }
    tradehost::venue::HttpResponse response(long status, std::string b) {
        tradehost::venue::HttpResponse r;
        r.status = status;
        r.body = std::move(b);
        return r;
    }
};

TEST_F(CoinbaseTest, SignedRequestCarriesABearerJwtForItsMethodAndPath) {
    auto req = d->sign(d->balances(), "https://api.coinbase.com", creds, 1700000000123);
    EXPECT_EQ(req.method, "GET");
    EXPECT_EQ(req.url, "https://api.coinbase.com/api/v3/brokerage/accounts?limit=250");
    const std::string* auth = header(req, "Authorization");
    ASSERT_NE(auth, nullptr);
    ASSERT_EQ(auth->rfind("Bearer ", 0), 0u);
    auto v = cb::verify_jwt(auth->substr(7), kTestPublicKey);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->claims_json,
              std::string("{\"sub\":\"") + kKeyName +
                  "\",\"iss\":\"cdp\",\"nbf\":1700000000,\"exp\":1700000120,"
                  "\"uri\":\"GET api.coinbase.com/api/v3/brokerage/accounts\"}");
    // A fresh nonce for every request.
    auto req2 = d->sign(d->balances(), "https://api.coinbase.com", creds, 1700000000123);
    auto v2 = cb::verify_jwt(header(req2, "Authorization")->substr(7), kTestPublicKey);
    ASSERT_TRUE(v2.has_value());
    EXPECT_NE(nonce_of(v->header_json), nonce_of(v2->header_json));
}

TEST_F(CoinbaseTest, CreateOrderPostsTheDocumentedJsonBody) {
    OrderSpec o;
    o.symbol = "BTC-USD";
    o.client_order_id = "my-order-1";
    o.side = TH_SIDE_BUY;
    o.type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_GTC;
    o.qty = fx("0.01");
    o.limit_px = fx("36000");
    auto req = d->sign(d->create_order(o), "https://api.coinbase.com", creds, 1700000000000);
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(req.url, "https://api.coinbase.com/api/v3/brokerage/orders");
    EXPECT_FALSE(req.idempotent);
    EXPECT_EQ(req.body,
              "{\"client_order_id\":\"my-order-1\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\","
              "\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.01\",\"limit_price\":\"36000\","
              "\"post_only\":false}}}");
    ASSERT_NE(header(req, "Content-Type"), nullptr);
    EXPECT_EQ(*header(req, "Content-Type"), "application/json");
    auto v = cb::verify_jwt(header(req, "Authorization")->substr(7), kTestPublicKey);
    ASSERT_TRUE(v.has_value());
    EXPECT_NE(v->claims_json.find("\"uri\":\"POST api.coinbase.com/api/v3/brokerage/orders\""), std::string::npos);

    o.type = TH_ORDER_MARKET;
    o.side = TH_SIDE_SELL;
    EXPECT_EQ(d->sign(d->create_order(o), "https://x", creds, 0).body,
              "{\"client_order_id\":\"my-order-1\",\"product_id\":\"BTC-USD\",\"side\":\"SELL\","
              "\"order_configuration\":{\"market_market_ioc\":{\"base_size\":\"0.01\"}}}");
    o.type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_IOC;
    EXPECT_NE(d->sign(d->create_order(o), "https://x", creds, 0).body.find("\"sor_limit_ioc\":{\"base_size\":\"0.01\","
                                                                          "\"limit_price\":\"36000\"}"),
              std::string::npos);
    o.tif = TH_TIF_FOK;
    EXPECT_NE(d->sign(d->create_order(o), "https://x", creds, 0).body.find("\"limit_limit_fok\""), std::string::npos);
    o.type = TH_ORDER_STOP_LIMIT;
    o.tif = TH_TIF_GTC;
    o.stop_px = fx("35500");
    EXPECT_NE(d->sign(d->create_order(o), "https://x", creds, 0)
                  .body.find("\"stop_limit_stop_limit_gtc\":{\"base_size\":\"0.01\",\"limit_price\":\"36000\","
                             "\"stop_price\":\"35500\",\"stop_direction\":\"STOP_DIRECTION_STOP_DOWN\"}"),
              std::string::npos);
}

TEST_F(CoinbaseTest, UnsupportedOrdersAreNamed) {
    OrderSpec o;
    o.type = TH_ORDER_STOP;
    EXPECT_TRUE(d->unsupported(o).has_value());
    o.type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_DAY;
    EXPECT_TRUE(d->unsupported(o).has_value());
    o.tif = TH_TIF_GTC;
    EXPECT_FALSE(d->unsupported(o).has_value());
}

TEST_F(CoinbaseTest, CancelAndQueriesUseTheVenueOrderId) {
    EXPECT_TRUE(d->cancels_by_venue_id());
    auto req = d->sign(d->cancel_order("BTC-USD", "my-order-1", "11111-00000-000000"), "https://api.coinbase.com", creds, 0);
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(req.url, "https://api.coinbase.com/api/v3/brokerage/orders/batch_cancel");
    EXPECT_EQ(req.body, "{\"order_ids\":[\"11111-00000-000000\"]}");
    EXPECT_EQ(d->sign(d->fetch_order("BTC-USD", "my-order-1", "11111-00000-000000"), "https://h", creds, 0).url,
              "https://h/api/v3/brokerage/orders/historical/11111-00000-000000");
    // Without the venue id (a lost create answer): the product's orders, ours picked by client id.
    EXPECT_EQ(d->sign(d->fetch_order("BTC-USD", "my-order-1", ""), "https://h", creds, 0).url,
              "https://h/api/v3/brokerage/orders/historical/batch?product_ids=BTC-USD");
    auto listed = d->parse_fetched_order(dec, body("orders_historical_batch.json"), "my-order-1");
    ASSERT_TRUE(listed.has_value());
    EXPECT_EQ(listed->venue_order_id, "11111-00000-000000");
    EXPECT_FALSE(d->parse_fetched_order(dec, body("orders_historical_batch.json"), "not-there").has_value());
    EXPECT_EQ(d->sign(*d->order_fills("BTC-USD", "11111-00000-000000"), "https://h", creds, 0).url,
              "https://h/api/v3/brokerage/orders/historical/fills?order_ids=11111-00000-000000&limit=1000");
    EXPECT_EQ(d->sign(d->open_orders("BTC-USD"), "https://h", creds, 0).url,
              "https://h/api/v3/brokerage/orders/historical/batch?order_status=OPEN&product_ids=BTC-USD");
    EXPECT_EQ(d->sign(d->my_trades("BTC-USD", 1699974000000), "https://h", creds, 0).url,
              "https://h/api/v3/brokerage/orders/historical/fills?product_ids=BTC-USD"
              "&start_sequence_timestamp=2023-11-14T15%3A00%3A00.000000000Z&limit=1000");
}

TEST_F(CoinbaseTest, ParsesProductsIntoMarketRulesAndTheDocumentedLimits) {
    ExchangeInfo info = d->parse_markets(dec, body("products.json"));
    ASSERT_EQ(info.markets.size(), 2u);
    const Market& m = info.markets[0];
    EXPECT_EQ(m.symbol, "BTC-USD");
    EXPECT_EQ(m.base, "BTC");
    EXPECT_EQ(m.quote, "USD");
    EXPECT_TRUE(m.trading);
    EXPECT_EQ(m.tick_size, fx("0.01"));
    EXPECT_EQ(m.step_size, fx("0.00000001"));
    EXPECT_EQ(m.min_qty, fx("0.00000001"));
    EXPECT_EQ(m.max_qty, fx("3400"));
    EXPECT_EQ(m.min_notional, fx("1"));
    EXPECT_FALSE(info.markets[1].trading);  // cancel_only
    EXPECT_EQ(info.markets[1].tick_size, fx("0.00001"));
    ASSERT_EQ(info.limits.size(), 2u);
    EXPECT_EQ(info.limits[0].bucket, "PRIVATE_1S");
    EXPECT_EQ(info.limits[0].limit, 30u);
    EXPECT_EQ(info.limits[0].window, std::chrono::seconds(1));
    EXPECT_EQ(info.limits[1].limit, 10u);
}

TEST_F(CoinbaseTest, ParsesBestBidAskBookTradesAndAccounts) {
    Ticker t = d->parse_ticker(dec, body("best_bid_ask.json"));
    EXPECT_EQ(t.symbol, "BTC-USD");
    EXPECT_EQ(t.bid_px, fx("36999.99"));
    EXPECT_EQ(t.bid_qty, fx("0.5123"));
    EXPECT_EQ(t.ask_px, fx("37000.01"));
    EXPECT_EQ(t.ask_qty, fx("1.25"));
    EXPECT_EQ(t.ts_ns, 1699974062123456000);

    OrderBook b = d->parse_order_book(dec, "BTC-USD", body("product_book.json"));
    ASSERT_EQ(b.bids.size(), 2u);
    ASSERT_EQ(b.asks.size(), 2u);
    EXPECT_EQ(b.bids[1].px, fx("36999.5"));
    EXPECT_EQ(b.asks[1].qty, fx("0.003"));

    auto trades = d->parse_trades(dec, "BTC-USD", body("product_ticker.json"));
    ASSERT_EQ(trades.size(), 2u);
    EXPECT_EQ(trades[0].trade_id, "571352218");
    EXPECT_EQ(trades[0].px, fx("37000.01"));
    EXPECT_EQ(trades[0].qty, fx("0.0025"));
    EXPECT_EQ(trades[0].aggressor, TH_SIDE_BUY);
    EXPECT_EQ(trades[0].ts_ns, 1699974061500000000);
    EXPECT_EQ(trades[1].aggressor, TH_SIDE_SELL);

    auto balances = d->parse_balances(dec, body("accounts.json"));
    ASSERT_EQ(balances.size(), 2u);
    EXPECT_EQ(balances[0].asset, "BTC");
    EXPECT_EQ(balances[0].free, fx("1.23"));
    EXPECT_EQ(balances[0].locked, fx("0.5"));
    EXPECT_EQ(balances[1].free, fx("10000.5"));
    EXPECT_EQ(balances[1].locked, 0);
}

TEST_F(CoinbaseTest, ParsesCreateCancelAndOrderAnswers) {
    const std::string ok = body("create_order_success.json");
    EXPECT_FALSE(d->parse_error(dec, response(200, ok)));
    OrderState s = d->parse_order(dec, ok);
    EXPECT_EQ(s.venue_order_id, "11111-00000-000000");
    EXPECT_EQ(s.client_order_id, "my-order-1");
    EXPECT_EQ(s.symbol, "BTC-USD");
    EXPECT_EQ(s.side, TH_SIDE_BUY);
    EXPECT_EQ(s.status, TH_STATUS_NEW);
    EXPECT_EQ(s.order_qty, fx("0.01"));
    EXPECT_EQ(s.price, fx("36000"));

    const std::string cancel = body("batch_cancel.json");
    EXPECT_FALSE(d->parse_error(dec, response(200, cancel)));
    s = d->parse_order(dec, cancel);
    EXPECT_EQ(s.venue_order_id, "11111-00000-000000");
    EXPECT_EQ(s.status, TH_STATUS_CANCELED);

    s = d->parse_order(dec, body("order_historical.json"));
    EXPECT_EQ(s.client_order_id, "my-order-1");
    EXPECT_EQ(s.status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(s.order_qty, fx("0.01"));
    EXPECT_EQ(s.executed_qty, fx("0.004"));
    EXPECT_EQ(s.cum_quote, fx("144"));
    EXPECT_EQ(s.ts_ns, 1699974000250000000);

    auto open = d->parse_open_orders(dec, body("orders_historical_batch.json"));
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0].status, TH_STATUS_NEW);
    EXPECT_EQ(open[1].client_order_id, "my-order-2");
    EXPECT_EQ(open[1].status, TH_STATUS_CANCELED);
    EXPECT_EQ(open[1].order_qty, fx("0.2"));
    EXPECT_EQ(open[1].side, TH_SIDE_SELL);
}

TEST_F(CoinbaseTest, ParsesFillsWithEntryIdsAndQuoteFees) {
    auto fills = d->parse_my_trades(dec, body("fills.json"));
    ASSERT_EQ(fills.size(), 2u);
    EXPECT_EQ(fills[0].fill_id, "BTC-USD:22222-2222222-22222222");
    EXPECT_EQ(fills[0].venue_order_id, "11111-00000-000000");
    EXPECT_EQ(fills[0].px, fx("36000"));
    EXPECT_EQ(fills[0].qty, fx("0.001"));
    EXPECT_EQ(fills[0].fee, fx("0.216"));
    EXPECT_EQ(fills[0].fee_asset, "USD");
    EXPECT_EQ(fills[0].side, TH_SIDE_BUY);
    EXPECT_EQ(fills[0].liquidity, TH_LIQ_MAKER);
    EXPECT_EQ(fills[0].ts_ns, 1699974003000000000);
    EXPECT_EQ(fills[1].liquidity, TH_LIQ_TAKER);
}

TEST_F(CoinbaseTest, StreamSubscribesPerChannelAndParsesTickerAndTrades) {
    auto subs = d->market_subscribe({"BTC-USD", "ETH-USD"});
    ASSERT_EQ(subs.size(), 3u);
    EXPECT_EQ(subs[0], "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"ticker\"}");
    EXPECT_EQ(subs[1], "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"market_trades\"}");
    EXPECT_EQ(subs[2], "{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}");

    MarketMessage m = d->parse_market_message(dec, body("ws_ticker.json"));
    ASSERT_EQ(m.tickers.size(), 1u);
    ASSERT_TRUE(m.sequence.has_value());
    const Ticker& t = m.tickers[0];
    EXPECT_EQ(t.symbol, "BTC-USD");
    EXPECT_EQ(t.bid_px, fx("21931.98"));
    EXPECT_EQ(t.bid_qty, fx("8000.21"));
    EXPECT_EQ(t.ask_px, fx("21933.98"));
    EXPECT_EQ(t.ask_qty, fx("8038.07770938"));

    m = d->parse_market_message(dec, body("ws_market_trades.json"));
    ASSERT_EQ(m.trades.size(), 1u);
    EXPECT_EQ(m.sequence, std::optional<int64_t>(7));
    const PublicTrade& p = m.trades[0];
    EXPECT_EQ(p.symbol, "ETH-USD");
    EXPECT_EQ(p.trade_id, "000000000");
    EXPECT_EQ(p.px, fx("1260.01"));
    EXPECT_EQ(p.qty, fx("0.3"));
    EXPECT_EQ(p.ts_ns, 1565815347265000000);

    EXPECT_TRUE(d->parse_market_message(dec, body("ws_heartbeats.json")).empty());
    EXPECT_TRUE(d->parse_market_message(dec, body("ws_subscriptions.json")).empty());
    // Several trades in one message (an update batches them): every one is returned.
    m = d->parse_market_message(
        dec, R"({"channel":"market_trades","client_id":"","timestamp":"2023-02-09T20:19:35.39625135Z","sequence_num":8,)"
             R"("events":[{"type":"update","trades":[)"
             R"({"trade_id":"1","product_id":"BTC-USD","price":"100.5","size":"0.1","side":"BUY","time":"2019-08-14T20:42:27.265Z"},)"
             R"({"trade_id":"2","product_id":"BTC-USD","price":"100.6","size":"0.2","side":"SELL","time":"2019-08-14T20:42:27.266Z"}]}]})");
    ASSERT_EQ(m.trades.size(), 2u);
    EXPECT_EQ(m.trades[1].trade_id, "2");
    EXPECT_EQ(m.trades[1].aggressor, TH_SIDE_SELL);
    EXPECT_EQ(m.sequence, std::optional<int64_t>(8));
}

TEST_F(CoinbaseTest, UserChannelSubscribesWithAVerifiableJwtAndParsesOrderUpdates) {
    auto subs = d->user_subscribe("", creds);
    ASSERT_EQ(subs.size(), 2u);
    json::Decoder jd;
    json::object o = jd.parse(subs[0]).get_object();
    EXPECT_EQ(std::string(*json::string_field(o, "type")), "subscribe");
    EXPECT_EQ(std::string(*json::string_field(o, "channel")), "user");
    auto v = cb::verify_jwt(std::string(*json::string_field(o, "jwt")), kTestPublicKey);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->claims_json.find("uri"), std::string::npos);
    EXPECT_FALSE(d->user_stream_open().has_value());

    auto msg = d->parse_user_message(dec, body("ws_user.json"));
    EXPECT_EQ(msg.sequence, std::optional<int64_t>(3));
    const auto& updates = msg.updates;
    ASSERT_EQ(updates.size(), 2u);
    EXPECT_EQ(updates[0].order.client_order_id, "my-order-1");
    EXPECT_EQ(updates[0].order.venue_order_id, "11111-00000-000000");
    EXPECT_EQ(updates[0].order.status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(updates[0].order.executed_qty, fx("0.004"));
    EXPECT_EQ(updates[0].order.order_qty, fx("0.01"));
    EXPECT_FALSE(updates[0].fill.has_value());  // the user channel has no per-fill ids
    EXPECT_EQ(updates[1].order.status, TH_STATUS_CANCELED);
    EXPECT_EQ(updates[1].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(updates[1].order.reject_reason, "User requested cancel");
    EXPECT_TRUE(d->parse_user_message(dec, body("ws_heartbeats.json")).updates.empty());
}

}  // namespace
