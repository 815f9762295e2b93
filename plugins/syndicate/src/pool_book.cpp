#include "pool_book.hpp"

#include <string>

namespace syndicate {

namespace {

constexpr Wide kFixed = 100000000;  // TH_FIXED_SCALE

Wide abs_wide(Wide v) { return v < 0 ? -v : v; }

std::string to_text(Wide v) {
    if (v == 0) return "0";
    const bool neg = v < 0;
    std::string s;
    for (Wide a = abs_wide(v); a > 0; a /= 10) s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(a % 10)));
    return neg ? "-" + s : s;
}

bool from_text(std::string_view t, Wide& out) {
    bool neg = false;
    if (!t.empty() && t[0] == '-') {
        neg = true;
        t.remove_prefix(1);
    }
    if (t.empty() || t.size() > 38) return false;
    Wide v = 0;
    for (char c : t) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = neg ? -v : v;
    return true;
}

}  // namespace

Wide apply_fill(Position& pos, bool betting, bool side_buy, int64_t px, int64_t qty, int64_t fee) {
    Wide realised = -static_cast<Wide>(fee) * kFixed;
    const Wide signed_qty = side_buy ? qty : -static_cast<Wide>(qty);
    if (betting) {
        // a bet's cost is its stake; it is realised only when the selection settles
        pos.qty += signed_qty;
        pos.cost += signed_qty * kFixed;
        return realised;
    }
    Wide opening = signed_qty;
    if (pos.qty != 0 && (pos.qty > 0) != (signed_qty > 0)) {
        // closing (part of) the position against its average cost
        const Wide closed = abs_wide(signed_qty) < abs_wide(pos.qty) ? abs_wide(signed_qty) : abs_wide(pos.qty);
        const Wide cost_part = pos.cost * closed / abs_wide(pos.qty);
        const Wide proceeds = (pos.qty > 0 ? closed : -closed) * px;
        realised += proceeds - cost_part;
        pos.cost -= cost_part;
        pos.qty += pos.qty > 0 ? -closed : closed;
        opening = signed_qty + (signed_qty > 0 ? -closed : closed);
        if (pos.qty == 0) pos.cost = 0;  // the division's remainder, if any, left with it
    }
    pos.qty += opening;
    pos.cost += opening * px;
    return realised;
}

Wide apply_settlement(Position& pos, int64_t price, bool void_settlement) {
    const Wide payout = void_settlement ? pos.cost : pos.qty * price;
    const Wide realised = payout - pos.cost;
    pos = Position{};
    return realised;
}

std::string encode(const Position& p) { return to_text(p.qty) + " " + to_text(p.cost); }

bool decode(std::string_view text, Position& out) {
    const size_t sp = text.find(' ');
    if (sp == std::string_view::npos) return false;
    return from_text(text.substr(0, sp), out.qty) && from_text(text.substr(sp + 1), out.cost);
}

}  // namespace syndicate
