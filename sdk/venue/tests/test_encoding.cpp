// Hex, base64, base64url, percent-encoding and query strings against RFC 4648 / RFC 3986 and
// the edge cases adapters hit (bad secrets, non-ASCII symbols, sorted signing forms).
#include <tradehost/venue/encoding.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace tradehost::venue;

// RFC 4648 §10 test vectors: https://www.rfc-editor.org/rfc/rfc4648#section-10
TEST(Encoding, Base64MatchesRfc4648Vectors) {
    const std::pair<std::string, std::string> vectors[] = {
        {"", ""},           {"f", "Zg=="},         {"fo", "Zm8="},       {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded) << plain;
        const auto decoded = base64_decode(encoded);
        ASSERT_TRUE(decoded.has_value()) << encoded;
        EXPECT_EQ(*decoded, plain);
    }
}

// RFC 4648 §10 BASE16 vector (lower-case here, as venues print hex signatures).
TEST(Encoding, HexMatchesRfc4648Vector) {
    EXPECT_EQ(hex_encode("foobar"), "666f6f626172");
    EXPECT_EQ(hex_encode(""), "");
    EXPECT_EQ(hex_encode(std::string("\x00\xff\x10", 3)), "00ff10");
}

TEST(Encoding, Base64RoundTripsEveryByteValue) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    for (std::size_t len = 0; len <= all.size(); len += 37) {
        const std::string part = all.substr(0, len);
        const auto back = base64_decode(base64_encode(part));
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, part);
    }
}

TEST(Encoding, Base64DecodeRefusesMalformedInput) {
    EXPECT_FALSE(base64_decode("Zg=").has_value());        // length not a multiple of 4
    EXPECT_FALSE(base64_decode("Zm9").has_value());        // missing padding
    EXPECT_FALSE(base64_decode("Zm9v!A==").has_value());   // character outside the alphabet
    EXPECT_FALSE(base64_decode("Zm=v").has_value());       // padding in the middle
    EXPECT_FALSE(base64_decode("Z===").has_value());       // three padding characters
    EXPECT_FALSE(base64_decode("====").has_value());
    EXPECT_FALSE(base64_decode("Zg==Zg==").has_value());   // padding before the end
    EXPECT_FALSE(base64_decode("Zm9v\n").has_value());     // no whitespace
    EXPECT_FALSE(base64_decode("Zh==").has_value());       // non-zero discarded bits (RFC 4648 §3.5)
    EXPECT_FALSE(base64_decode("Zm9=").has_value());
    EXPECT_FALSE(base64_decode("-_8=").has_value());       // base64url alphabet is not base64
    ASSERT_TRUE(base64_decode("").has_value());
    EXPECT_EQ(*base64_decode(""), "");
}

TEST(Encoding, Base64UrlUsesUrlAlphabetWithoutPadding) {
    EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url_encode(""), "");
}

TEST(Encoding, UrlEncodeKeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(url_encode("a b&c=d/e?f+g%"), "a%20b%26c%3Dd%2Fe%3Ff%2Bg%25");
    EXPECT_EQ(url_encode(std::string("\x00\x7f", 2)), "%00%7F");
    // Full-width digits, as in Binance's non-ASCII signing example (upper-case hex).
    EXPECT_EQ(url_encode("\xEF\xBC\x91\xEF\xBC\x92"), "%EF%BC%91%EF%BC%92");
    EXPECT_EQ(url_encode(""), "");
}

TEST(Encoding, QueryStringKeepsTheGivenOrder) {
    const QueryParams params = {{"symbol", "LTCBTC"}, {"side", "BUY"}, {"price", "0.1"}};
    EXPECT_EQ(query_string(params), "symbol=LTCBTC&side=BUY&price=0.1");
    EXPECT_EQ(query_string({}), "");
    EXPECT_EQ(query_string({{"k y", "v&w"}, {"empty", ""}}), "k%20y=v%26w&empty=");
}

TEST(Encoding, CanonicalQueryStringSortsByKeyThenValue) {
    const QueryParams params = {{"symbol", "LTCBTC"}, {"b", "2"}, {"a", "z"}, {"b", "1"}, {"A", "x"}};
    EXPECT_EQ(canonical_query_string(params), "A=x&a=z&b=1&b=2&symbol=LTCBTC");
}
