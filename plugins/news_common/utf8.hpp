// UTF-8 helpers the news plugins share: encoding a code point, and filling th_news-style
// fixed char fields cut at a character boundary (the ABI's rule for news text).
#ifndef TRADEHOST_NEWS_COMMON_UTF8_HPP
#define TRADEHOST_NEWS_COMMON_UTF8_HPP

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace tradehost::news {

/// Append code point `cp` (<= U+10FFFF) to `out` as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

/// Copy `src` into a fixed field, NUL-terminated, cut at a UTF-8 character boundary.
template <size_t N> void copy_utf8(char (&dst)[N], std::string_view src) noexcept {
    size_t n = src.size() < N - 1 ? src.size() : N - 1;
    if (n < src.size())
        while (n > 0 && (static_cast<unsigned char>(src[n]) & 0xC0) == 0x80) --n;
    std::memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

/// The text of a fixed char field: up to its NUL, or all of it.
template <size_t N> std::string_view field_text(const char (&f)[N]) noexcept { return std::string_view(f, strnlen(f, N)); }

}  // namespace tradehost::news

#endif
