#include "orders/rounding.hpp"

namespace tradehost::polymarket {

std::optional<RoundConfig> round_config(int64_t tick_fixed) {
    struct Row {
        int64_t tick;
        RoundConfig cfg;
    };
    static constexpr Row kRows[] = {
        {10000000, {1, 2, 3}},  // 0.1
        {1000000, {2, 2, 4}},   // 0.01
        {500000, {3, 2, 5}},    // 0.005
        {250000, {4, 2, 6}},    // 0.0025
        {100000, {3, 2, 5}},    // 0.001
        {10000, {4, 2, 6}},     // 0.0001
    };
    for (const auto& r : kRows)
        if (r.tick == tick_fixed) return r.cfg;
    return std::nullopt;
}

std::string format_fixed(int64_t v) {
    std::string sign = v < 0 ? "-" : "";
    uint64_t a = v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
    std::string s = sign + std::to_string(a / kFixedScale);
    uint64_t frac = a % kFixedScale;
    if (frac == 0) return s;
    std::string f = std::to_string(frac);
    f.insert(0, 8 - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    return s + "." + f;
}

std::optional<int64_t> parse_fixed(const std::string& text) {
    if (text.empty()) return std::nullopt;
    int64_t whole = 0, frac = 0;
    int places = -1;  // -1: before the point
    bool digits = false;
    for (char c : text) {
        if (c == '.') {
            if (places >= 0) return std::nullopt;
            places = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        digits = true;
        if (places < 0) {
            if (whole > (INT64_MAX / kFixedScale - 9) / 10) return std::nullopt;
            whole = whole * 10 + (c - '0');
        } else {
            if (++places > 8) return std::nullopt;
            frac = frac * 10 + (c - '0');
        }
    }
    if (!digits) return std::nullopt;
    for (int p = places < 0 ? 0 : places; p < 8; ++p) frac *= 10;
    return whole * kFixedScale + frac;
}

}  // namespace tradehost::polymarket
