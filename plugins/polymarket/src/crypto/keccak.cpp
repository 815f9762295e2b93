#include "crypto/keccak.hpp"

#include <cstring>

#include <nettle/sha3.h>

namespace tradehost::polymarket {
namespace {

constexpr size_t kRate = 136;  // (1600 - 2*256) / 8: Keccak-256's rate in bytes

// Keccak's lanes are little-endian 64-bit words (FIPS 202 §B.1), as nettle keeps them.
uint64_t load_le64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

void absorb(sha3_state& st, const uint8_t* block) {
    for (size_t i = 0; i < kRate / 8; ++i) st.a[i] ^= load_le64(block + 8 * i);
    nettle_sha3_permute(&st);
}

}  // namespace

Hash32 keccak256(std::string_view data) {
    sha3_state st;
    std::memset(&st, 0, sizeof st);
    const auto* p = reinterpret_cast<const uint8_t*>(data.data());
    size_t n = data.size();
    for (; n >= kRate; n -= kRate, p += kRate) absorb(st, p);
    // The last block: the rest, then Keccak's multi-rate padding 0x01 ... 0x80 (the two
    // share a byte, 0x81, when one byte is left). SHA3-256 would put 0x06 here.
    uint8_t last[kRate] = {};
    if (n > 0) std::memcpy(last, p, n);
    last[n] ^= 0x01;
    last[kRate - 1] ^= 0x80;
    absorb(st, last);
    Hash32 out;
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(st.a[i / 8] >> (8 * (i % 8)));
    return out;
}

std::string to_hex0x(const Hash32& h) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s = "0x";
    s.reserve(66);
    for (uint8_t b : h) {
        s += kDigits[b >> 4];
        s += kDigits[b & 15];
    }
    return s;
}

}  // namespace tradehost::polymarket
