// polymarket: CLOB authentication headers (docs.polymarket.com api-reference/authentication,
// and the official client's src/headers/index.ts and src/signing/hmac.ts, commit f3e1a05,
// read 2026-12-02).
//   L1 (creating or deriving API credentials): POLY_ADDRESS, POLY_SIGNATURE (the wallet's
//   EIP-712 ClobAuth signature), POLY_TIMESTAMP (unix seconds), POLY_NONCE.
//   L2 (every other authenticated request): POLY_ADDRESS, POLY_SIGNATURE =
//   base64url(HMAC-SHA256(base64url-decoded secret, timestamp + method + path + body)) with
//   the "=" padding kept, POLY_TIMESTAMP, POLY_API_KEY, POLY_PASSPHRASE.
#pragma once

#include "crypto/wallet.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tradehost::polymarket {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// API credentials as /auth/api-key and /auth/derive-api-key return them ({"apiKey",
/// "secret", "passphrase"}). The secret and passphrase are never logged or persisted.
struct ApiCreds {
    std::string key;
    std::string secret;      ///< base64url (the server's alphabet), used as the HMAC key
    std::string passphrase;
    bool empty() const { return key.empty() || secret.empty() || passphrase.empty(); }
};

HeaderList l1_headers(const Wallet& wallet, uint64_t chain_id, int64_t timestamp_s, uint64_t nonce);

/// The L2 signature; nullopt when the secret is not base64/base64url.
std::optional<std::string> l2_signature(const std::string& secret, int64_t timestamp_s, const std::string& method,
                                        const std::string& request_path, const std::string& body);

/// L2 headers for a request; `address` is the signer's (the key's) address. Throws
/// std::invalid_argument when the secret does not decode.
HeaderList l2_headers(const std::string& address, const ApiCreds& creds, int64_t timestamp_s,
                      const std::string& method, const std::string& request_path, const std::string& body);

}  // namespace tradehost::polymarket
