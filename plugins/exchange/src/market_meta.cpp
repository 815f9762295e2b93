// exchange: market metadata checks (see market_meta.hpp).
#include "market_meta.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::exchange {

void MarketTable::replace(std::vector<Market> markets) {
    by_symbol_.clear();
    for (auto& m : markets) {
        std::string key = m.symbol;
        by_symbol_.emplace(std::move(key), std::move(m));
    }
}

const Market* MarketTable::find(std::string_view symbol) const {
    auto it = by_symbol_.find(std::string(symbol));
    return it == by_symbol_.end() ? nullptr : &it->second;
}

namespace {

std::optional<std::string> check_price(const Market& m, th_fixed px, const char* what) {
    if (px <= 0) return std::string(what) + " must be positive";
    if (m.tick_size > 0 && px % m.tick_size != 0)
        return std::string(what) + " " + format_fixed(px) + " is not a multiple of tick size " +
               format_fixed(m.tick_size);
    if (m.min_price > 0 && px < m.min_price)
        return std::string(what) + " " + format_fixed(px) + " below minimum price " + format_fixed(m.min_price);
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_order(const Market& m, const OrderSpec& o) {
    if (!m.trading) return "market " + m.symbol + " is not trading";
    if (o.qty <= 0) return std::string("quantity must be positive");
    if (m.min_qty > 0 && o.qty < m.min_qty)
        return "quantity " + format_fixed(o.qty) + " below minimum quantity " + format_fixed(m.min_qty);
    if (m.max_qty > 0 && o.qty > m.max_qty)
        return "quantity " + format_fixed(o.qty) + " above maximum quantity " + format_fixed(m.max_qty);
    if (m.step_size > 0 && o.qty % m.step_size != 0)
        return "quantity " + format_fixed(o.qty) + " is not a multiple of step size " + format_fixed(m.step_size);
    const bool has_limit = o.type == TH_ORDER_LIMIT || o.type == TH_ORDER_STOP_LIMIT;
    const bool has_stop = o.type == TH_ORDER_STOP || o.type == TH_ORDER_STOP_LIMIT;
    if (has_limit)
        if (auto r = check_price(m, o.limit_px, "price")) return r;
    if (has_stop)
        if (auto r = check_price(m, o.stop_px, "stop price")) return r;
    // Notional is known up front only when the order carries a price; market orders are left
    // to the venue (it checks them against its own average price).
    const th_fixed ref_px = has_limit ? o.limit_px : has_stop ? o.stop_px : 0;
    if (m.min_notional > 0 && ref_px > 0) {
        th_fixed notional = fixed_mul(ref_px, o.qty);
        if (notional < m.min_notional)
            return "notional " + format_fixed(notional) + " below minimum notional " + format_fixed(m.min_notional);
    }
    return std::nullopt;
}

}  // namespace tradehost::exchange
