// exchange tests: the EC (P-256) key pair of the Coinbase tests, generated for these tests only
// (openssl ecparam -name prime256v1 -genkey); it is not a Coinbase credential. The dialect signs
// JWTs with the private key; the tests and the loopback double verify them with the public one.
#pragma once

#include "dialects/coinbase_jwt.hpp"

#include <tradehost/venue/json.hpp>

#include <chrono>
#include <string>

namespace exchange_test {

inline constexpr const char* kCoinbasePrivateKey =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEIP7UPQRqqlRs6BCmSBSgGhKJL7GdJS8MqZQJwmckTRqJoAoGCCqGSM49\n"
    "AwEHoUQDQgAEzOq1gQ1FCrOConFTib5AKliQ5ABr8Ch+tDq8QeRJLq104PU0Z9g7\n"
    "YWyt3HT2+lrQrmHA/GSv5wdgzlXXZAR1eA==\n"
    "-----END EC PRIVATE KEY-----\n";
inline constexpr const char* kCoinbasePublicKey =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzOq1gQ1FCrOConFTib5AKliQ5ABr\n"
    "8Ch+tDq8QeRJLq104PU0Z9g7YWyt3HT2+lrQrmHA/GSv5wdgzlXXZAR1eA==\n"
    "-----END PUBLIC KEY-----\n";
inline constexpr const char* kCoinbaseKeyName = "organizations/fake-org-0000/apiKeys/fake-key-0000";

/// The check Coinbase makes: ES256 signature with the key's public key, sub = the key name,
/// not expired, uri = "METHOD host/path" (none on WebSocket JWTs). Runs on the double's
/// thread: it captures nothing of a test body.
inline bool check_coinbase_jwt(const std::string& token, const std::string& expected_uri) {
    auto v = tradehost::exchange::coinbase::verify_jwt(token, kCoinbasePublicKey);
    if (!v) return false;
    tradehost::venue::json::Decoder d;
    tradehost::venue::json::object claims = d.parse(v->claims_json).get_object();
    auto sub = tradehost::venue::json::string_field(claims, "sub");
    if (!sub || *sub != kCoinbaseKeyName) return false;
    auto exp = tradehost::venue::json::int_field(claims, "exp");
    const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
    if (!exp || *exp < now_s) return false;
    auto uri = tradehost::venue::json::string_field(claims, "uri");
    if (expected_uri.empty()) return !uri.has_value();
    return uri && *uri == expected_uri;
}

}  // namespace exchange_test
