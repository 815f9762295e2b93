// exchange: the JWT that authenticates every Coinbase Advanced Trade request (CDP API keys).
// Source: docs.cdp.coinbase.com "API Authentication" / Advanced Trade "Creating a JWT":
// ES256 (ECDSA P-256 + SHA-256) over base64url(header) "." base64url(claims), header
// {"alg":"ES256","kid":KEY_NAME,"nonce":RANDOM_HEX,"typ":"JWT"}, claims {"sub":KEY_NAME,
// "iss":"cdp","nbf":NOW_S,"exp":NOW_S+120,"uri":"METHOD host/path"}; the WebSocket JWT has
// no "uri". The signature is JWS's raw r||s (RFC 7518 §3.4), not OpenSSL's DER.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::exchange::coinbase {

/// A JWT lives 120 s (the documented exp = nbf + 120).
inline constexpr int64_t kJwtLifetimeS = 120;

struct JwtParts {
    std::string key_name;   ///< "organizations/{org_id}/apiKeys/{key_id}" (kid and sub)
    std::string uri;        ///< "GET api.coinbase.com/api/v3/brokerage/accounts"; empty: none (WebSocket)
    int64_t nbf_s = 0;      ///< not before, epoch seconds (exp = nbf + 120)
    std::string nonce;      ///< random hex, different for every token
};

/// `text` as a JSON string literal, quotes included (JWT parts and the dialect's request bodies).
std::string json_string(std::string_view text);

/// "METHOD host/path" of the uri claim from a full URL ("https://api.coinbase.com/api/v3/...?q"):
/// the query is not part of it.
std::string jwt_uri(std::string_view method, std::string_view url);

/// 16 random bytes as 32 lowercase hex characters (OpenSSL RAND_bytes).
std::string random_nonce();

/// The signed token. `private_key_pem` is the CDP key's "-----BEGIN EC PRIVATE KEY-----" PEM
/// (literal "\n" sequences, as the key file stores them, are accepted too). Throws
/// std::runtime_error on a key that is not a P-256 EC private key or a failed signature.
std::string make_jwt(const JwtParts& parts, std::string_view private_key_pem);

/// Header and claims of a token whose ES256 signature verifies with `public_key_pem`
/// ("-----BEGIN PUBLIC KEY-----"); nullopt when the signature or the format is wrong.
/// Used by the loopback double and the tests to check tokens exactly as the venue does.
struct VerifiedJwt {
    std::string header_json, claims_json;
};
std::optional<VerifiedJwt> verify_jwt(std::string_view token, std::string_view public_key_pem);

}  // namespace tradehost::exchange::coinbase
