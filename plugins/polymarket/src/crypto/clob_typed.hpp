// polymarket: the typed data Polymarket's CLOB signs, as the official clients define it
// (github.com/Polymarket/clob-client-v2, src/signing/eip712.ts and src/order-utils/, read
// 2026-12-02 at f3e1a05):
// - ClobAuth (L1 auth for /auth/api-key and /auth/derive-api-key), domain
//   {name "ClobAuthDomain", version "1", chainId} without a verifying contract;
// - the exchange Order, domain {name "Polymarket CTF Exchange", version, chainId,
//   verifyingContract = the market's exchange}: V1's 12-field struct (domain version "1",
//   the pre-2026-04-28 exchange, refused by the V2 CLOB: kept so the test double can tell a
//   V1-signed order apart), and V2's 11-field struct, which ExchangeV3 signs too under
//   domain version "3".
#pragma once

#include "crypto/eip712.hpp"
#include "crypto/keccak.hpp"

#include <cstdint>
#include <string>

namespace tradehost::polymarket {

inline constexpr const char* kClobAuthMessage = "This message attests that I control the given wallet";
inline constexpr const char* kExchangeDomainName = "Polymarket CTF Exchange";
inline constexpr const char* kOrderV2Type =
    "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,"
    "uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)";
inline constexpr const char* kOrderV1Type =
    "Order(uint256 salt,address maker,address signer,address taker,uint256 tokenId,uint256 makerAmount,"
    "uint256 takerAmount,uint256 expiration,uint256 nonce,uint256 feeRateBps,uint8 side,uint8 signatureType)";
inline constexpr const char* kBytes32Zero = "0x0000000000000000000000000000000000000000000000000000000000000000";

/// The digest a wallet signs for L1 auth (POLY_SIGNATURE): ClobAuth{address, timestamp
/// (decimal seconds as a string), nonce, message}.
Hash32 clob_auth_digest(uint64_t chain_id, const std::string& address, const std::string& timestamp,
                        uint64_t nonce);

/// Order side as signed: BUY 0, SELL 1.
enum class OrderSide : uint8_t { buy = 0, sell = 1 };

/// The signed fields of a V2/V3 order, values as the client sends them (decimal strings,
/// "0x" hex). `expiration` travels in the request but is not signed in V2.
struct OrderV2 {
    std::string salt;
    std::string maker;
    std::string signer;
    std::string token_id;
    std::string maker_amount;
    std::string taker_amount;
    OrderSide side = OrderSide::buy;
    uint8_t signature_type = 0;
    std::string timestamp;  ///< milliseconds since the epoch, decimal
    std::string metadata = kBytes32Zero;
    std::string builder = kBytes32Zero;
};

/// V1's signed fields (taker, expiration, nonce and feeRateBps signed; no timestamp).
struct OrderV1 {
    std::string salt;
    std::string maker;
    std::string signer;
    std::string taker = "0x0000000000000000000000000000000000000000";
    std::string token_id;
    std::string maker_amount;
    std::string taker_amount;
    std::string expiration = "0";
    std::string nonce = "0";
    std::string fee_rate_bps = "0";
    OrderSide side = OrderSide::buy;
    uint8_t signature_type = 0;
};

/// hashStruct of an order; throws std::invalid_argument naming a field that does not parse.
Hash32 order_struct_hash(const OrderV2& o);
Hash32 order_struct_hash(const OrderV1& o);

/// The exchange's domain separator: `version` 1, 2 or 3 (the domain's version string).
Hash32 exchange_domain_separator(uint64_t chain_id, const std::string& exchange, int version);

}  // namespace tradehost::polymarket
