// risk_gate: fixed-size id fields as strings.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_IDS_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_IDS_HPP

#include <cstddef>
#include <cstring>
#include <string>

namespace tradehost::risk_gate {

/// The text of a char[N] id field, which need not be NUL-terminated.
template <size_t N> std::string id_text(const char (&field)[N]) {
    const void* nul = std::memchr(field, '\0', N);
    return std::string(field, nul ? static_cast<size_t>(static_cast<const char*>(nul) - field) : N);
}

}  // namespace tradehost::risk_gate

#endif
