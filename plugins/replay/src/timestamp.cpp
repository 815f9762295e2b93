// Timestamp parsing for replay files; see timestamp.hpp.
#include "timestamp.hpp"

#include <limits>

namespace tradehost::replay {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Read exactly `n` digits at `pos`.
bool digits(std::string_view s, size_t& pos, size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!is_digit(s[pos + i])) return false;
        v = v * 10 + static_cast<unsigned>(s[pos + i] - '0');
    }
    pos += n;
    out = v;
    return true;
}

bool leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(unsigned y, unsigned m) {
    static const unsigned d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool parse_integer_ns(std::string_view s, th_time_ns& out, std::string& why) {
    int64_t v = 0;
    for (char c : s) {
        const int d = c - '0';
        if (v > (std::numeric_limits<int64_t>::max() - d) / 10) {
            why = "integer timestamp out of range";
            return false;
        }
        v = v * 10 + d;
    }
    out = v;
    return true;
}

}  // namespace

bool parse_timestamp(std::string_view s, th_time_ns& out, std::string& why) {
    static const char* kForms = "expected integer ns since the epoch or ISO-8601 such as 2024-01-02T14:30:00Z";
    if (s.empty()) {
        why = "empty timestamp";
        return false;
    }
    bool all_digits = true;
    for (char c : s) all_digits = all_digits && is_digit(c);
    if (all_digits) return parse_integer_ns(s, out, why);

    size_t p = 0;
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    int64_t frac_ns = 0;
    int64_t offset_s = 0;
    why = kForms;
    if (!digits(s, p, 4, y) || p >= s.size() || s[p++] != '-' || !digits(s, p, 2, mo) || p >= s.size() ||
        s[p++] != '-' || !digits(s, p, 2, d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
        why = "no such date";
        return false;
    }
    if (p < s.size()) {
        if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return false;
        ++p;
        if (!digits(s, p, 2, h) || p >= s.size() || s[p++] != ':' || !digits(s, p, 2, mi)) return false;
        if (p < s.size() && s[p] == ':') {
            ++p;
            if (!digits(s, p, 2, sec)) return false;
            if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
                ++p;
                int n = 0;
                for (; p < s.size() && is_digit(s[p]); ++p, ++n) {
                    if (n >= 9) {
                        why = "more than 9 fractional digits";
                        return false;
                    }
                    frac_ns = frac_ns * 10 + (s[p] - '0');
                }
                if (n == 0) return false;
                for (; n < 9; ++n) frac_ns *= 10;
            }
        }
        if (h > 23 || mi > 59 || sec > 59) {
            why = "no such time of day";
            return false;
        }
        if (p < s.size()) {
            if (s[p] == 'Z' || s[p] == 'z') {
                ++p;
            } else if (s[p] == '+' || s[p] == '-') {
                const int sign = s[p++] == '-' ? -1 : 1;
                unsigned oh = 0, om = 0;
                if (!digits(s, p, 2, oh)) return false;
                if (p < s.size() && s[p] == ':') ++p;
                if (p < s.size() && !digits(s, p, 2, om)) return false;
                if (oh > 23 || om > 59) {
                    why = "bad UTC offset";
                    return false;
                }
                offset_s = sign * static_cast<int64_t>(oh * 3600 + om * 60);
            } else {
                return false;
            }
        }
        if (p != s.size()) return false;
    }
    __extension__ typedef __int128 i128;
    const i128 secs = static_cast<i128>(days_from_civil(y, mo, d)) * 86400 + h * 3600 + mi * 60 + sec - offset_s;
    const i128 ns = secs * 1000000000 + frac_ns;
    if (ns > std::numeric_limits<int64_t>::max() || ns < std::numeric_limits<int64_t>::min()) {
        why = "timestamp out of range";
        return false;
    }
    out = static_cast<th_time_ns>(ns);
    why.clear();
    return true;
}

}  // namespace tradehost::replay
