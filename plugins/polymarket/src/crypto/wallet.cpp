#include "crypto/wallet.hpp"

#include "crypto/abi.hpp"

#include <cstring>
#include <memory>
#include <stdexcept>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

namespace tradehost::polymarket {
namespace {

struct ContextDeleter {
    void operator()(secp256k1_context* c) const noexcept { secp256k1_context_destroy(c); }
};
using Context = std::unique_ptr<secp256k1_context, ContextDeleter>;

// Ethereum address of a public key: keccak256 of its 64 uncompressed coordinate bytes,
// last 20 bytes.
std::string address_of(const secp256k1_context* ctx, const secp256k1_pubkey& pub) {
    unsigned char raw[65];
    size_t len = sizeof raw;
    secp256k1_ec_pubkey_serialize(ctx, raw, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    Hash32 h = keccak256(std::string_view(reinterpret_cast<const char*>(raw + 1), 64));
    std::string hex = to_hex0x(h);  // "0x" + 64: the address is the last 40 digits
    return *checksum_address("0x" + hex.substr(2 + 24));
}

}  // namespace

std::string signature_hex(const Signature65& sig) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s = "0x";
    s.reserve(132);
    for (uint8_t b : sig) {
        s += kDigits[b >> 4];
        s += kDigits[b & 15];
    }
    return s;
}

std::optional<std::string> checksum_address(std::string_view hex0x) {
    if (!evm::address_word(hex0x)) return std::nullopt;
    std::string lower(hex0x.substr(2));
    for (char& c : lower)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    // EIP-55: a letter is upper case when the matching nibble of keccak256(lowercase hex) >= 8.
    Hash32 h = keccak256(lower);
    std::string out = "0x";
    for (size_t i = 0; i < lower.size(); ++i) {
        uint8_t nibble = (i % 2 == 0) ? (h[i / 2] >> 4) : (h[i / 2] & 15);
        char c = lower[i];
        if (c >= 'a' && c <= 'f' && nibble >= 8) c = static_cast<char>(c - 'a' + 'A');
        out += c;
    }
    return out;
}

std::optional<std::string> recover_address(const Hash32& digest, std::string_view signature_hex0x) {
    if (signature_hex0x.size() != 132 || signature_hex0x.substr(0, 2) != "0x") return std::nullopt;
    auto raw = evm::hex_to_bytes(signature_hex0x.substr(2));
    if (!raw) return std::nullopt;
    int v = static_cast<uint8_t>((*raw)[64]);
    if (v >= 27) v -= 27;
    if (v != 0 && v != 1) return std::nullopt;
    Context ctx(secp256k1_context_create(SECP256K1_CONTEXT_NONE));
    secp256k1_ecdsa_recoverable_signature sig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(
            ctx.get(), &sig, reinterpret_cast<const unsigned char*>(raw->data()), v))
        return std::nullopt;
    secp256k1_pubkey pub;
    if (!secp256k1_ecdsa_recover(ctx.get(), &pub, &sig, digest.data())) return std::nullopt;
    return address_of(ctx.get(), pub);
}

Wallet::Wallet(std::string_view private_key_hex) {
    if (private_key_hex.size() >= 2 && private_key_hex[0] == '0' && (private_key_hex[1] == 'x' || private_key_hex[1] == 'X'))
        private_key_hex.remove_prefix(2);
    auto raw = private_key_hex.size() == 64 ? evm::hex_to_bytes(private_key_hex) : std::nullopt;
    if (!raw) throw std::invalid_argument("private key is not 32 bytes of hex (64 hex digits, optional 0x)");
    std::memcpy(key_.data(), raw->data(), key_.size());
    std::memset(raw->data(), 0, raw->size());
    ctx_ = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    secp256k1_pubkey pub;
    if (!secp256k1_ec_seckey_verify(ctx_, key_.data()) || !secp256k1_ec_pubkey_create(ctx_, &pub, key_.data())) {
        secp256k1_context_destroy(ctx_);
        ctx_ = nullptr;
        key_.fill(0);
        throw std::invalid_argument("private key is not a valid secp256k1 secret (zero or not below the curve order)");
    }
    address_ = address_of(ctx_, pub);
}

Wallet::~Wallet() {
    // Not optimised away: the key is read through a volatile pointer.
    volatile uint8_t* p = key_.data();
    for (size_t i = 0; i < key_.size(); ++i) p[i] = 0;
    if (ctx_ != nullptr) secp256k1_context_destroy(ctx_);
}

Signature65 Wallet::sign(const Hash32& digest) const {
    secp256k1_ecdsa_recoverable_signature sig;
    // nullptr nonce function: libsecp256k1's default, RFC 6979 (HMAC-SHA256); the result is
    // always lower-S normalised, as Ethereum requires.
    if (!secp256k1_ecdsa_sign_recoverable(ctx_, &sig, digest.data(), key_.data(), nullptr, nullptr))
        throw std::runtime_error("secp256k1 signing failed");
    Signature65 out{};
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx_, out.data(), &recid, &sig);
    out[64] = static_cast<uint8_t>(27 + recid);
    return out;
}

}  // namespace tradehost::polymarket
