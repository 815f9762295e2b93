// exchange: factory of the Coinbase Advanced Trade dialect (src/dialects/coinbase.cpp),
// registered in registry.cpp.
#pragma once

#include "../dialect.hpp"

#include <memory>

namespace tradehost::exchange {

std::unique_ptr<Dialect> make_coinbase_dialect();

}  // namespace tradehost::exchange
