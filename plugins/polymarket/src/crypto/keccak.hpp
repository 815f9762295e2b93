// polymarket: Keccak-256 as Ethereum uses it (the original Keccak padding 0x01 .. 0x80, not
// FIPS-202 SHA3's 0x06). Built on nettle's Keccak-f[1600] permutation (nettle_sha3_permute,
// Debian's nettle-dev), so only the sponge's absorb/pad/squeeze is ours (docs/decisions.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tradehost::polymarket {

/// 32 bytes: a Keccak-256 digest, an EIP-712 word or hash.
using Hash32 = std::array<uint8_t, 32>;

/// Keccak-256 of `data` (rate 136 bytes, capacity 512 bits, Ethereum's padding).
Hash32 keccak256(std::string_view data);

/// The digest's 32 bytes as a string (to append to an encoding buffer).
inline std::string as_bytes(const Hash32& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

/// "0x" + 64 lowercase hex digits.
std::string to_hex0x(const Hash32& h);

}  // namespace tradehost::polymarket
