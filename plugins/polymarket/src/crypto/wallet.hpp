// polymarket: the Ethereum key that signs ClobAuth and orders, on libsecp256k1 (Debian's
// libsecp256k1-dev): RFC 6979 deterministic nonces and low-S signatures
// (secp256k1_ecdsa_sign_recoverable with the default nonce function), serialized as
// Ethereum's 65 bytes r || s || v with v = 27 + recovery id. The address is the last 20
// bytes of keccak256 of the uncompressed public key (without its 0x04 prefix), written
// with EIP-55's mixed-case checksum as the official clients send it.
#pragma once

#include "crypto/keccak.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

struct secp256k1_context_struct;

namespace tradehost::polymarket {

/// r || s || v, 65 bytes.
using Signature65 = std::array<uint8_t, 65>;

/// "0x" + 130 lowercase hex digits, as the clients send a signature.
std::string signature_hex(const Signature65& sig);

/// EIP-55 checksummed form of a "0x" + 40-hex address (any case); nullopt when malformed.
std::optional<std::string> checksum_address(std::string_view hex0x);

/// The address that signed `digest`, from a "0x" + 130-hex signature with v 27/28 (or 0/1).
/// nullopt when the signature does not parse or recovers no key. Checksummed.
std::optional<std::string> recover_address(const Hash32& digest, std::string_view signature_hex0x);

class Wallet {
public:
    /// From a 32-byte private key as hex, with or without "0x". Throws std::invalid_argument
    /// on a malformed or out-of-range key; the message never contains the key.
    explicit Wallet(std::string_view private_key_hex);
    ~Wallet();
    Wallet(const Wallet&) = delete;
    Wallet& operator=(const Wallet&) = delete;

    /// EIP-55 checksummed address ("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").
    const std::string& address() const { return address_; }

    Signature65 sign(const Hash32& digest) const;

private:
    secp256k1_context_struct* ctx_ = nullptr;
    std::array<uint8_t, 32> key_{};
    std::string address_;
};

}  // namespace tradehost::polymarket
