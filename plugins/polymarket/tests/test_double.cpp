// polymarket: the CLOB double refuses what the CLOB refuses. Requests are built here by hand
// (the signing core, the L2 headers) so each refusal is reached on purpose: a V1-signed
// order, an order signed for another version's or another chain's domain, a wrong key, an
// off-tick price, a bad HMAC.
#include "polymarket/polymarket_double.hpp"

#include "auth.hpp"
#include "crypto/clob_typed.hpp"
#include "crypto/eip712.hpp"
#include "crypto/wallet.hpp"
#include "orders/contracts.hpp"
#include "orders/order_builder.hpp"

#include <tradehost/venue/http_client.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace pm = tradehost::polymarket;
namespace doubles = tradehost::doubles;
namespace venue = tradehost::venue;

namespace {

constexpr const char* kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kToken = "1234";

class PolymarketDoubleTest : public ::testing::Test {
protected:
    pm::Wallet wallet{kKey};
    doubles::PolymarketDouble venue{wallet.address()};
    venue::HttpClient http;
    pm::ApiCreds creds{doubles::PolymarketDouble::kApiKey, doubles::PolymarketDouble::kApiSecret,
                       doubles::PolymarketDouble::kApiPassphrase};

    void SetUp() override { venue.add_market(kToken, "0xc0nd", "0.01", "5", false); }

    venue::HttpResponse post(const std::string& body, const pm::ApiCreds& c) {
        venue::HttpRequest r;
        r.method = "POST";
        r.url = venue.rest_url() + "/order";
        r.body = body;
        const int64_t ts =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        r.headers = pm::l2_headers(wallet.address(), c, ts, "POST", "/order", body);
        return http.send(r);
    }
    std::string error_of(const venue::HttpResponse& r) {
        return nlohmann::json::parse(r.body).value("error", std::string("<none>"));
    }
    pm::OrderRequest request(int64_t maker, int64_t taker) {
        pm::OrderRequest q;
        q.token_id = kToken;
        q.maker_amount = maker;
        q.taker_amount = taker;
        q.salt = "1";
        q.timestamp_ms = "1780449126930";
        return q;
    }
};

TEST_F(PolymarketDoubleTest, AcceptsAV2OrderSignedByTheWallet) {
    auto s = pm::sign_order(wallet, {}, pm::kPolygon, false, 2, request(5000000, 10000000));
    auto r = post(pm::order_body(s, creds.key, "GTC", false), creds);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(nlohmann::json::parse(r.body)["orderID"], pm::to_hex0x(s.digest));
}

TEST_F(PolymarketDoubleTest, RefusesAV1SignedOrder) {
    // The V1 body: taker, nonce, feeRateBps and expiration signed, no timestamp.
    pm::OrderV1 o;
    o.salt = "1";
    o.maker = o.signer = wallet.address();
    o.token_id = kToken;
    o.maker_amount = "5000000";
    o.taker_amount = "10000000";
    auto digest = pm::eip712::typed_digest(
        pm::exchange_domain_separator(pm::kPolygon, "0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E", 1), pm::order_struct_hash(o));
    nlohmann::json body = {{"order",
                            {{"salt", 1}, {"maker", o.maker}, {"signer", o.signer}, {"taker", o.taker}, {"tokenId", kToken},
                             {"makerAmount", o.maker_amount}, {"takerAmount", o.taker_amount}, {"expiration", "0"},
                             {"nonce", "0"}, {"feeRateBps", "0"}, {"side", "BUY"}, {"signatureType", 0},
                             {"signature", pm::signature_hex(wallet.sign(digest))}}},
                           {"owner", creds.key},
                           {"orderType", "GTC"}};
    auto r = post(body.dump(), creds);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(error_of(r), "order_version_mismatch");
    EXPECT_EQ(venue.order_count(), 0u);
}

TEST_F(PolymarketDoubleTest, RefusesAnOrderSignedForAnotherVersionOrDomain) {
    // Signed as ExchangeV3 (domain version 3) while the double announces 2.
    auto v3 = pm::sign_order(wallet, {}, pm::kPolygon, false, 3, request(5000000, 10000000));
    auto r = post(pm::order_body(v3, creds.key, "GTC", false), creds);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(error_of(r), "order_version_mismatch");
    // Signed for the Amoy chain's domain: no version verifies it.
    auto amoy = pm::sign_order(wallet, {}, pm::kAmoy, false, 2, request(5000000, 10000000));
    r = post(pm::order_body(amoy, creds.key, "GTC", false), creds);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(error_of(r), "invalid signature");
    // Signed for the neg-risk exchange on a market that is not neg-risk.
    auto neg = pm::sign_order(wallet, {}, pm::kPolygon, true, 2, request(5000000, 10000000));
    r = post(pm::order_body(neg, creds.key, "GTC", false), creds);
    EXPECT_EQ(error_of(r), "invalid signature");
    // Signed by another key while naming the wallet as signer.
    pm::Wallet other("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    auto s = pm::sign_order(wallet, {}, pm::kPolygon, false, 2, request(5000000, 10000000));
    s.signature = pm::signature_hex(other.sign(s.digest));
    r = post(pm::order_body(s, creds.key, "GTC", false), creds);
    EXPECT_EQ(error_of(r), "invalid signature");
    EXPECT_EQ(venue.order_count(), 0u);
}

TEST_F(PolymarketDoubleTest, RefusesOffTickAndSmallOrdersWithTheDocumentedTexts) {
    // 10 tokens for 5.55 pUSD: price 0.555 on a 0.01 tick.
    auto s = pm::sign_order(wallet, {}, pm::kPolygon, false, 2, request(5550000, 10000000));
    auto r = post(pm::order_body(s, creds.key, "GTC", false), creds);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(error_of(r), "order " + pm::to_hex0x(s.digest) + " is invalid. Price (0.555) breaks minimum tick size rule: 0.01");
    auto small = pm::sign_order(wallet, {}, pm::kPolygon, false, 2, request(2000000, 4000000));
    r = post(pm::order_body(small, creds.key, "GTC", false), creds);
    EXPECT_EQ(error_of(r), "order " + pm::to_hex0x(small.digest) + " is invalid. Size (4) lower than the minimum: 5");
}

TEST_F(PolymarketDoubleTest, RefusesABadHmacAndAForeignOwner) {
    auto s = pm::sign_order(wallet, {}, pm::kPolygon, false, 2, request(5000000, 10000000));
    pm::ApiCreds wrong = creds;
    wrong.secret = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    auto r = post(pm::order_body(s, creds.key, "GTC", false), wrong);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(error_of(r), "Unauthorized/Invalid api key");
    EXPECT_EQ(venue.l2_failures(), 1);
    r = post(pm::order_body(s, "someone-else", "GTC", false), creds);
    EXPECT_EQ(error_of(r), "the order owner has to be the owner of the API KEY");
}

}  // namespace
