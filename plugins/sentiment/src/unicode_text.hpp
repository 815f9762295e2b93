// UTF-8 text as Python's str sees it: code points, Unicode whitespace, case tests and
// lowercasing. VADER's reference works on Python strings, so reproducing it exactly needs
// the same notion of "whitespace", "upper case" and "lower()".
#ifndef TRADEHOST_SENTIMENT_UNICODE_TEXT_HPP
#define TRADEHOST_SENTIMENT_UNICODE_TEXT_HPP

#include <locale.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::sentiment {

/// The multi-byte part of next_code_point.
char32_t next_code_point_multibyte(std::string_view s, size_t& i) noexcept;
/// Decode one code point at `s[i]` and advance `i`. A malformed byte decodes as itself
/// (a value >= 0x110000 marks it) and advances one byte, so no input is ever refused.
/// Inline for ASCII, which is most news text.
inline char32_t next_code_point(std::string_view s, size_t& i) noexcept {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        ++i;
        return b;
    }
    return next_code_point_multibyte(s, i);
}
/// Append `cp` to `out` as UTF-8 (a malformed-byte marker appends the original byte).
void append_utf8(std::string& out, char32_t cp);
/// Number of code points in `s` (Python's len()), counting no further than `stop_at`.
size_t code_point_count(std::string_view s, size_t stop_at = SIZE_MAX) noexcept;

/// Python's str.isspace() for a code point beyond ASCII.
bool is_python_space_non_ascii(char32_t cp) noexcept;
/// Python's str.isspace() for one code point: what str.split() and str.strip() break on.
inline bool is_python_space(char32_t cp) noexcept {
    if (cp < 0x80) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
    return is_python_space_non_ascii(cp);
}
/// `s` split on runs of Python whitespace, leading and trailing runs dropped (str.split()).
std::vector<std::string_view> split_python_whitespace(std::string_view s);
/// `s` without leading and trailing Python whitespace (str.strip()).
std::string_view strip_python_whitespace(std::string_view s) noexcept;

/// Unicode case classes and lowercase mapping from the C library's UTF-8 tables (glibc's
/// C.UTF-8 locale follows the Unicode character database, as Python's str does). Owns a
/// locale object, so each analyzer has its own and nothing global is touched.
class UnicodeCase {
public:
    UnicodeCase();  // throws std::runtime_error if no UTF-8 locale exists
    ~UnicodeCase();
    UnicodeCase(const UnicodeCase&) = delete;
    UnicodeCase& operator=(const UnicodeCase&) = delete;

    /// Python's str.lower() (simple case mapping per code point).
    std::string lower(std::string_view s) const;
    /// Python's str.isupper(): at least one cased character and none of them lower case.
    bool is_upper(std::string_view s) const noexcept;

private:
    locale_t loc_;
};

}  // namespace tradehost::sentiment

#endif
