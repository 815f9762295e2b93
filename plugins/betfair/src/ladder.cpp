// betfair: the price ladder (see ladder.hpp).
#include "ladder.hpp"

#include <tradehost/plugin.hpp>

#include <array>

namespace tradehost::betfair::ladder {
namespace {

constexpr th_fixed U = TH_FIXED_SCALE;

struct Band {
    th_fixed from, to, step;  // prices (from, to] step `step`; the first band starts at 1.01
};

constexpr std::array<Band, 10> kBands{{
    {U, 2 * U, U / 100},
    {2 * U, 3 * U, U / 50},
    {3 * U, 4 * U, U / 20},
    {4 * U, 6 * U, U / 10},
    {6 * U, 10 * U, U / 5},
    {10 * U, 20 * U, U / 2},
    {20 * U, 30 * U, U},
    {30 * U, 50 * U, 2 * U},
    {50 * U, 100 * U, 5 * U},
    {100 * U, 1000 * U, 10 * U},
}};

// The whole ladder, built once at compile time: 350 prices in ascending order.
constexpr std::array<th_fixed, kTicks> build() {
    std::array<th_fixed, kTicks> out{};
    std::size_t i = 0;
    for (const Band& b : kBands)
        for (th_fixed p = b.from + b.step; p <= b.to; p += b.step) out[i++] = p;
    return out;
}
constexpr std::array<th_fixed, kTicks> kPrices = build();
static_assert(kPrices[0] == kMin && kPrices[kTicks - 1] == kMax, "the ladder runs 1.01..1000 in 350 ticks");

// Index of the first ladder price >= px (kTicks when none).
std::size_t lower_bound(th_fixed px) noexcept {
    std::size_t lo = 0, hi = kTicks;
    while (lo < hi) {
        std::size_t mid = (lo + hi) / 2;
        if (kPrices[mid] < px) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

}  // namespace

th_fixed tick_above(th_fixed px) noexcept {
    for (const Band& b : kBands)
        if (px < b.to) return b.step;
    return kBands.back().step;
}

th_fixed price_at(std::size_t i) noexcept { return kPrices[i < kTicks ? i : kTicks - 1]; }

std::optional<std::size_t> index_of(th_fixed px) noexcept {
    std::size_t i = lower_bound(px);
    if (i < kTicks && kPrices[i] == px) return i;
    return std::nullopt;
}

bool on_ladder(th_fixed px) noexcept { return index_of(px).has_value(); }

th_fixed snap(th_fixed px, Round how) noexcept {
    if (px <= kMin) return kMin;
    if (px >= kMax) return kMax;
    std::size_t i = lower_bound(px);  // kPrices[i] >= px, i >= 1 here
    if (kPrices[i] == px) return px;
    th_fixed above = kPrices[i], below = kPrices[i - 1];
    switch (how) {
    case Round::down: return below;
    case Round::up: return above;
    case Round::nearest: break;
    }
    return (px - below < above - px) ? below : above;
}

th_fixed ticks_away(th_fixed px, int n) noexcept {
    auto i = index_of(px);
    if (!i) i = lower_bound(snap(px));
    long j = static_cast<long>(*i) + n;
    if (j < 0) j = 0;
    if (j >= static_cast<long>(kTicks)) j = kTicks - 1;
    return kPrices[static_cast<std::size_t>(j)];
}

int ticks_between(th_fixed a, th_fixed b) noexcept {
    auto ia = index_of(snap(a)), ib = index_of(snap(b));
    return static_cast<int>(*ib) - static_cast<int>(*ia);
}

std::string off_ladder_reason(th_fixed px) {
    // Short enough for an execution report's reason (TH_TEXT_LEN) after "rejected locally: ".
    std::string r = "INVALID_ODDS Odds not on price ladder: " + format_fixed(px);
    if (px < kMin) return r + " (lowest 1.01)";
    if (px > kMax) return r + " (highest 1000)";
    return r + " (nearest " + format_fixed(snap(px, Round::down)) + ", " + format_fixed(snap(px, Round::up)) + ")";
}

}  // namespace tradehost::betfair::ladder
