// Digests and HMACs against published vectors: FIPS 180-2 / RFC 4231 and the worked signing
// examples in Binance's and Kraken's own API documentation (illustrative keys the venues
// publish; they protect nothing).
#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/sign.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace tradehost::venue;

namespace {

std::string unhex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

// Binance Spot REST "SIGNED (TRADE and USER_DATA) Endpoint security", SIGNED Endpoint
// Examples for POST /api/v3/order:
// https://github.com/binance/binance-spot-api-docs/blob/master/rest-api.md
// https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security
constexpr char kBinanceSecret[] = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

}  // namespace

// FIPS 180-2 appendix examples ("abc") and the empty message.
TEST(Sign, Sha2DigestsMatchKnownAnswers) {
    EXPECT_EQ(hex_encode(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex_encode(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hex_encode(sha512("abc")),
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    EXPECT_EQ(sha256("x").size(), 32u);
    EXPECT_EQ(sha512("x").size(), 64u);
}

// RFC 4231 §4 test cases 1, 2, 3, 4, 6 and 7: https://www.rfc-editor.org/rfc/rfc4231#section-4
TEST(Sign, HmacMatchesRfc4231Vectors) {
    struct Case {
        std::string key, data, sha256_hex, sha512_hex;
    };
    const Case cases[] = {
        {std::string(20, '\x0b'), "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
         "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
        {"Jefe", "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
         "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
        {std::string(20, '\xaa'), std::string(50, '\xdd'),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
         "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
         "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
        {unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
         "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
         "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
        {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
         "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
         "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
        {std::string(131, '\xaa'),
         "This is a test using a larger than block-size key and a larger than block-size data. The key needs to "
         "be hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
         "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
         "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(hex_encode(hmac_sha256(c.key, c.data)), c.sha256_hex) << c.data.substr(0, 20);
        EXPECT_EQ(hex_encode(hmac_sha512(c.key, c.data)), c.sha512_hex) << c.data.substr(0, 20);
    }
}

TEST(Sign, HmacAcceptsEmptyKeyAndData) {
    // `printf '' | openssl dgst -sha256 -hmac ''`
    EXPECT_EQ(hex_encode(hmac_sha256("", "")), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    EXPECT_EQ(hmac_sha512("", "").size(), 64u);
    EXPECT_NE(hmac_sha256("k", ""), hmac_sha256("k", std::string(1, '\0')));  // length counts
}

// Binance example 1/2: the parameters sent as a query string (or body), in the order given.
TEST(Sign, BinanceDocumentedQueryStringSignature) {
    const QueryParams params = {{"symbol", "LTCBTC"},   {"side", "BUY"},         {"type", "LIMIT"},
                                {"timeInForce", "GTC"}, {"quantity", "1"},       {"price", "0.1"},
                                {"recvWindow", "5000"}, {"timestamp", "1499827319559"}};
    const std::string payload = query_string(params);
    EXPECT_EQ(payload,
              "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&"
              "timestamp=1499827319559");
    EXPECT_EQ(hex_encode(hmac_sha256(kBinanceSecret, payload)),
              "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
}

// Binance example 3: query string and body concatenated without '&' ("totalParams").
TEST(Sign, BinanceDocumentedMixedQueryAndBodySignature) {
    const std::string total_params =
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC" "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    EXPECT_EQ(hex_encode(hmac_sha256(kBinanceSecret, total_params)),
              "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
}

// Binance's non-ASCII example: symbol "１２３４５６" (full-width digits) is percent-encoded as
// UTF-8 before signing; query_string must produce exactly the documented payload.
TEST(Sign, BinanceDocumentedNonAsciiSignature) {
    const QueryParams params = {{"symbol", "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96"},
                                {"side", "BUY"},         {"type", "LIMIT"},     {"timeInForce", "GTC"},
                                {"quantity", "1"},       {"price", "0.1"},      {"recvWindow", "5000"},
                                {"timestamp", "1499827319559"}};
    const std::string payload = query_string(params);
    EXPECT_EQ(payload,
              "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&"
              "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");
    EXPECT_EQ(hex_encode(hmac_sha256(kBinanceSecret, payload)),
              "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
}

// Kraken Spot REST Authentication, "Examples" (buy 1.25 XBTUSD at $37,500):
// https://docs.kraken.com/api/docs/guides/spot-rest-auth
// API-Sign = base64(HMAC-SHA512(base64decode(secret), uri_path + SHA256(nonce + post_data))).
TEST(Sign, KrakenDocumentedApiSign) {
    const std::string private_key =
        "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
    const std::string nonce = "1616492376594";
    const QueryParams params = {{"nonce", nonce},      {"ordertype", "limit"}, {"pair", "XBTUSD"},
                                {"price", "37500"},    {"type", "buy"},        {"volume", "1.25"}};
    const std::string post_data = query_string(params);
    EXPECT_EQ(post_data, "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25");
    const std::string uri_path = "/0/private/AddOrder";

    const auto secret = base64_decode(private_key);
    ASSERT_TRUE(secret.has_value());
    EXPECT_EQ(secret->size(), 64u);
    const std::string api_sign = base64_encode(hmac_sha512(*secret, uri_path + sha256(nonce + post_data)));
    EXPECT_EQ(api_sign, "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==");
}

TEST(Sign, SecureClearZeroesTheWholeBuffer) {
    std::string secret = "a-fake-secret-that-is-longer-than-the-small-string-buffer";
    secret.resize(5);  // the tail is still in the buffer, beyond size()
    const std::size_t capacity = secret.capacity();
    const char* buffer = secret.data();
    secure_clear(secret);
    EXPECT_TRUE(secret.empty());
    EXPECT_EQ(secret.data(), buffer);  // cleared in place, not moved elsewhere
    for (std::size_t i = 0; i < capacity; ++i) ASSERT_EQ(buffer[i], '\0') << i;

    std::string small = "short";
    secure_clear(small);
    EXPECT_TRUE(small.empty());
    std::string empty;
    secure_clear(empty);
    EXPECT_TRUE(empty.empty());
}
