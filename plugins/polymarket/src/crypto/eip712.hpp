// polymarket: EIP-712 typed structured data hashing (eips.ethereum.org/EIPS/eip-712):
// hashStruct(s) = keccak256(typeHash || encodeData(s)), the domain separator, and the digest
// keccak256("\x19\x01" || domainSeparator || hashStruct(message)) that is signed.
// Only what Polymarket's structs use: uint, address, bytes32, string and nested structs
// (whose hash the caller appends as a word).
#pragma once

#include "crypto/keccak.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::polymarket::eip712 {

/// Builds one struct's hash field by field, in the order of its type string. Each setter
/// throws std::invalid_argument naming the field when its value does not parse.
class StructHasher {
public:
    /// `type_string` is the struct's encodeType ("Order(uint256 salt,address maker,...)",
    /// referenced struct types appended in alphabetical order as EIP-712 says).
    explicit StructHasher(std::string_view type_string);

    StructHasher& uint(std::string_view field, std::string_view decimal);
    StructHasher& uint(uint64_t v);
    StructHasher& address(std::string_view field, std::string_view hex0x);
    StructHasher& bytes32(std::string_view field, std::string_view hex0x);
    /// `string` and `bytes` members are encoded as the keccak256 of their contents.
    StructHasher& string(std::string_view text);
    /// A nested struct's hashStruct, or any ready word.
    StructHasher& word(const Hash32& w);

    Hash32 hash() const { return keccak256(buf_); }

private:
    std::string buf_;
};

/// The EIP712Domain fields Polymarket's domains use: name, version, chainId and, for the
/// exchange contracts, verifyingContract (ClobAuthDomain has none).
struct Domain {
    std::string name;
    std::string version;
    uint64_t chain_id = 0;
    std::optional<std::string> verifying_contract;  ///< "0x" + 40 hex
};

Hash32 domain_separator(const Domain& d);

/// keccak256(0x19 0x01 || domain_separator || struct_hash): what the wallet signs.
Hash32 typed_digest(const Hash32& domain_separator, const Hash32& struct_hash);

}  // namespace tradehost::polymarket::eip712
