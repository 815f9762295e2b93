// exchange: config `exchange: NAME` -> the dialect that speaks to it. Only complete dialects
// are registered; a half-done one stays out of this table.
#pragma once

#include "dialect.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::exchange {

/// The dialect for `name`, or nullptr if none is registered under it.
std::unique_ptr<Dialect> make_dialect(std::string_view name);
/// Registered names, for config errors and docs.
std::vector<std::string> dialect_names();

// One factory per dialect file (src/dialects/NAME.cpp).
std::unique_ptr<Dialect> make_binance_dialect();
/// Kraken spot: signing and parsing done and tested, not registered yet (see README).
std::unique_ptr<Dialect> make_kraken_dialect();

}  // namespace tradehost::exchange
