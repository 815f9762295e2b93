// polymarket: authentication headers and REST answers, pure. The HMAC vector is the official
// clients' (clob-client-v2 tests/signing/hmac.test.ts, commit f3e1a05, and py-clob-client
// tests/signing/test_hmac.py; read 2026-12-02); answer shapes from clob-client-v2's types
// and docs.polymarket.com's examples (read 2026-12-02).
#include "auth.hpp"
#include "crypto/clob_typed.hpp"
#include "crypto/wallet.hpp"
#include "orders/book_hash.hpp"
#include "parse.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace tradehost::polymarket;

namespace {

constexpr const char* kHardhatKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

TEST(PolymarketAuth, L2HmacOfficialVector) {
    auto sig = l2_signature("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 1000000, "test-sign", "/orders",
                            "{\"hash\": \"0x123\"}");
    ASSERT_TRUE(sig);
    EXPECT_EQ(*sig, "ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc=");
    EXPECT_FALSE(l2_signature("***", 1, "GET", "/x", ""));
}

TEST(PolymarketAuth, L2HeadersCarryKeyPassphraseAndSignature) {
    ApiCreds c{"key-1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "pass-1"};
    auto h = l2_headers("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", c, 1000000, "test-sign", "/orders",
                        "{\"hash\": \"0x123\"}");
    ASSERT_EQ(h.size(), 5u);
    EXPECT_EQ(h[0], (std::pair<std::string, std::string>{"POLY_ADDRESS", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"}));
    EXPECT_EQ(h[1].second, "ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc=");
    EXPECT_EQ(h[2].second, "1000000");
    EXPECT_EQ(h[3], (std::pair<std::string, std::string>{"POLY_API_KEY", "key-1"}));
    EXPECT_EQ(h[4], (std::pair<std::string, std::string>{"POLY_PASSPHRASE", "pass-1"}));
}

// The L1 headers' signature is the ClobAuth vector of the official clients (test_crypto.cpp).
TEST(PolymarketAuth, L1HeadersSignClobAuth) {
    Wallet w(kHardhatKey);
    auto h = l1_headers(w, 80002, 10000000, 23);
    ASSERT_EQ(h.size(), 4u);
    EXPECT_EQ(h[0].second, w.address());
    EXPECT_EQ(h[1].second,
              "0xf62319a987514da40e57e2f4d7529f7bac38f0355bd88bb5adbb3768d80de6c1682518e0af677d5260366425f4361e7b70c25ae232aff0ab2331e2b164a1aedc1b");
    EXPECT_EQ(h[2].second, "10000000");
    EXPECT_EQ(h[3].second, "23");
}

TEST(PolymarketParse, VersionCredsAndBook) {
    EXPECT_EQ(parse_version(R"({"version":3})"), 3);
    EXPECT_EQ(parse_version("{}"), 2);  // the client's default
    auto c = parse_creds(R"({"apiKey":"k","secret":"s","passphrase":"p"})");
    EXPECT_EQ(c.key, "k");
    EXPECT_EQ(c.passphrase, "p");
    EXPECT_THROW(parse_creds(R"({"apiKey":"k"})"), std::runtime_error);
    auto m = parse_book_meta(R"({"market":"0xc0nd","asset_id":"123","timestamp":"1","bids":[],"asks":[],
        "min_order_size":"5","tick_size":"0.001","neg_risk":true,"hash":"","last_trade_price":"0.5"})");
    EXPECT_EQ(m.market, "0xc0nd");
    EXPECT_EQ(m.tick, 100000);
    EXPECT_EQ(m.min_size, 500000000);
    EXPECT_TRUE(m.neg_risk);
    try {
        parse_book_meta(R"({"market":"m","asset_id":"1","min_order_size":"5","neg_risk":false})");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("tick_size"), std::string::npos);
    }
}

// py-clob-client tests/test_utilities.py test_generate_orderbook_summary_hash (commit f1a8807,
// read 2026-12-02): the server's book hash of two published summaries.
TEST(PolymarketBookHash, OfficialClientVectors) {
    BookSummary b;
    b.market = "0xaabbcc";
    b.asset_id = "100";
    b.timestamp = "123456789";
    b.bids = {{"0.3", "100"}, {"0.4", "100"}};
    b.asks = {{"0.6", "100"}, {"0.7", "100"}};
    b.min_order_size = "100";
    b.tick_size = "0.01";
    b.last_trade_price = "0.5";
    EXPECT_EQ(book_summary_hash(b), "0458ea5755c9f73d64a14636fa5c36ed460ec394");
    BookSummary empty = b;
    empty.timestamp = "";
    empty.bids.clear();
    empty.asks.clear();
    EXPECT_EQ(book_summary_hash(empty), "74c6a7c81c1d572f1c877b7d3e25b80c336d8a6e");

    // GET /book's answer is checked against its own hash, in any field order.
    const std::string ok = R"({"asset_id":"100","market":"0xaabbcc","timestamp":"123456789",
        "hash":"0458ea5755c9f73d64a14636fa5c36ed460ec394","bids":[{"price":"0.3","size":"100"},{"price":"0.4","size":"100"}],
        "asks":[{"price":"0.6","size":"100"},{"price":"0.7","size":"100"}],"min_order_size":"100","tick_size":"0.01",
        "neg_risk":false,"last_trade_price":"0.5"})";
    auto m = parse_book_meta(ok);
    EXPECT_TRUE(m.hash_given);
    EXPECT_TRUE(m.hash_ok);
    std::string altered = ok;
    altered.replace(altered.find("\"0.7\""), 5, "\"0.8\"");
    m = parse_book_meta(altered);
    EXPECT_TRUE(m.hash_given);
    EXPECT_FALSE(m.hash_ok);
}

TEST(PolymarketParse, OrdersTradesAndCancels) {
    // The docs' get-single-order example (api-reference/trade/get-single-order-by-id) uses the
    // ORDER_STATUS_ prefix; the listing uses bare states: both read the same.
    auto o = parse_order(R"({"id":"0xabc","status":"ORDER_STATUS_LIVE","owner":"k","maker_address":"0x1",
        "market":"0x2","asset_id":"7","side":"BUY","original_size":"100","size_matched":"25.5","price":"0.5",
        "outcome":"YES","expiration":"0","order_type":"GTC","associate_trades":[],"created_at":1700000000})");
    EXPECT_EQ(o.status, "LIVE");
    EXPECT_EQ(o.size_matched, 2550000000);
    auto p = parse_orders_page(R"({"data":[{"id":"1","status":"LIVE","asset_id":"7","side":"SELL",
        "original_size":"10","size_matched":"0","price":"0.25"}],"next_cursor":"LTE=","limit":500,"count":1})");
    ASSERT_EQ(p.orders.size(), 1u);
    EXPECT_EQ(p.next_cursor, "LTE=");
    // A trade where we took, and one where one of two makers is ours.
    auto t = parse_trades_page(R"({"data":[
        {"id":"t1","taker_order_id":"0xours","status":"MATCHED","match_time":"1700000001","side":"BUY","size":"10",
         "price":"0.5","trader_side":"TAKER","maker_orders":[]},
        {"id":"t2","taker_order_id":"0xtheirs","status":"CONFIRMED","match_time":"1700000002","side":"SELL","size":"7",
         "price":"0.4","trader_side":"MAKER","maker_orders":[
            {"order_id":"0xm1","owner":"other","matched_amount":"3","price":"0.4"},
            {"order_id":"0xm2","owner":"me","matched_amount":"4","price":"0.4"}]}],"next_cursor":"LTE="})",
                               "me");
    ASSERT_EQ(t.fills.size(), 2u);
    EXPECT_EQ(t.fills[0].order_id, "0xours");
    EXPECT_EQ(t.fills[0].size, 1000000000);
    EXPECT_EQ(t.fills[1].order_id, "0xm2");
    EXPECT_EQ(t.fills[1].size, 400000000);
    EXPECT_EQ(t.fills[1].status, "CONFIRMED");
    auto c = parse_cancel_answer(R"({"canceled":["0x1"],"not_canceled":{"0x2":"already canceled or matched"}})");
    EXPECT_EQ(c.canceled, std::vector<std::string>{"0x1"});
    ASSERT_EQ(c.not_canceled.size(), 1u);
    EXPECT_EQ(c.not_canceled[0].second, "already canceled or matched");
    EXPECT_EQ(error_message(R"({"error":"not enough balance / allowance"})"), "not enough balance / allowance");
    EXPECT_EQ(error_message(R"({"success":false,"errorMsg":"invalid expiration"})"), "invalid expiration");
}

}  // namespace
