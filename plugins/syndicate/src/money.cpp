#include "money.hpp"

#include <cstdlib>

namespace syndicate {

// 128-bit products: a NAV in cents times units in micro-units overflows 64 bits.
__extension__ typedef __int128 i128;

std::optional<Cents> parse_cents(std::string_view t) {
    bool neg = false;
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
        neg = t[0] == '-';
        t.remove_prefix(1);
    }
    if (t.empty()) return std::nullopt;
    int64_t whole = 0, frac = 0;
    int frac_digits = -1;
    for (char ch : t) {
        if (ch == '.' && frac_digits < 0) {
            frac_digits = 0;
            continue;
        }
        if (ch < '0' || ch > '9') return std::nullopt;
        if (frac_digits < 0) {
            if (whole > (INT64_MAX / 100 - 9) / 10) return std::nullopt;
            whole = whole * 10 + (ch - '0');
        } else {
            if (++frac_digits > 2) return std::nullopt;
            frac = frac * 10 + (ch - '0');
        }
    }
    if (frac_digits == 0) return std::nullopt;  // "12."
    if (frac_digits == 1) frac *= 10;
    const Cents c = whole * 100 + frac;
    return neg ? -c : c;
}

namespace {
std::string group(uint64_t v) {
    std::string digits = std::to_string(v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}
std::string fixed(int64_t v, int64_t scale, int decimals) {
    const bool neg = v < 0;
    const uint64_t a = neg ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
    std::string frac = std::to_string(a % static_cast<uint64_t>(scale));
    frac.insert(0, static_cast<size_t>(decimals) - frac.size(), '0');
    return (neg ? "-" : "") + group(a / static_cast<uint64_t>(scale)) + "." + frac;
}
}  // namespace

std::string format_cents(Cents c) { return fixed(c, 100, 2); }
std::string format_units(MicroUnits u) { return fixed(u, kUnit, 6); }

int64_t mul_div_floor(int64_t a, int64_t b, int64_t c) {
    const i128 p = static_cast<i128>(a) * b;
    i128 q = p / c;
    if ((p % c != 0) && ((p < 0) != (c < 0))) --q;
    return static_cast<int64_t>(q);
}

int64_t mul_div_ceil(int64_t a, int64_t b, int64_t c) { return -mul_div_floor(-a, b, c); }

int64_t mul_div_round(int64_t a, int64_t b, int64_t c) {
    const i128 p = static_cast<i128>(a) * b;
    const i128 half = c / 2;
    return static_cast<int64_t>(p >= 0 ? (p + half) / c : -((-p + half) / c));
}

}  // namespace syndicate
