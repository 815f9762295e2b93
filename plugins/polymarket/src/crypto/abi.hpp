// polymarket: the 32-byte ABI words EIP-712's encodeData is made of (EIP-712 "Definition of
// encodeData": atomic values as their ABI encoding, uint<N> big-endian left-padded, address
// as uint160, bytes32 as is). Decimal uint256 values (token ids are 77-digit numbers) are
// parsed exactly, without a bignum library.
#pragma once

#include "crypto/keccak.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tradehost::polymarket::evm {

/// A decimal unsigned integer ("0", "7124...") as a uint256 word; nullopt when the text is
/// empty, has a character other than 0-9, or exceeds 2^256 - 1.
std::optional<Hash32> uint_from_decimal(std::string_view text);

/// A word holding `v`.
Hash32 uint_word(uint64_t v);

/// The word's value as decimal text (the inverse of uint_from_decimal).
std::string decimal_from_word(const Hash32& word);

/// A "0x"-prefixed 20-byte address (any letter case) as its word; nullopt when not 40 hex
/// digits after "0x".
std::optional<Hash32> address_word(std::string_view hex);

/// A "0x"-prefixed 32-byte value as its word; nullopt when not 64 hex digits after "0x".
std::optional<Hash32> bytes32_word(std::string_view hex);

/// Hex digits (no "0x", any case) to bytes; nullopt on an odd length or a non-hex digit.
std::optional<std::string> hex_to_bytes(std::string_view hex);

}  // namespace tradehost::polymarket::evm
