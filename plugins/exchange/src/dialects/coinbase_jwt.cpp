// exchange: Coinbase CDP JWT signing and verification on OpenSSL (see coinbase_jwt.hpp).
#include "coinbase_jwt.hpp"

#include <tradehost/venue/encoding.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace tradehost::exchange::coinbase {
namespace {

constexpr std::size_t kCoordBytes = 32;  // P-256: r and s are 32 bytes each in JWS

struct BioFree { void operator()(BIO* b) const { BIO_free(b); } };
struct PkeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct MdCtxFree { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };
struct SigFree { void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); } };
using Bio = std::unique_ptr<BIO, BioFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Sig = std::unique_ptr<ECDSA_SIG, SigFree>;

// Key files and env vars often hold the PEM with literal "\n" escapes (the CDP JSON key file does).
std::string unescape_newlines(std::string_view pem) {
    std::string out;
    out.reserve(pem.size());
    for (std::size_t i = 0; i < pem.size(); ++i) {
        if (pem[i] == '\\' && i + 1 < pem.size() && pem[i + 1] == 'n') {
            out += '\n';
            ++i;
        } else {
            out += pem[i];
        }
    }
    return out;
}

bool is_p256(EVP_PKEY* key) {
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
    char group[64] = {0};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1) return false;
    const std::string_view g(group, len);
    return g == "prime256v1" || g == "P-256" || g == "secp256r1";
}

Pkey load_key(std::string_view pem_text, bool is_private) {
    const std::string pem = unescape_newlines(pem_text);
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) throw std::runtime_error("coinbase jwt: out of memory");
    Pkey key(is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                        : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key || !is_p256(key.get())) return nullptr;
    return key;
}

std::string json_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string s(text);
    for (char& c : s) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (c == '+' || c == '/' || c == '=') return std::nullopt;  // not base64url
    }
    while (s.size() % 4 != 0) s += '=';
    return venue::base64_decode(s);
}

// OpenSSL's DER ECDSA-Sig-Value -> JWS r||s (each left-padded to 32 bytes).
std::string der_to_raw(const unsigned char* der, std::size_t len) {
    const unsigned char* p = der;
    Sig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
    if (!sig) throw std::runtime_error("coinbase jwt: unreadable ECDSA signature");
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    std::string raw(2 * kCoordBytes, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(r, out, kCoordBytes) != static_cast<int>(kCoordBytes) ||
        BN_bn2binpad(s, out + kCoordBytes, kCoordBytes) != static_cast<int>(kCoordBytes))
        throw std::runtime_error("coinbase jwt: signature does not fit P-256");
    return raw;
}

// JWS r||s -> DER, for EVP_DigestVerify.
std::optional<std::string> raw_to_der(std::string_view raw) {
    if (raw.size() != 2 * kCoordBytes) return std::nullopt;
    const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
    Sig sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(in, kCoordBytes, nullptr);
    BIGNUM* s = BN_bin2bn(in + kCoordBytes, kCoordBytes, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    if (len <= 0) return std::nullopt;
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

}  // namespace

std::string json_string(std::string_view text) { return "\"" + json_escape(text) + "\""; }

std::string jwt_uri(std::string_view method, std::string_view url) {
    std::string_view rest = url;
    if (auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
    if (auto q = rest.find('?'); q != std::string_view::npos) rest = rest.substr(0, q);
    return std::string(method) + " " + std::string(rest);
}

std::string random_nonce() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("coinbase jwt: no randomness");
    return venue::hex_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string make_jwt(const JwtParts& parts, std::string_view private_key_pem) {
    Pkey key = load_key(private_key_pem, true);
    if (!key) throw std::runtime_error("coinbase jwt: the API secret is not a P-256 EC private key (PEM)");
    const std::string header = "{\"alg\":\"ES256\",\"kid\":" + json_string(parts.key_name) + ",\"nonce\":" +
                               json_string(parts.nonce) + ",\"typ\":\"JWT\"}";
    std::string claims = "{\"sub\":" + json_string(parts.key_name) + ",\"iss\":\"cdp\",\"nbf\":" +
                         std::to_string(parts.nbf_s) + ",\"exp\":" + std::to_string(parts.nbf_s + kJwtLifetimeS);
    if (!parts.uri.empty()) claims += ",\"uri\":" + json_string(parts.uri);
    claims += "}";
    const std::string signing_input = venue::base64url_encode(header) + "." + venue::base64url_encode(claims);

    MdCtx ctx(EVP_MD_CTX_new());
    std::size_t der_len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &der_len,
                       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1)
        throw std::runtime_error("coinbase jwt: signing failed");
    std::string der(der_len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &der_len,
                       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1)
        throw std::runtime_error("coinbase jwt: signing failed");
    const std::string raw = der_to_raw(reinterpret_cast<const unsigned char*>(der.data()), der_len);
    return signing_input + "." + venue::base64url_encode(raw);
}

std::optional<VerifiedJwt> verify_jwt(std::string_view token, std::string_view public_key_pem) {
    const auto dot1 = token.find('.');
    if (dot1 == std::string_view::npos) return std::nullopt;
    const auto dot2 = token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) return std::nullopt;
    auto header = base64url_decode(token.substr(0, dot1));
    auto claims = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
    auto raw = base64url_decode(token.substr(dot2 + 1));
    if (!header || !claims || !raw) return std::nullopt;
    auto der = raw_to_der(*raw);
    Pkey key = load_key(public_key_pem, false);
    if (!der || !key) return std::nullopt;
    const std::string_view signing_input = token.substr(0, dot2);
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) return std::nullopt;
    if (EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der->data()), der->size(),
                         reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1)
        return std::nullopt;
    return VerifiedJwt{std::move(*header), std::move(*claims)};
}

}  // namespace tradehost::exchange::coinbase
