#include "crypto/abi.hpp"

#include <algorithm>

namespace tradehost::polymarket::evm {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<Hash32> right_aligned_hex(std::string_view hex, size_t bytes) {
    if (hex.size() < 2 || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X')) return std::nullopt;
    hex.remove_prefix(2);
    if (hex.size() != 2 * bytes) return std::nullopt;
    auto raw = hex_to_bytes(hex);
    if (!raw) return std::nullopt;
    Hash32 w{};
    std::copy(raw->begin(), raw->end(), w.begin() + static_cast<long>(32 - bytes));
    return w;
}

}  // namespace

std::optional<std::string> hex_to_bytes(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

std::optional<Hash32> uint_from_decimal(std::string_view text) {
    if (text.empty()) return std::nullopt;
    Hash32 w{};
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        // w = w * 10 + digit, big-endian, carrying from the last byte up.
        unsigned carry = static_cast<unsigned>(c - '0');
        for (int i = 31; i >= 0; --i) {
            unsigned v = w[static_cast<size_t>(i)] * 10u + carry;
            w[static_cast<size_t>(i)] = static_cast<uint8_t>(v & 0xff);
            carry = v >> 8;
        }
        if (carry != 0) return std::nullopt;  // past 2^256 - 1
    }
    return w;
}

Hash32 uint_word(uint64_t v) {
    Hash32 w{};
    for (int i = 31; i >= 24; --i, v >>= 8) w[static_cast<size_t>(i)] = static_cast<uint8_t>(v & 0xff);
    return w;
}

std::string decimal_from_word(const Hash32& word) {
    Hash32 w = word;
    std::string digits;
    for (;;) {
        // w /= 10, remainder is the next digit (from the lowest).
        unsigned rem = 0;
        bool zero = true;
        for (size_t i = 0; i < w.size(); ++i) {
            unsigned cur = rem * 256u + w[i];
            w[i] = static_cast<uint8_t>(cur / 10);
            rem = cur % 10;
            if (w[i] != 0) zero = false;
        }
        digits += static_cast<char>('0' + rem);
        if (zero) break;
    }
    std::reverse(digits.begin(), digits.end());
    return digits;
}

std::optional<Hash32> address_word(std::string_view hex) { return right_aligned_hex(hex, 20); }

std::optional<Hash32> bytes32_word(std::string_view hex) { return right_aligned_hex(hex, 32); }

}  // namespace tradehost::polymarket::evm
