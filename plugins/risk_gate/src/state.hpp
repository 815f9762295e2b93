// risk_gate: serialisation of RiskState for hot reload (snapshot/restore).
#ifndef TRADEHOST_PLUGINS_RISK_GATE_STATE_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_STATE_HPP

#include "rules.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace tradehost::risk_gate {

using SymbolOf = std::function<std::string(th_instrument)>;
using InternFn = std::function<th_instrument(const std::string&)>;

/// Instruments are written as symbols, since interned ids are per host session.
std::string encode_state(const RiskState& s, const SymbolOf& symbol_of);
/// Throws tradehost::Error when the blob is malformed.
RiskState decode_state(std::string_view blob, const InternFn& intern);

}  // namespace tradehost::risk_gate

#endif
