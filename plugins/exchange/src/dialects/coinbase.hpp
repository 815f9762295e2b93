// exchange: factory of the Coinbase Advanced Trade dialect (src/dialects/coinbase.cpp). Kept
// out of registry.hpp until the dialect is registered.
#pragma once

#include "../dialect.hpp"

#include <memory>

namespace tradehost::exchange {

std::unique_ptr<Dialect> make_coinbase_dialect();

}  // namespace tradehost::exchange
