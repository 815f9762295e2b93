// Python-compatible views of UTF-8 text; see unicode_text.hpp.
#include "unicode_text.hpp"

#include "utf8.hpp"  // plugins/news_common

#include <wctype.h>

#include <stdexcept>

namespace tradehost::sentiment {

namespace {
constexpr char32_t kRawByte = 0x110000;  // raw bytes map to kRawByte + byte

bool is_continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }
}  // namespace

char32_t next_code_point_multibyte(std::string_view s, size_t& i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
    if (len == 0 || i + len > s.size()) {
        ++i;
        return kRawByte + b0;
    }
    for (size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if (!is_continuation(c)) {
            ++i;
            return kRawByte + b0;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed too.
    static constexpr char32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kRawByte + b0;
    }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp >= kRawByte) out.push_back(static_cast<char>(cp - kRawByte));
    else news::append_utf8(out, cp);
}

size_t code_point_count(std::string_view s, size_t stop_at) noexcept {
    size_t n = 0;
    for (size_t i = 0; i < s.size() && n < stop_at; ++n) next_code_point(s, i);
    return n;
}

bool is_python_space_non_ascii(char32_t cp) noexcept {
    // CPython's _PyUnicode_IsWhitespace: bidirectional types WS, B, S and category Zs.
    switch (cp) {
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

std::vector<std::string_view> split_python_whitespace(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0, start = std::string_view::npos;
    while (i < s.size()) {
        const size_t at = i;
        const bool space = is_python_space(next_code_point(s, i));
        if (space && start != std::string_view::npos) {
            out.push_back(s.substr(start, at - start));
            start = std::string_view::npos;
        } else if (!space && start == std::string_view::npos) {
            start = at;
        }
    }
    if (start != std::string_view::npos) out.push_back(s.substr(start));
    return out;
}

std::string_view strip_python_whitespace(std::string_view s) noexcept {
    size_t b = 0;
    while (b < s.size()) {
        size_t next = b;
        if (!is_python_space(next_code_point(s, next))) break;
        b = next;
    }
    size_t e = s.size();
    while (e > b) {
        size_t start = e - 1;  // back over continuation bytes to the character's first byte
        while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        size_t end = start;
        const char32_t cp = next_code_point(s, end);
        if (end != e || !is_python_space(cp)) break;  // a malformed tail is not whitespace
        e = start;
    }
    return s.substr(b, e - b);
}

UnicodeCase::UnicodeCase() : loc_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (loc_ == static_cast<locale_t>(nullptr))
        throw std::runtime_error("the C.UTF-8 locale is missing: it supplies the Unicode case tables");
}

UnicodeCase::~UnicodeCase() { freelocale(loc_); }

std::string UnicodeCase::lower(std::string_view s) const {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const char32_t cp = next_code_point(s, i);
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
        } else if (cp >= kRawByte) {
            append_utf8(out, cp);
        } else {
            append_utf8(out, static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), loc_)));
        }
    }
    return out;
}

bool UnicodeCase::is_upper(std::string_view s) const noexcept {
    bool cased = false;
    for (size_t i = 0; i < s.size();) {
        const char32_t cp = next_code_point(s, i);
        bool lower = false, upper = false;
        if (cp < 0x80) {
            lower = cp >= 'a' && cp <= 'z';
            upper = cp >= 'A' && cp <= 'Z';
        } else if (cp < kRawByte) {
            lower = iswlower_l(static_cast<wint_t>(cp), loc_) != 0;
            upper = iswupper_l(static_cast<wint_t>(cp), loc_) != 0;
        }
        if (lower) return false;
        cased = cased || upper;
    }
    return cased;
}

}  // namespace tradehost::sentiment
