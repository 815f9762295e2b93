#include "crypto/eip712.hpp"

#include "crypto/abi.hpp"

#include <stdexcept>

namespace tradehost::polymarket::eip712 {
namespace {

[[noreturn]] void bad(std::string_view field, std::string_view what) {
    throw std::invalid_argument(std::string(field) + ": " + std::string(what));
}

}  // namespace

StructHasher::StructHasher(std::string_view type_string) {
    buf_.reserve(32 * 12);
    buf_ += as_bytes(keccak256(type_string));
}

StructHasher& StructHasher::uint(std::string_view field, std::string_view decimal) {
    auto w = evm::uint_from_decimal(decimal);
    if (!w) bad(field, "not an unsigned integer below 2^256: '" + std::string(decimal) + "'");
    return word(*w);
}

StructHasher& StructHasher::uint(uint64_t v) { return word(evm::uint_word(v)); }

StructHasher& StructHasher::address(std::string_view field, std::string_view hex0x) {
    auto w = evm::address_word(hex0x);
    if (!w) bad(field, "not an address (0x and 40 hex digits): '" + std::string(hex0x) + "'");
    return word(*w);
}

StructHasher& StructHasher::bytes32(std::string_view field, std::string_view hex0x) {
    auto w = evm::bytes32_word(hex0x);
    if (!w) bad(field, "not a bytes32 (0x and 64 hex digits): '" + std::string(hex0x) + "'");
    return word(*w);
}

StructHasher& StructHasher::string(std::string_view text) { return word(keccak256(text)); }

StructHasher& StructHasher::word(const Hash32& w) {
    buf_ += as_bytes(w);
    return *this;
}

Hash32 domain_separator(const Domain& d) {
    StructHasher h(d.verifying_contract
                       ? "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                       : "EIP712Domain(string name,string version,uint256 chainId)");
    h.string(d.name).string(d.version).uint(d.chain_id);
    if (d.verifying_contract) h.address("verifyingContract", *d.verifying_contract);
    return h.hash();
}

Hash32 typed_digest(const Hash32& domain_separator, const Hash32& struct_hash) {
    std::string msg = "\x19\x01";
    msg += as_bytes(domain_separator);
    msg += as_bytes(struct_hash);
    return keccak256(msg);
}

}  // namespace tradehost::polymarket::eip712
