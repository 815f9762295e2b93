// exchange tests: the EC (P-256) key pair of the Coinbase tests, generated for these tests only
// (openssl ecparam -name prime256v1 -genkey); it is not a Coinbase credential. The dialect signs
// JWTs with the private key; the tests and the loopback double verify them with the public one.
#pragma once

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

}  // namespace exchange_test
