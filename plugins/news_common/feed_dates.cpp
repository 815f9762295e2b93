// Feed date parsing; see feed_dates.hpp.
#include "feed_dates.hpp"

#include <cctype>
#include <cstdint>
#include <string>

namespace tradehost::news {

namespace {

constexpr int64_t kNsPerSec = 1000000000;

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's
// days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool leap(int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) noexcept {
    static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Seconds 0..60: a leap second (60) is accepted and counts as the next second's start,
// since Unix time has no leap seconds.
std::optional<th_time_ns> make_time(int64_t y, unsigned mon, unsigned d, unsigned h, unsigned mi, unsigned s,
                                    int64_t frac_ns, int64_t offset_s) {
    if (mon < 1 || mon > 12 || d < 1 || d > days_in_month(y, mon) || h > 23 || mi > 59 || s > 60) return std::nullopt;
    const int64_t secs = days_from_civil(y, mon, d) * 86400 + h * 3600 + mi * 60 + s - offset_s;
    return secs * kNsPerSec + frac_ns;
}

class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    void skip_space() {
        while (!done() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) ++i_;
    }
    bool eat(char c) {
        if (peek() != c) return false;
        ++i_;
        return true;
    }
    // Exactly `min`..`max` digits.
    bool digits(size_t min, size_t max, int64_t& out, size_t* count = nullptr) {
        size_t n = 0;
        out = 0;
        while (n < max && !done() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
            out = out * 10 + (s_[i_++] - '0');
            ++n;
        }
        if (count) *count = n;
        return n >= min;
    }
    std::string word() {
        std::string w;
        while (!done() && std::isalpha(static_cast<unsigned char>(s_[i_])))
            w.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(s_[i_++]))));
        return w;
    }
    std::string_view rest() const { return s_.substr(i_ < s_.size() ? i_ : s_.size()); }

private:
    std::string_view s_;
    size_t i_ = 0;
};

int month_of(const std::string& w) {
    static constexpr const char* kMonths[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    for (int m = 0; m < 12; ++m)
        if (w == kMonths[m]) return m + 1;
    return 0;
}

bool is_day_name(const std::string& w) {
    for (const char* d : {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"})
        if (w == d) return true;
    return false;
}

// RFC 822 zone names; military letters are -0000 (unknown offset) per RFC 2822 4.3.
std::optional<int64_t> named_zone(const std::string& z) {
    if (z == "UT" || z == "GMT" || z == "Z" || z == "UTC") return 0;
    if (z == "EST") return -5 * 3600;
    if (z == "EDT") return -4 * 3600;
    if (z == "CST") return -6 * 3600;
    if (z == "CDT") return -5 * 3600;
    if (z == "MST") return -7 * 3600;
    if (z == "MDT") return -6 * 3600;
    if (z == "PST") return -8 * 3600;
    if (z == "PDT") return -7 * 3600;
    if (z.size() == 1 && z[0] >= 'A' && z[0] <= 'Z' && z[0] != 'J') return 0;
    return std::nullopt;
}

}  // namespace

std::optional<th_time_ns> parse_rfc822(std::string_view text) {
    Cursor c(text);
    c.skip_space();
    // [ day "," ]
    if (std::isalpha(static_cast<unsigned char>(c.peek()))) {
        if (!is_day_name(c.word())) return std::nullopt;
        c.skip_space();
        if (!c.eat(',')) return std::nullopt;
        c.skip_space();
    }
    int64_t day = 0, year = 0, h = 0, mi = 0, s = 0;
    if (!c.digits(1, 2, day)) return std::nullopt;
    c.skip_space();
    const int mon = month_of(c.word());
    if (mon == 0) return std::nullopt;
    c.skip_space();
    size_t ydigits = 0;
    if (!c.digits(2, 4, year, &ydigits) || ydigits == 3) return std::nullopt;
    if (ydigits == 2) year += year < 50 ? 2000 : 1900;
    c.skip_space();
    if (!c.digits(2, 2, h) || !c.eat(':') || !c.digits(2, 2, mi)) return std::nullopt;
    if (c.eat(':') && !c.digits(2, 2, s)) return std::nullopt;
    c.skip_space();
    int64_t offset = 0;
    if (c.peek() == '+' || c.peek() == '-') {
        const bool neg = c.peek() == '-';
        c.eat(c.peek());
        int64_t hhmm = 0;
        if (!c.digits(4, 4, hhmm) || hhmm % 100 > 59) return std::nullopt;
        offset = (hhmm / 100 * 3600 + hhmm % 100 * 60) * (neg ? -1 : 1);
    } else {
        const auto z = named_zone(c.word());
        if (!z) return std::nullopt;
        offset = *z;
    }
    c.skip_space();
    if (c.eat('(')) {  // a trailing comment such as "(EST)"
        while (!c.done() && c.peek() != ')') c.eat(c.peek());
        if (!c.eat(')')) return std::nullopt;
        c.skip_space();
    }
    if (!c.done()) return std::nullopt;
    return make_time(year, static_cast<unsigned>(mon), static_cast<unsigned>(day), static_cast<unsigned>(h),
                     static_cast<unsigned>(mi), static_cast<unsigned>(s), 0, offset);
}

std::optional<th_time_ns> parse_rfc3339(std::string_view text) {
    Cursor c(text);
    c.skip_space();
    int64_t y = 0, mon = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!c.digits(4, 4, y) || !c.eat('-') || !c.digits(2, 2, mon) || !c.eat('-') || !c.digits(2, 2, d))
        return std::nullopt;
    if (!(c.eat('T') || c.eat('t') || c.eat(' '))) return std::nullopt;
    if (!c.digits(2, 2, h) || !c.eat(':') || !c.digits(2, 2, mi) || !c.eat(':') || !c.digits(2, 2, s))
        return std::nullopt;
    int64_t frac_ns = 0;
    if (c.eat('.')) {
        int64_t scale = 100000000;
        size_t n = 0;
        while (std::isdigit(static_cast<unsigned char>(c.peek()))) {
            frac_ns += (c.peek() - '0') * scale;  // digits past nanoseconds are dropped
            scale /= 10;
            c.eat(c.peek());
            ++n;
        }
        if (n == 0) return std::nullopt;
    }
    int64_t offset = 0;
    if (c.eat('Z') || c.eat('z')) {
        offset = 0;
    } else if (c.peek() == '+' || c.peek() == '-') {
        const bool neg = c.peek() == '-';
        c.eat(c.peek());
        int64_t oh = 0, om = 0;
        if (!c.digits(2, 2, oh) || !c.eat(':') || !c.digits(2, 2, om) || oh > 23 || om > 59) return std::nullopt;
        offset = (oh * 3600 + om * 60) * (neg ? -1 : 1);
    } else {
        return std::nullopt;
    }
    c.skip_space();
    if (!c.done()) return std::nullopt;
    return make_time(y, static_cast<unsigned>(mon), static_cast<unsigned>(d), static_cast<unsigned>(h),
                     static_cast<unsigned>(mi), static_cast<unsigned>(s), frac_ns, offset);
}

std::optional<th_time_ns> parse_feed_date(std::string_view text) {
    if (auto t = parse_rfc3339(text)) return t;
    return parse_rfc822(text);
}

}  // namespace tradehost::news
