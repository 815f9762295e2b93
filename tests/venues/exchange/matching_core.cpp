// The shared in-memory exchange of the dialect doubles (see matching_core.hpp).
#include "matching_core.hpp"

#include <algorithm>

#include <tradehost/plugin.hpp>

namespace tradehost::doubles::exchange {

void MatchingCore::add_market(CoreMarket m) {
    std::lock_guard<std::mutex> lk(mu_);
    std::string key = m.symbol;
    markets_[key] = std::move(m);
}

std::optional<CoreMarket> MatchingCore::market(const std::string& symbol) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = markets_.find(symbol);
    if (it == markets_.end()) return std::nullopt;
    return it->second;
}

std::vector<CoreMarket> MatchingCore::markets() const {
    std::lock_guard<std::mutex> lk(mu_);
    std::vector<CoreMarket> out;
    for (const auto& [k, m] : markets_) out.push_back(m);
    return out;
}

void MatchingCore::set_balance(const std::string& asset, th_fixed free) {
    std::lock_guard<std::mutex> lk(mu_);
    balances_[asset].free = free;
}

std::map<std::string, CoreBalance> MatchingCore::balances() const {
    std::lock_guard<std::mutex> lk(mu_);
    return balances_;
}

PlaceError MatchingCore::place(CoreOrder& o, int64_t now_ms) {
    std::lock_guard<std::mutex> lk(mu_);
    auto m = markets_.find(o.symbol);
    if (m == markets_.end()) return PlaceError::unknown_symbol;
    auto dup = orders_.find(o.client_order_id);
    if (dup != orders_.end() && dup->second.open()) return PlaceError::duplicate;
    // Funds: a buy with a price locks qty*price of quote, a sell locks qty of base. A market
    // buy locks nothing up front and is paid from free quote at fill time.
    if (o.side == TH_SIDE_BUY) {
        th_fixed need = o.price > 0 ? fixed_mul(o.price, o.qty) : 0;
        CoreBalance& b = balances_[m->second.quote];
        if (b.free < need || (o.price == 0 && b.free <= 0)) return PlaceError::insufficient_funds;
        b.free -= need;
        b.locked += need;
    } else {
        CoreBalance& b = balances_[m->second.base];
        if (b.free < o.qty) return PlaceError::insufficient_funds;
        b.free -= o.qty;
        b.locked += o.qty;
    }
    o.order_id = next_order_id_++;
    o.status = "NEW";
    o.time_ms = o.update_ms = now_ms;
    orders_[o.client_order_id] = o;
    return PlaceError::none;
}

std::optional<CoreOrder> MatchingCore::cancel(const std::string& symbol, const std::string& cid, int64_t now_ms,
                                              const char* final_status) {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = orders_.find(cid);
    if (it == orders_.end() || it->second.symbol != symbol || !it->second.open()) return std::nullopt;
    CoreOrder& o = it->second;
    const CoreMarket& m = markets_.at(o.symbol);
    th_fixed left = o.qty - o.executed;
    if (o.side == TH_SIDE_BUY) {
        th_fixed release = o.price > 0 ? fixed_mul(o.price, left) : 0;
        balances_[m.quote].locked -= release;
        balances_[m.quote].free += release;
    } else {
        balances_[m.base].locked -= left;
        balances_[m.base].free += left;
    }
    o.status = final_status;
    o.update_ms = now_ms;
    return o;
}

std::optional<CoreOrder> MatchingCore::find(const std::string& symbol, const std::string& cid) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = orders_.find(cid);
    if (it == orders_.end() || it->second.symbol != symbol) return std::nullopt;
    return it->second;
}

std::optional<CoreOrder> MatchingCore::find_by_client_id(const std::string& cid) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = orders_.find(cid);
    if (it == orders_.end()) return std::nullopt;
    return it->second;
}

std::vector<CoreOrder> MatchingCore::all_orders() const {
    std::vector<CoreOrder> out;
    {
        std::lock_guard<std::mutex> lk(mu_);
        for (const auto& [cid, o] : orders_) out.push_back(o);
    }
    std::sort(out.begin(), out.end(), [](const CoreOrder& a, const CoreOrder& b) { return a.order_id < b.order_id; });
    return out;
}

std::vector<CoreOrder> MatchingCore::open_orders(const std::string& symbol) const {
    std::lock_guard<std::mutex> lk(mu_);
    std::vector<CoreOrder> out;
    for (const auto& [k, o] : orders_)
        if (o.open() && (symbol.empty() || o.symbol == symbol)) out.push_back(o);
    return out;
}

std::vector<CoreTrade> MatchingCore::trades(const std::string& symbol, int64_t since_ms, int64_t from_id) const {
    std::lock_guard<std::mutex> lk(mu_);
    std::vector<CoreTrade> out;
    for (const auto& t : trades_)
        if (t.symbol == symbol && t.time_ms >= since_ms && t.id >= from_id) out.push_back(t);
    return out;
}

std::optional<std::pair<CoreOrder, CoreTrade>> MatchingCore::fill(const std::string& cid, th_fixed qty, th_fixed px,
                                                                  int64_t now_ms) {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = orders_.find(cid);
    if (it == orders_.end() || !it->second.open() || qty <= 0 || qty > it->second.qty - it->second.executed)
        return std::nullopt;
    CoreOrder& o = it->second;
    const CoreMarket& m = markets_.at(o.symbol);
    const th_fixed value = fixed_mul(px, qty);
    const th_fixed fee = fixed_mul(value, fee_rate_);
    if (o.side == TH_SIDE_BUY) {
        CoreBalance& q = balances_[m.quote];
        if (o.price > 0) {  // release the lock at the order's price; the difference is improvement
            th_fixed locked = fixed_mul(o.price, qty);
            q.locked -= locked;
            q.free += locked - value;
        } else {
            q.free -= value;
        }
        q.free -= fee;
        balances_[m.base].free += qty;
    } else {
        balances_[m.base].locked -= qty;
        balances_[m.quote].free += value - fee;
    }
    o.executed += qty;
    o.cum_quote += value;
    o.status = o.executed == o.qty ? "FILLED" : "PARTIALLY_FILLED";
    o.update_ms = now_ms;
    CoreTrade t;
    t.id = next_trade_id_++;
    t.order_id = o.order_id;
    t.symbol = o.symbol;
    t.client_order_id = o.client_order_id;
    t.side = o.side;
    t.px = px;
    t.qty = qty;
    t.commission = fee;
    t.commission_asset = m.quote;
    t.time_ms = now_ms;
    t.maker = o.type != "MARKET";
    trades_.push_back(t);
    return std::make_pair(o, t);
}

}  // namespace tradehost::doubles::exchange
