// Hex, base64 (RFC 4648 §4 and §5), percent-encoding (RFC 3986) and query strings: the byte
// encodings venues use in signatures and URLs. Pure functions, no state, no allocation beyond
// the result.
#include <tradehost/venue/encoding.hpp>

#include <algorithm>
#include <array>
#include <cstdint>

namespace tradehost::venue {
namespace {

constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr int8_t kInvalid = -1;

// Reverse table for the standard alphabet; '=' is handled by the caller, not here.
constexpr std::array<int8_t, 256> make_decode_table() {
    std::array<int8_t, 256> t{};
    for (auto& v : t) v = kInvalid;
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kBase64[i])] = static_cast<int8_t>(i);
    return t;
}
constexpr std::array<int8_t, 256> kDecode = make_decode_table();

std::string base64_with(std::string_view bytes, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t n = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        out.push_back(alphabet[(n >> 6) & 63]);
        out.push_back(alphabet[n & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const uint32_t n = uint32_t{p[i]} << 16;
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        if (pad) out.append("==");
    } else if (rest == 2) {
        const uint32_t n = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8);
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        out.push_back(alphabet[(n >> 6) & 63]);
        if (pad) out.push_back('=');
    }
    return out;
}

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string hex_encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kHexLower[c >> 4]);
        out.push_back(kHexLower[c & 15]);
    }
    return out;
}

std::string base64_encode(std::string_view bytes) { return base64_with(bytes, kBase64, true); }

std::string base64url_encode(std::string_view bytes) { return base64_with(bytes, kBase64Url, false); }

std::optional<std::string> base64_decode(std::string_view text) {
    // Strict: whole quanta only, '=' only as the last one or two characters, and the bits that
    // padding discards must be zero (RFC 4648 §3.5), so one secret has exactly one spelling.
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t pad = 0;
    if (!text.empty() && text.back() == '=') pad = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
    const std::size_t body = text.size() - pad;

    std::string out;
    out.reserve(text.size() / 4 * 3);
    uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < body; ++i) {
        const int8_t v = kDecode[static_cast<unsigned char>(text[i])];
        if (v == kInvalid) return std::nullopt;  // includes a '=' in the middle
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    // Leftover bits are the discarded low bits of the last character: must be zero.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::string url_encode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (is_unreserved(c)) {
            out.push_back(static_cast<char>(c));
        } else {
            // Upper-case hex digits, as RFC 3986 §2.1 recommends and as Binance's own signed
            // examples spell them (%EF%BC%91): the signature covers the exact bytes.
            out.push_back('%');
            out.push_back(kHexUpper[c >> 4]);
            out.push_back(kHexUpper[c & 15]);
        }
    }
    return out;
}

std::string query_string(const QueryParams& params) {
    std::string out;
    for (const auto& [key, value] : params) {
        if (!out.empty()) out.push_back('&');
        out += url_encode(key);
        out.push_back('=');
        out += url_encode(value);
    }
    return out;
}

std::string canonical_query_string(QueryParams params) {
    std::sort(params.begin(), params.end());
    return query_string(params);
}

}  // namespace tradehost::venue
