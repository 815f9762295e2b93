// JSON decoding helpers on simdjson On-Demand: a reusable Decoder, exact decimal <-> th_fixed
// conversion (integer arithmetic only, never double), RFC 3339 time stamps and JSON string
// quoting for request bodies.
#include <tradehost/venue/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>

namespace tradehost::venue::json {
namespace {

constexpr int kFixedDecimals = 8;
constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
    int64_t year;
    unsigned month;
    unsigned day;
};
// The inverse (H. Hinnant's civil_from_days).
Civil civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Exactly `n` digits at `s[pos]`, as a number; false if any is not a digit.
bool fixed_digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    unsigned v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (!is_digit(c)) return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    out = v;
    return true;
}

std::optional<int64_t> int_from_text(std::string_view text) {
    int64_t v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
    return v;
}

}  // namespace

// Decoder ---------------------------------------------------------------------------------

Decoder::Decoder() : buffer_(std::size_t{4096}) {}
Decoder::~Decoder() = default;

document& Decoder::parse(std::string_view text) {
    // Grow only when a message outgrows the buffer; once warm, parsing copies into the same
    // buffer and the parser reuses its own internal buffers (it reallocates only when the
    // document is larger than anything it has seen).
    if (text.size() > buffer_.size()) buffer_ = simdjson::padded_string(std::max(text.size(), buffer_.size() * 2));
    if (!text.empty()) std::memcpy(buffer_.data(), text.data(), text.size());
    std::memset(buffer_.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    const auto error = parser_.iterate(buffer_.data(), text.size(), buffer_.size() + simdjson::SIMDJSON_PADDING)
                           .get(doc_);
    if (error) throw simdjson::simdjson_error(error);
    return doc_;
}

// Decimals --------------------------------------------------------------------------------

std::optional<th_fixed> fixed_from_text(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    constexpr uint64_t kScale = static_cast<uint64_t>(TH_FIXED_SCALE);
    // The magnitude may reach 2^63 only for a negative value (INT64_MIN).
    const uint64_t limit = negative ? uint64_t{1} << 63 : static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

    uint64_t whole = 0;
    std::size_t i = 0;
    std::size_t int_digits = 0;
    for (; i < text.size() && is_digit(text[i]); ++i, ++int_digits) {
        const uint64_t d = static_cast<uint64_t>(text[i] - '0');
        if (whole > (limit - d) / 10) return std::nullopt;  // whole * 10 + d > limit
        whole = whole * 10 + d;
    }
    uint64_t frac = 0;
    std::size_t frac_digits = 0;
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && is_digit(text[i]); ++i, ++frac_digits) {
            if (frac_digits < kFixedDecimals) {
                frac = frac * 10 + static_cast<uint64_t>(text[i] - '0');
            } else if (text[i] != '0') {
                return std::nullopt;  // precision th_fixed cannot hold
            }
        }
    }
    if (i != text.size() || int_digits + frac_digits == 0) return std::nullopt;  // '', '.', '1e5', ' 1'
    for (std::size_t k = frac_digits; k < kFixedDecimals; ++k) frac *= 10;

    if (whole > limit / kScale) return std::nullopt;
    const uint64_t magnitude = whole * kScale;
    if (frac > limit - magnitude) return std::nullopt;
    const uint64_t total = magnitude + frac;
    if (negative) return total == (uint64_t{1} << 63) ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(total);
    return static_cast<int64_t>(total);
}

namespace {

// simdjson abandons a document after a structural error (a frame cut short, say), and a
// later lookup on it would touch a dead iterator. So only "absent" and "not that type" are
// answers here (nullopt); any other error ends the decoding of this message with the
// simdjson_error that Decoder::parse documents.
bool answer_or_throw(simdjson::error_code e) {
    switch (e) {
    case simdjson::SUCCESS: return false;
    case simdjson::NO_SUCH_FIELD:
    case simdjson::INCORRECT_TYPE:
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return true;
    default: throw simdjson::simdjson_error(e);
    }
}

}  // namespace

std::optional<th_fixed> fixed_from(value& v) {
    // The value's own token, read without materialising it: a number's text, or a string's
    // text between its quotes (decimals never need unescaping), so "0.1" stays exactly
    // 10000000 and nothing is copied. The token carries the whitespace up to the next token.
    const std::string_view token = trim(v.raw_json_token());
    if (token.empty()) return std::nullopt;
    if (token.front() == '"') {
        if (token.size() < 2 || token.back() != '"') return std::nullopt;
        const std::string_view inner = token.substr(1, token.size() - 2);
        if (inner.find('\\') == std::string_view::npos) return fixed_from_text(inner);
        std::string_view s;  // escaped: let simdjson unescape it (no venue does this)
        if (answer_or_throw(v.get_string().get(s))) return std::nullopt;
        return fixed_from_text(s);
    }
    if (token.front() == '-' || is_digit(token.front())) return fixed_from_text(token);
    return std::nullopt;  // null, bool, object, array
}

std::optional<th_fixed> fixed_field(object obj, std::string_view key) {
    value v;
    if (answer_or_throw(obj.find_field_unordered(key).get(v))) return std::nullopt;
    return fixed_from(v);
}

std::optional<std::string_view> string_field(object obj, std::string_view key) {
    value v;
    if (answer_or_throw(obj.find_field_unordered(key).get(v))) return std::nullopt;
    std::string_view s;
    if (answer_or_throw(v.get_string().get(s))) return std::nullopt;
    return s;
}

std::optional<int64_t> int_field(object obj, std::string_view key) {
    value v;
    if (answer_or_throw(obj.find_field_unordered(key).get(v))) return std::nullopt;
    simdjson::ondemand::json_type type{};
    if (answer_or_throw(v.type().get(type))) return std::nullopt;
    if (type == simdjson::ondemand::json_type::number) {
        int64_t n = 0;
        if (answer_or_throw(v.get_int64().get(n))) return std::nullopt;  // a fraction, an exponent or too big
        return n;
    }
    if (type == simdjson::ondemand::json_type::string) {
        std::string_view s;
        if (answer_or_throw(v.get_string().get(s))) return std::nullopt;
        return int_from_text(s);
    }
    return std::nullopt;
}

// Time ------------------------------------------------------------------------------------

std::optional<int64_t> parse_rfc3339_ns(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM); RFC 3339 §5.6 allows 't' and 'z' too.
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!fixed_digits(t, 0, 4, year) || t.size() < 20 || t[4] != '-' || !fixed_digits(t, 5, 2, month) ||
        t[7] != '-' || !fixed_digits(t, 8, 2, day) || (t[10] != 'T' && t[10] != 't') ||
        !fixed_digits(t, 11, 2, hour) || t[13] != ':' || !fixed_digits(t, 14, 2, minute) || t[16] != ':' ||
        !fixed_digits(t, 17, 2, second))
        return std::nullopt;
    // Leap seconds (60) are refused: no venue sends them and the epoch count has no slot.
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
        second > 59)
        return std::nullopt;

    std::size_t pos = 19;
    int64_t frac_ns = 0;
    if (pos < t.size() && t[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        while (pos < t.size() && is_digit(t[pos])) {
            if (++digits > 9) return std::nullopt;
            frac_ns = frac_ns * 10 + (t[pos] - '0');
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (std::size_t k = digits; k < 9; ++k) frac_ns *= 10;
    }

    int64_t offset_s = 0;
    if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
        ++pos;
    } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
        const int64_t sign = t[pos] == '-' ? -1 : 1;
        unsigned oh = 0, om = 0;
        if (!fixed_digits(t, pos + 1, 2, oh) || pos + 3 >= t.size() || t[pos + 3] != ':' ||
            !fixed_digits(t, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset_s = sign * (static_cast<int64_t>(oh) * 3600 + om * 60);
        pos += 6;
    } else {
        return std::nullopt;  // RFC 3339 requires a zone
    }
    if (pos != t.size()) return std::nullopt;

    // Local time minus its offset is UTC. Years 0000-9999 keep seconds far inside int64;
    // only the nanosecond scaling can overflow (beyond 2262).
    const int64_t seconds = days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
                            second - offset_s;
    // Before 1970 the fraction is added to a negative second count: step one second towards
    // zero first so the extreme INT64_MIN instant does not overflow on the way.
    int64_t ns = 0;
    const bool borrow = seconds < 0 && frac_ns > 0;
    const int64_t whole = borrow ? seconds + 1 : seconds;
    const int64_t part = borrow ? frac_ns - kNsPerSecond : frac_ns;
    if (__builtin_mul_overflow(whole, kNsPerSecond, &ns) || __builtin_add_overflow(ns, part, &ns))
        return std::nullopt;
    return ns;
}

std::string format_rfc3339_ns(int64_t ns) {
    // Floor division so times before 1970 still get a fraction in [0, 1e9).
    int64_t seconds = ns / kNsPerSecond;
    int64_t frac = ns % kNsPerSecond;
    if (frac < 0) {
        frac += kNsPerSecond;
        --seconds;
    }
    int64_t days = seconds / kSecondsPerDay;
    int64_t sod = seconds % kSecondsPerDay;
    if (sod < 0) {
        sod += kSecondsPerDay;
        --days;
    }
    const Civil c = civil_from_days(days);
    char buf[64];  // 30 characters in the int64 range; room for what the compiler cannot prove
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%09lldZ", static_cast<long long>(c.year),
                  c.month, c.day, static_cast<long long>(sod / 3600), static_cast<long long>(sod / 60 % 60),
                  static_cast<long long>(sod % 60), static_cast<long long>(frac));
    return buf;
}

// Output ----------------------------------------------------------------------------------

std::string fixed_to_text(th_fixed v) {
    // Unsigned magnitude, so INT64_MIN has one too.
    const bool negative = v < 0;
    const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    constexpr uint64_t kScale = static_cast<uint64_t>(TH_FIXED_SCALE);
    std::string out = negative ? "-" : "";
    out += std::to_string(magnitude / kScale);
    uint64_t frac = magnitude % kScale;
    if (frac != 0) {
        char digits[kFixedDecimals + 1];
        for (int i = kFixedDecimals - 1; i >= 0; --i) {
            digits[i] = static_cast<char>('0' + frac % 10);
            frac /= 10;
        }
        int len = kFixedDecimals;
        while (digits[len - 1] == '0') --len;
        out.push_back('.');
        out.append(digits, static_cast<std::size_t>(len));
    }
    return out;
}

std::string quote(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 15]);
                } else {
                    out.push_back(ch);  // UTF-8 passes through unchanged
                }
        }
    }
    out.push_back('"');
    return out;
}

}  // namespace tradehost::venue::json
