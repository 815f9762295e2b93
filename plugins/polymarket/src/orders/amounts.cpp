#include "orders/amounts.hpp"

namespace tradehost::polymarket {
namespace {

int64_t pow10(int n) {
    int64_t v = 1;
    while (n-- > 0) v *= 10;
    return v;
}

// Size rounded down to `decimals` places (the clients' roundDown), fixed point.
int64_t round_down_size(int64_t size_fixed, int decimals) {
    const int64_t step = kFixedScale / pow10(decimals);
    return size_fixed / step * step;
}

}  // namespace

Amounts limit_order_amounts(OrderSide side, int64_t price_fixed, int64_t size_fixed, const RoundConfig& rc) {
    Amounts a;
    a.size = round_down_size(size_fixed, rc.size);
    // size in 1e-2 units times price in 1e-4 units is 1e-6 units: the base unit. A price on
    // any supported tick has at most 4 decimals, a size at most 2.
    const int64_t size_cents = a.size / (kFixedScale / 100);
    const int64_t price_1e4 = price_fixed / (kFixedScale / 10000);
    const int64_t tokens = size_cents * (kBaseUnits / 100);
    const int64_t collateral = size_cents * price_1e4;
    if (side == OrderSide::buy) {
        a.maker = collateral;
        a.taker = tokens;
    } else {
        a.maker = tokens;
        a.taker = collateral;
    }
    return a;
}

std::optional<std::string> check_limit_order(const std::string& order_id, int64_t price_fixed, int64_t size_fixed,
                                             int64_t tick_fixed, int64_t min_size_fixed) {
    auto rc = round_config(tick_fixed);
    if (!rc) return "unsupported tick size " + format_fixed(tick_fixed);
    if (price_fixed < tick_fixed || price_fixed > kFixedScale - tick_fixed)
        return "invalid price (" + format_fixed(price_fixed) + "), min: " + format_fixed(tick_fixed) +
               " - max: " + format_fixed(kFixedScale - tick_fixed);
    if (price_fixed % tick_fixed != 0)
        return "order " + order_id + " is invalid. Price (" + format_fixed(price_fixed) +
               ") breaks minimum tick size rule: " + format_fixed(tick_fixed);
    const int64_t size = limit_order_amounts(OrderSide::buy, price_fixed, size_fixed, *rc).size;
    if (size <= 0 || size < min_size_fixed)
        return "order " + order_id + " is invalid. Size (" + format_fixed(size) + ") lower than the minimum: " +
               format_fixed(min_size_fixed);
    return std::nullopt;
}

}  // namespace tradehost::polymarket
