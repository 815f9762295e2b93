// polymarket: the signing core against published vectors. Each vector says where it was
// published and when it was read (2026-12-02).
#include "crypto/abi.hpp"
#include "crypto/clob_typed.hpp"
#include "crypto/eip712.hpp"
#include "crypto/keccak.hpp"
#include "crypto/wallet.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace tradehost::polymarket;

namespace {

// Hardhat/Anvil's first development account: a publicly known key that Polymarket's own
// client tests sign with (clob-client-v2 tests/signing/eip712.test.ts).
constexpr const char* kHardhatKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kHardhatAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
constexpr uint64_t kAmoy = 80002;

// The Ethereum Keccak-256 of the empty string and of "abc", as published in the Keccak
// team's known-answer tests and quoted throughout Ethereum tooling (e.g. go-ethereum
// crypto/crypto_test.go; read 2026-12-02). SHA3-256 (FIPS 202) gives different values
// (a7ffc6f8... for ""), which is the padding this test guards.
TEST(PolymarketKeccak, KnownAnswers) {
    EXPECT_EQ(to_hex0x(keccak256("")), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    EXPECT_EQ(to_hex0x(keccak256("abc")), "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(PolymarketKeccak, LengthsAroundTheRateAllDiffer) {
    // 135, 136 and 137 bytes take the one-byte-left, exact-block and one-over paths.
    Hash32 a = keccak256(std::string(135, 'x'));
    Hash32 b = keccak256(std::string(136, 'x'));
    Hash32 c = keccak256(std::string(137, 'x'));
    EXPECT_NE(a, b);
    EXPECT_NE(b, c);
    EXPECT_EQ(keccak256(std::string(136, 'x')), b);
}

TEST(PolymarketAbi, DecimalUint256RoundTripsAndRefusesOverflow) {
    // 2^256 - 1 and a real Polymarket token id (clob-client-v2 examples, read 2026-12-02).
    const std::string max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    auto w = evm::uint_from_decimal(max);
    ASSERT_TRUE(w);
    for (uint8_t b : *w) EXPECT_EQ(b, 0xff);
    EXPECT_EQ(evm::decimal_from_word(*w), max);
    EXPECT_FALSE(evm::uint_from_decimal("115792089237316195423570985008687907853269984665640564039457584007913129639936"));
    const std::string token = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    EXPECT_EQ(evm::decimal_from_word(*evm::uint_from_decimal(token)), token);
    EXPECT_EQ(evm::decimal_from_word(evm::uint_word(0)), "0");
    EXPECT_FALSE(evm::uint_from_decimal(""));
    EXPECT_FALSE(evm::uint_from_decimal("12a"));
    EXPECT_FALSE(evm::uint_from_decimal("-1"));
    EXPECT_FALSE(evm::address_word("0x1234"));
    EXPECT_FALSE(evm::address_word("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    EXPECT_FALSE(evm::bytes32_word("0xzz00000000000000000000000000000000000000000000000000000000000000"));
}

// EIP-712's own example (eips.ethereum.org/EIPS/eip-712, "Example" and its Example.js /
// Example.sol; read 2026-12-02): Mail from Cow to Bob, "Hello, Bob!", domain "Ether Mail"
// version 1 on chain 1; signed with keccak256("cow") as the private key.
TEST(PolymarketEip712, SpecMailExample) {
    eip712::Domain d{"Ether Mail", "1", 1, std::string("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC")};
    Hash32 sep = eip712::domain_separator(d);
    EXPECT_EQ(to_hex0x(sep), "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");

    auto person = [](const char* name, const char* wallet) {
        eip712::StructHasher h("Person(string name,address wallet)");
        h.string(name).address("wallet", wallet);
        return h.hash();
    };
    eip712::StructHasher mail("Mail(Person from,Person to,string contents)Person(string name,address wallet)");
    mail.word(person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"))
        .word(person("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"))
        .string("Hello, Bob!");
    EXPECT_EQ(to_hex0x(mail.hash()), "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
    Hash32 digest = eip712::typed_digest(sep, mail.hash());
    EXPECT_EQ(to_hex0x(digest), "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");

    Hash32 cow = keccak256("cow");
    Wallet w(to_hex0x(cow));
    EXPECT_EQ(w.address(), "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
    // v = 28, r = 0x4355c47d..., s = 0x07299936... (Example.js's expected signature).
    EXPECT_EQ(signature_hex(w.sign(digest)),
              "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
              "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
              "1c");
}

TEST(PolymarketWallet, HardhatKeyAddressAndRecovery) {
    Wallet w(kHardhatKey);
    EXPECT_EQ(w.address(), kHardhatAddress);
    Hash32 digest = keccak256("any message");
    auto sig = signature_hex(w.sign(digest));
    EXPECT_EQ(recover_address(digest, sig), kHardhatAddress);
    // Deterministic (RFC 6979): the same digest gives the same signature.
    EXPECT_EQ(signature_hex(w.sign(digest)), sig);
    // Another digest recovers some other address, never the signer's.
    EXPECT_NE(recover_address(keccak256("other"), sig), kHardhatAddress);
    EXPECT_FALSE(recover_address(digest, "0x1234"));
    std::string bad_v = sig.substr(0, 130) + "1f";
    EXPECT_FALSE(recover_address(digest, bad_v));
}

TEST(PolymarketWallet, SignaturesAreLowS) {
    // secp256k1 order n / 2: every s must be <= it (EIP-2). Checked over many digests.
    const auto half = *evm::uint_from_decimal(
        "57896044618658097711785492504343953926418782139537452191302581570759080747168");
    Wallet w(kHardhatKey);
    for (int i = 0; i < 64; ++i) {
        Signature65 s = w.sign(keccak256("digest " + std::to_string(i)));
        Hash32 sval;
        std::copy(s.begin() + 32, s.begin() + 64, sval.begin());
        EXPECT_LE(sval, half) << i;
        EXPECT_TRUE(s[64] == 27 || s[64] == 28);
    }
}

TEST(PolymarketWallet, BadKeysAreRefusedWithoutEchoingThem) {
    const std::string short_key = "0xdeadbeef";
    try {
        Wallet w(short_key);
        FAIL() << "accepted a short key";
    } catch (const std::invalid_argument& e) {
        EXPECT_EQ(std::string(e.what()).find("deadbeef"), std::string::npos);
    }
    EXPECT_THROW(Wallet(std::string(64, '0')), std::invalid_argument);  // zero is not a key
    // The curve order n itself is out of range.
    EXPECT_THROW(Wallet("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"), std::invalid_argument);
}

TEST(PolymarketWallet, Eip55Checksums) {
    // EIP-55's own test addresses (eips.ethereum.org/EIPS/eip-55, read 2026-12-02).
    for (const char* a : {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                          "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
        std::string lower = a;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(checksum_address(lower), a);
    }
}

// clob-client-v2 tests/signing/eip712.test.ts (commit f3e1a05, 2026-07-17; read
// 2026-12-02), also py-clob-client tests/signing/test_eip712.py: ClobAuth on Amoy,
// timestamp 10000000, nonce 23.
TEST(PolymarketClobAuth, OfficialClientVector) {
    Wallet w(kHardhatKey);
    Hash32 digest = clob_auth_digest(kAmoy, w.address(), "10000000", 23);
    EXPECT_EQ(signature_hex(w.sign(digest)),
              "0xf62319a987514da40e57e2f4d7529f7bac38f0355bd88bb5adbb3768d80de6c1682518e0af677d5260366425f4361e7b70c25ae232aff0ab2331e2b164a1aedc1b");
}

// clob-client-v2 tests/order-utils/exchangeOrderBuilderV1.test.ts ("specific salt",
// commit f3e1a05; read 2026-12-02): a V1 order on Amoy's CTF exchange and on its neg-risk
// exchange. Kept because the V2 double must recognise a V1-signed order to refuse it.
TEST(PolymarketOrderV1, OfficialClientVectors) {
    Wallet w(kHardhatKey);
    OrderV1 o;
    o.salt = "479249096354";
    o.maker = o.signer = w.address();
    o.token_id = "1234";
    o.maker_amount = "100000000";
    o.taker_amount = "50000000";
    o.fee_rate_bps = "100";
    Hash32 sh = order_struct_hash(o);

    Hash32 ctf = eip712::typed_digest(exchange_domain_separator(kAmoy, "0xdFE02Eb6733538f8Ea35D585af8DE5958AD99E40", 1), sh);
    EXPECT_EQ(to_hex0x(ctf), "0x02ca1d1aa31103804173ad1acd70066cb6c1258a4be6dada055111f9a7ea4e55");
    EXPECT_EQ(signature_hex(w.sign(ctf)),
              "0x302cd9abd0b5fcaa202a344437ec0b6660da984e24ae9ad915a592a90facf5a51bb8a873cd8d270f070217fea1986531d5eec66f1162a81f66e026db653bf7ce1c");

    Hash32 neg = eip712::typed_digest(exchange_domain_separator(kAmoy, "0xC5d563A36AE78145C45a50134d48A1215220f80a", 1), sh);
    EXPECT_EQ(to_hex0x(neg), "0xf15790d3edc4b5aed427b0b543a9206fcf4b1a13dfed016d33bfb313076263b8");
    EXPECT_EQ(signature_hex(w.sign(neg)),
              "0x1b3646ef347e5bd144c65bd3357ba19c12c12abaeedae733cf8579bc51a2752c0454c3bc6b236957e393637982c769b8dc0706c0f5c399983d933850afd1cbcd1c");
}

// V2 and ExchangeV3 share the 11-field struct and differ only in the domain (version "2" or
// "3", and the contract): clob-client-v2 tests/order-utils/exchangeOrderBuilderV2.test.ts
// (commit f3e1a05; read 2026-12-02). The official tests publish no fixed V2 signature; the
// struct's encoding is the machinery the V1, ClobAuth and EIP-712 vectors above pin down,
// and its type string is the client's ORDER_TYPE_STRING byte for byte.
TEST(PolymarketOrderV2, V2AndV3DomainsSignTheSameStruct) {
    Wallet w(kHardhatKey);
    OrderV2 o;
    o.salt = "479249096354";
    o.maker = o.signer = w.address();
    o.token_id = "1234";
    o.maker_amount = "100000000";
    o.taker_amount = "50000000";
    o.timestamp = "1780449126930";
    Hash32 sh = order_struct_hash(o);
    Hash32 d2 = eip712::typed_digest(exchange_domain_separator(kAmoy, "0xE111180000d2663C0091e4f400237545B87B996B", 2), sh);
    Hash32 d3 = eip712::typed_digest(exchange_domain_separator(kAmoy, "0x9fE6e61422AdB6F610d8597F9684b16912D50C3D", 3), sh);
    EXPECT_NE(d2, d3);
    // The V2 domain and the V1 domain on the same contract differ too: a V1 signature never
    // verifies as V2.
    EXPECT_NE(exchange_domain_separator(kAmoy, "0xE111180000d2663C0091e4f400237545B87B996B", 1),
              exchange_domain_separator(kAmoy, "0xE111180000d2663C0091e4f400237545B87B996B", 2));
    auto s2 = signature_hex(w.sign(d2));
    EXPECT_EQ(recover_address(d2, s2), kHardhatAddress);
    EXPECT_NE(recover_address(d3, s2), kHardhatAddress);
    // Every signed field counts: changing one changes the hash.
    OrderV2 o2 = o;
    o2.timestamp = "1780449126931";
    EXPECT_NE(order_struct_hash(o2), sh);
    o2 = o;
    o2.side = OrderSide::sell;
    EXPECT_NE(order_struct_hash(o2), sh);
    o2 = o;
    o2.builder = "0x0000000000000000000000000000000000000000000000000000000000000001";
    EXPECT_NE(order_struct_hash(o2), sh);
}

TEST(PolymarketOrderV2, MalformedFieldsNameTheField) {
    OrderV2 o;
    o.salt = "1";
    o.maker = o.signer = kHardhatAddress;
    o.token_id = "12x";
    o.maker_amount = o.taker_amount = o.timestamp = "1";
    try {
        order_struct_hash(o);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("tokenId"), std::string::npos) << e.what();
    }
}

}  // namespace
