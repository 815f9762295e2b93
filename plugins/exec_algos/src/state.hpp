// exec_algos: the engine's saved state as a blob (state_put before each send, and hot reload).
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_STATE_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_STATE_HPP

#include "engine.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace tradehost::exec_algos {

using SymbolOf = std::function<std::string(th_instrument)>;
using InternFn = std::function<th_instrument(const std::string&)>;

/// Instruments are written as symbols, since interned ids are per host session.
std::string encode_state(const Engine::Saved& s, const SymbolOf& symbol_of);
/// Throws tradehost::Error when the blob is malformed.
Engine::Saved decode_state(std::string_view blob, const InternFn& intern);

}  // namespace tradehost::exec_algos

#endif
