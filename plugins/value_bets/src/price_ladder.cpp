#include "price_ladder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tradehost::betting {

namespace {

// Bands of the ladder in hundredths: from `lo` (inclusive) to `hi`, steps of `step`.
struct Band {
    int lo, hi, step;
};
constexpr Band kBands[] = {
    {101, 200, 1}, {200, 300, 2}, {300, 400, 5}, {400, 600, 10}, {600, 1000, 20},
    {1000, 2000, 50}, {2000, 3000, 100}, {3000, 5000, 200}, {5000, 10000, 500}, {10000, 100000, 1000},
};

int hundredths_at(int index) {
    for (const Band& b : kBands) {
        const int n = (b.hi - b.lo) / b.step;  // prices in [lo, hi)
        if (index < n) return b.lo + index * b.step;
        index -= n;
    }
    return 100000;  // the last price, 1000
}

}  // namespace

double PriceLadder::price_at(int index) {
    if (index < 0 || index >= kTicks) throw std::out_of_range("the ladder has 350 prices (index 0..349)");
    return hundredths_at(index) / 100.0;
}

int PriceLadder::index_of(double price) {
    const double h = price * 100;
    const long r = std::lround(h);
    if (std::fabs(h - static_cast<double>(r)) > 1e-7) return -1;
    int index = 0;
    for (const Band& b : kBands) {
        if (r >= b.lo && r < b.hi) return (r - b.lo) % b.step == 0 ? index + static_cast<int>((r - b.lo) / b.step) : -1;
        index += (b.hi - b.lo) / b.step;
    }
    return r == 100000 ? kTicks - 1 : -1;
}

double PriceLadder::snap(double price, Round how) {
    if (!(price >= 1.01)) return 1.01;
    if (price >= 1000) return 1000;
    // The first ladder price at or above `price` (350 entries: a binary search).
    int lo = 0, hi = kTicks - 1;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (price_at(mid) + 1e-9 < price) lo = mid + 1;
        else hi = mid;
    }
    const double above = price_at(lo);
    if (std::fabs(above - price) < 1e-9) return above;
    const double below = price_at(lo - 1);
    switch (how) {
    case Round::Down: return below;
    case Round::Up: return above;
    case Round::Nearest: return above - price < price - below ? above : below;
    }
    return below;
}

double PriceLadder::ticks_away(double price, int ticks) {
    const int i = index_of(price);
    if (i < 0) throw std::invalid_argument("not a ladder price");
    return price_at(std::clamp(i + ticks, 0, kTicks - 1));
}

int PriceLadder::ticks_between(double a, double b) {
    const int ia = index_of(a), ib = index_of(b);
    if (ia < 0 || ib < 0) throw std::invalid_argument("not a ladder price");
    return ib - ia;
}

}  // namespace tradehost::betting
