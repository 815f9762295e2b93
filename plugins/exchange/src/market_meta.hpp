// exchange: market metadata (tick, lot, minimum notional) and the local checks that refuse an
// order the venue would refuse, before anything is sent. Pure; shared by every dialect.
#pragma once

#include "unified.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tradehost::exchange {

class MarketTable {
public:
    void replace(std::vector<Market> markets);
    const Market* find(std::string_view symbol) const;
    std::size_t size() const noexcept { return by_symbol_.size(); }

private:
    std::unordered_map<std::string, Market> by_symbol_;
};

/// Why `order` breaks `market`'s rules, or nullopt if it passes. The reason names the rule
/// and the numbers ("price 0.15 is not a multiple of tick size 0.1").
std::optional<std::string> check_order(const Market& market, const OrderSpec& order);

}  // namespace tradehost::exchange
