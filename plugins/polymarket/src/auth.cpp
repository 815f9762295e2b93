#include "auth.hpp"

#include "crypto/clob_typed.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/sign.hpp>

#include <stdexcept>

namespace tradehost::polymarket {

HeaderList l1_headers(const Wallet& wallet, uint64_t chain_id, int64_t timestamp_s, uint64_t nonce) {
    const std::string ts = std::to_string(timestamp_s);
    const Hash32 digest = clob_auth_digest(chain_id, wallet.address(), ts, nonce);
    return {{"POLY_ADDRESS", wallet.address()},
            {"POLY_SIGNATURE", signature_hex(wallet.sign(digest))},
            {"POLY_TIMESTAMP", ts},
            {"POLY_NONCE", std::to_string(nonce)}};
}

std::optional<std::string> l2_signature(const std::string& secret, int64_t timestamp_s, const std::string& method,
                                        const std::string& request_path, const std::string& body) {
    // The secret is base64url; the client maps it to standard base64 and pads it first.
    std::string std64 = secret;
    for (char& c : std64) {
        if (c == '-') c = '+';
        if (c == '_') c = '/';
    }
    while (std64.size() % 4 != 0) std64 += '=';
    auto key = venue::base64_decode(std64);
    if (!key || key->empty()) return std::nullopt;
    std::string message = std::to_string(timestamp_s) + method + request_path + body;
    std::string mac = venue::hmac_sha256(*key, message);
    venue::secure_clear(*key);
    // URL-safe alphabet with the "=" padding kept (hmac.ts: "keep base64 '=' suffix").
    std::string sig = venue::base64_encode(mac);
    for (char& c : sig) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
    }
    return sig;
}

HeaderList l2_headers(const std::string& address, const ApiCreds& creds, int64_t timestamp_s,
                      const std::string& method, const std::string& request_path, const std::string& body) {
    auto sig = l2_signature(creds.secret, timestamp_s, method, request_path, body);
    if (!sig) throw std::invalid_argument("the API secret is not base64");
    return {{"POLY_ADDRESS", address},
            {"POLY_SIGNATURE", *sig},
            {"POLY_TIMESTAMP", std::to_string(timestamp_s)},
            {"POLY_API_KEY", creds.key},
            {"POLY_PASSPHRASE", creds.passphrase}};
}

}  // namespace tradehost::polymarket
