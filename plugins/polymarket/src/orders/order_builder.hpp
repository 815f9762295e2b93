// polymarket: a signed CLOB order and the JSON body of POST /order, as the official V2
// client builds them (clob-client-v2 createOrder.ts, exchangeOrderBuilderV2.ts and
// types/ordersV2.ts orderToJsonV2, commit f3e1a05, read 2026-12-02).
//
// Signature types and the funder/maker rule (signatureTypeV2.ts, createOrder.ts):
//   EOA (0)              maker = signer = the key's address;
//   POLY_PROXY (1)       maker = the funder (Polymarket proxy wallet), signer = the key;
//   POLY_GNOSIS_SAFE (2) maker = the funder (Gnosis safe), signer = the key;
//   POLY_1271 (3)        maker = signer = the funder (a deposit wallet, EIP-1271), signed by
//                        its owner key inside an ERC-7739 TypedDataSign envelope.
// The client falls back to the key's address when no funder is given; for types 1-3 that
// order could never settle, so this adapter refuses it at config time instead.
#pragma once

#include "crypto/clob_typed.hpp"
#include "crypto/wallet.hpp"
#include "orders/amounts.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost::polymarket {

enum class SignatureType : uint8_t { eoa = 0, poly_proxy = 1, poly_gnosis_safe = 2, poly_1271 = 3 };

/// "EOA", "POLY_PROXY", "POLY_GNOSIS_SAFE", "POLY_1271" (the client's enum names).
std::optional<SignatureType> parse_signature_type(const std::string& name);

/// Who signs and whose funds: the key, the signature type and the funder address.
struct Account {
    SignatureType type = SignatureType::eoa;
    std::string funder;  ///< "0x" + 40 hex; required for types 1-3, ignored for EOA
};

/// A problem with the account for this key, or nullopt: types 1-3 need a funder, a funder
/// must be an address.
std::optional<std::string> check_account(const Account& acct);

/// Everything signed plus what travels beside it.
struct SignedOrder {
    OrderV2 order;
    std::string expiration = "0";  ///< unix seconds, GTD only; not signed in V2
    std::string signature;         ///< "0x" ...
    int version = 2;
    std::string exchange;          ///< verifying contract
    Hash32 digest{};               ///< the EIP-712 digest (the order hash the CLOB reports)
};

struct OrderRequest {
    std::string token_id;
    OrderSide side = OrderSide::buy;
    int64_t maker_amount = 0;
    int64_t taker_amount = 0;
    std::string salt;              ///< decimal, < 2^53 (it travels as a JSON number)
    std::string timestamp_ms;
    std::string expiration = "0";
    std::string metadata = kBytes32Zero;
    std::string builder = kBytes32Zero;
};

/// Signs `req` for `version` on `chain_id`'s exchange (neg-risk or not). Throws
/// std::invalid_argument for an unsupported version or chain ("refusing to sign order
/// version 4: this adapter signs versions 2 and 3") or a malformed field.
SignedOrder sign_order(const Wallet& key, const Account& acct, uint64_t chain_id, bool neg_risk, int version,
                       const OrderRequest& req);

/// The POST /order body: {"deferExec","postOnly","order":{...},"owner","orderType"} in the
/// client's field order. `order_type` is GTC, GTD, FOK or FAK; `owner` the API key.
std::string order_body(const SignedOrder& o, const std::string& owner, const std::string& order_type,
                       bool post_only, bool defer_exec = false);

/// A random salt as the client makes one (an integer below 2^53).
std::string random_salt();

}  // namespace tradehost::polymarket
