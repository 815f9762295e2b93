// polymarket: orders and amounts against the official client's expectations. Vectors from
// clob-client-v2 tests/order-builder/helpers/buildOrderCreationArgs.test.ts (commit
// f3e1a05, 2026-07-17; read 2026-12-02); error texts from docs.polymarket.com
// resources/error-codes (read 2026-12-02).
#include "crypto/eip712.hpp"
#include "crypto/wallet.hpp"
#include "orders/amounts.hpp"
#include "orders/contracts.hpp"
#include "orders/order_builder.hpp"
#include "orders/rounding.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

using namespace tradehost::polymarket;

namespace {

constexpr const char* kHardhatKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kHardhatAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

int64_t fx(const char* s) { return *parse_fixed(s); }

struct AmountCase {
    const char* tick;
    const char* price;
    const char* size;
    OrderSide side;
    int64_t maker;
    int64_t taker;
};

TEST(PolymarketAmounts, OfficialClientVectors) {
    const AmountCase cases[] = {
        // "buy order" per tick: 21.04 at 0.5 / 0.56 / 0.056 / 0.0056.
        {"0.1", "0.5", "21.04", OrderSide::buy, 10520000, 21040000},
        {"0.01", "0.56", "21.04", OrderSide::buy, 11782400, 21040000},
        {"0.001", "0.056", "21.04", OrderSide::buy, 1178240, 21040000},
        {"0.0001", "0.0056", "21.04", OrderSide::buy, 117824, 21040000},
        // "sell order" per tick.
        {"0.1", "0.5", "21.04", OrderSide::sell, 21040000, 10520000},
        {"0.01", "0.56", "21.04", OrderSide::sell, 21040000, 11782400},
        {"0.001", "0.056", "21.04", OrderSide::sell, 21040000, 1178240},
        {"0.0001", "0.0056", "21.04", OrderSide::sell, 21040000, 117824},
        // "correctly rounds price amounts for validity" (tick 0.1): a size with more than two
        // decimals is rounded down (12.8205 -> 12.82).
        {"0.1", "0.7", "170", OrderSide::buy, 119000000, 170000000},
        {"0.1", "0.8", "101", OrderSide::buy, 80800000, 101000000},
        {"0.1", "0.7", "12.8205", OrderSide::buy, 8974000, 12820000},
        {"0.1", "0.3", "2435.89", OrderSide::buy, 730767000, 2435890000},
        {"0.1", "0.7", "170", OrderSide::sell, 170000000, 119000000},
        {"0.1", "0.8", "101", OrderSide::sell, 101000000, 80800000},
        {"0.1", "0.7", "12.8205", OrderSide::sell, 12820000, 8974000},
        {"0.1", "0.3", "2435.89", OrderSide::sell, 2435890000, 730767000},
        {"0.01", "0.7", "170", OrderSide::buy, 119000000, 170000000},
    };
    for (const auto& c : cases) {
        auto rc = round_config(fx(c.tick));
        ASSERT_TRUE(rc) << c.tick;
        Amounts a = limit_order_amounts(c.side, fx(c.price), fx(c.size), *rc);
        EXPECT_EQ(a.maker, c.maker) << c.tick << " " << c.price << " " << c.size;
        EXPECT_EQ(a.taker, c.taker) << c.tick << " " << c.price << " " << c.size;
    }
}

TEST(PolymarketAmounts, RoundingConfigPerTick) {
    // roundingConfig.ts: price decimals, size 2, amount = price + 2; 0.005 and 0.0025 too.
    struct Row {
        const char* tick;
        int price, size, amount;
    } rows[] = {{"0.1", 1, 2, 3},   {"0.01", 2, 2, 4},   {"0.005", 3, 2, 5},
                {"0.0025", 4, 2, 6}, {"0.001", 3, 2, 5}, {"0.0001", 4, 2, 6}};
    for (const auto& r : rows) {
        auto rc = round_config(fx(r.tick));
        ASSERT_TRUE(rc) << r.tick;
        EXPECT_EQ(rc->price, r.price);
        EXPECT_EQ(rc->size, r.size);
        EXPECT_EQ(rc->amount, r.amount);
    }
    EXPECT_FALSE(round_config(fx("0.02")));
    // A 0.0025 tick: 10 tokens at 0.5025 cost exactly 5.025 pUSD.
    Amounts a = limit_order_amounts(OrderSide::buy, fx("0.5025"), fx("10"), *round_config(fx("0.0025")));
    EXPECT_EQ(a.maker, 5025000);
    EXPECT_EQ(a.taker, 10000000);
}

TEST(PolymarketAmounts, LocalRefusalsUseTheVenueWording) {
    const int64_t tick = fx("0.01"), min = fx("5");
    EXPECT_EQ(check_limit_order("c1", fx("0.555"), fx("10"), tick, min),
              "order c1 is invalid. Price (0.555) breaks minimum tick size rule: 0.01");
    EXPECT_EQ(check_limit_order("c1", fx("0.5"), fx("4.999"), tick, min),
              "order c1 is invalid. Size (4.99) lower than the minimum: 5");
    EXPECT_EQ(check_limit_order("c1", fx("0.995"), fx("10"), tick, min), "invalid price (0.995), min: 0.01 - max: 0.99");
    EXPECT_EQ(check_limit_order("c1", fx("1"), fx("10"), tick, min), "invalid price (1), min: 0.01 - max: 0.99");
    EXPECT_EQ(check_limit_order("c1", 0, fx("10"), tick, min), "invalid price (0), min: 0.01 - max: 0.99");
    EXPECT_EQ(check_limit_order("c1", fx("0.5"), fx("10"), fx("0.02"), min), "unsupported tick size 0.02");
    EXPECT_EQ(check_limit_order("c1", fx("0.5"), fx("10"), tick, min), std::nullopt);
    EXPECT_EQ(check_limit_order("c1", fx("0.99"), fx("5"), tick, min), std::nullopt);
    // 0.001 tick: 0.555 is fine there.
    EXPECT_EQ(check_limit_order("c1", fx("0.555"), fx("10"), fx("0.001"), min), std::nullopt);
}

TEST(PolymarketAmounts, FixedPointText) {
    EXPECT_EQ(format_fixed(fx("0.0025")), "0.0025");
    EXPECT_EQ(format_fixed(fx("21.04")), "21.04");
    EXPECT_EQ(format_fixed(fx("5")), "5");
    EXPECT_EQ(format_fixed(-fx("0.5")), "-0.5");
    EXPECT_FALSE(parse_fixed("0.123456789"));
    EXPECT_FALSE(parse_fixed("1.2.3"));
    EXPECT_FALSE(parse_fixed("."));
    EXPECT_FALSE(parse_fixed("-1"));
}

TEST(PolymarketContracts, ExchangePerChainNegRiskAndVersion) {
    // clob-client-v2 src/config.ts (MATIC_CONTRACTS, AMOY_CONTRACTS).
    EXPECT_EQ(exchange_contract(kPolygon, false, 2), "0xE111180000d2663C0091e4f400237545B87B996B");
    EXPECT_EQ(exchange_contract(kPolygon, true, 2), "0xe2222d279d744050d28e00520010520000310F59");
    EXPECT_EQ(exchange_contract(kPolygon, false, 3), "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa");
    EXPECT_EQ(exchange_contract(kPolygon, true, 3), "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa");
    EXPECT_EQ(exchange_contract(kAmoy, false, 3), "0x9fE6e61422AdB6F610d8597F9684b16912D50C3D");
    EXPECT_FALSE(exchange_contract(kPolygon, false, 1));  // V1 is gone since 2026-04-28
    EXPECT_FALSE(exchange_contract(kPolygon, false, 4));
    EXPECT_FALSE(exchange_contract(1, false, 2));
}

OrderRequest sample_request() {
    OrderRequest r;
    r.token_id = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    r.side = OrderSide::buy;
    r.maker_amount = 11782400;
    r.taker_amount = 21040000;
    r.salt = "479249096354";
    r.timestamp_ms = "1780449126930";
    return r;
}

TEST(PolymarketOrderBuilder, EoaOrderIsSignedForTheMarketsExchange) {
    Wallet key(kHardhatKey);
    Account acct;
    SignedOrder s = sign_order(key, acct, kPolygon, false, 2, sample_request());
    EXPECT_EQ(s.order.maker, kHardhatAddress);
    EXPECT_EQ(s.order.signer, kHardhatAddress);
    EXPECT_EQ(s.exchange, "0xE111180000d2663C0091e4f400237545B87B996B");
    // What a verifier does: rebuild the digest from the fields and recover the signer.
    Hash32 d = eip712::typed_digest(exchange_domain_separator(kPolygon, s.exchange, 2), order_struct_hash(s.order));
    EXPECT_EQ(d, s.digest);
    EXPECT_EQ(recover_address(d, s.signature), kHardhatAddress);

    // Neg-risk: the neg-risk exchange's domain; the plain exchange's domain does not verify it.
    SignedOrder n = sign_order(key, acct, kPolygon, true, 2, sample_request());
    EXPECT_EQ(n.exchange, "0xe2222d279d744050d28e00520010520000310F59");
    Hash32 wrong = eip712::typed_digest(exchange_domain_separator(kPolygon, s.exchange, 2), order_struct_hash(n.order));
    EXPECT_NE(recover_address(wrong, n.signature), kHardhatAddress);
    EXPECT_EQ(recover_address(n.digest, n.signature), kHardhatAddress);
}

TEST(PolymarketOrderBuilder, RefusesVersionsItDoesNotKnow) {
    Wallet key(kHardhatKey);
    for (int v : {0, 1, 4}) {
        try {
            sign_order(key, Account{}, kPolygon, false, v, sample_request());
            FAIL() << v;
        } catch (const std::invalid_argument& e) {
            EXPECT_EQ(std::string(e.what()),
                      "refusing to sign order version " + std::to_string(v) + ": this adapter signs versions 2 and 3");
        }
    }
}

TEST(PolymarketOrderBuilder, ProxyAndSafeAreMadeByTheFunderSignedByTheKey) {
    Wallet key(kHardhatKey);
    const std::string funder = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
    for (auto t : {SignatureType::poly_proxy, SignatureType::poly_gnosis_safe}) {
        SignedOrder s = sign_order(key, Account{t, funder}, kPolygon, false, 2, sample_request());
        EXPECT_EQ(s.order.maker, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        EXPECT_EQ(s.order.signer, kHardhatAddress);
        EXPECT_EQ(s.order.signature_type, static_cast<uint8_t>(t));
        EXPECT_EQ(recover_address(s.digest, s.signature), kHardhatAddress);
    }
    EXPECT_TRUE(check_account(Account{SignatureType::poly_proxy, ""}));
    EXPECT_TRUE(check_account(Account{SignatureType::poly_gnosis_safe, "0x12"}));
    EXPECT_FALSE(check_account(Account{SignatureType::eoa, ""}));
    EXPECT_EQ(parse_signature_type("POLY_GNOSIS_SAFE"), SignatureType::poly_gnosis_safe);
    EXPECT_EQ(parse_signature_type("POLY_1271"), SignatureType::poly_1271);
    EXPECT_FALSE(parse_signature_type("GNOSIS"));
}

TEST(PolymarketOrderBuilder, Poly1271WrapsTheSignatureInTypedDataSign) {
    Wallet key(kHardhatKey);
    const std::string wallet = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
    SignedOrder s = sign_order(key, Account{SignatureType::poly_1271, wallet}, kPolygon, false, 3, sample_request());
    EXPECT_EQ(s.order.maker, wallet);
    EXPECT_EQ(s.order.signer, wallet);
    const std::string type = kOrderV2Type;
    // 0x || 65-byte inner sig || 32 domain || 32 contents || type string || 2-byte length.
    ASSERT_EQ(s.signature.size(), 2 + 2 * (65 + 32 + 32 + type.size() + 2));
    const std::string hex = s.signature.substr(2);
    Hash32 domain = exchange_domain_separator(kPolygon, s.exchange, 3);
    Hash32 contents = order_struct_hash(s.order);
    EXPECT_EQ(hex.substr(130, 64), to_hex0x(domain).substr(2));
    EXPECT_EQ(hex.substr(194, 64), to_hex0x(contents).substr(2));
    char len[5];
    std::snprintf(len, sizeof len, "%04zx", type.size());
    EXPECT_EQ(hex.substr(hex.size() - 4), len);
    // The inner signature is the owner key's over TypedDataSign{contents, "DepositWallet", "1", chain, wallet, 0}.
    eip712::StructHasher tds(
        "TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)" +
        type);
    tds.word(contents).string("DepositWallet").string("1").uint(kPolygon).address("w", wallet).bytes32("s", kBytes32Zero);
    EXPECT_EQ(recover_address(eip712::typed_digest(domain, tds.hash()), "0x" + hex.substr(0, 130)), kHardhatAddress);
}

TEST(PolymarketOrderBuilder, BodyIsTheClientsJson) {
    Wallet key(kHardhatKey);
    OrderRequest r = sample_request();
    r.expiration = "1780450000";
    SignedOrder s = sign_order(key, Account{}, kPolygon, false, 2, r);
    std::string body = order_body(s, "00000000-0000-0000-0000-000000000000", "GTD", true);
    auto j = nlohmann::json::parse(body);
    EXPECT_EQ(j["deferExec"], false);
    EXPECT_EQ(j["postOnly"], true);
    EXPECT_EQ(j["owner"], "00000000-0000-0000-0000-000000000000");
    EXPECT_EQ(j["orderType"], "GTD");
    const auto& o = j["order"];
    EXPECT_TRUE(o["salt"].is_number_integer());
    EXPECT_EQ(o["salt"].get<uint64_t>(), 479249096354u);
    EXPECT_EQ(o["maker"], kHardhatAddress);
    EXPECT_EQ(o["tokenId"], r.token_id);
    EXPECT_EQ(o["makerAmount"], "11782400");
    EXPECT_EQ(o["takerAmount"], "21040000");
    EXPECT_EQ(o["side"], "BUY");
    EXPECT_EQ(o["signatureType"], 0);
    EXPECT_EQ(o["timestamp"], "1780449126930");
    EXPECT_EQ(o["expiration"], "1780450000");
    EXPECT_EQ(o["metadata"], kBytes32Zero);
    EXPECT_EQ(o["signature"], s.signature);
    EXPECT_FALSE(o.contains("taker"));    // V2 has no taker, nonce or feeRateBps
    EXPECT_FALSE(o.contains("nonce"));
    // The salt travels as a JSON number, so it must stay below 2^53.
    for (int i = 0; i < 16; ++i) EXPECT_LT(std::stoull(random_salt()), uint64_t{1} << 53);
}

}  // namespace
