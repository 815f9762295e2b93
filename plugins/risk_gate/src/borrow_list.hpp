// risk_gate: the borrow availability file: which symbols may be sold short, and how much.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_BORROW_LIST_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_BORROW_LIST_HPP

#include <tradehost/plugin.hpp>

#include <map>
#include <string>

namespace tradehost::risk_gate {

struct BorrowList {
    std::string path;
    /// Symbol -> shares available to borrow; 0 = no stated limit (easy to borrow).
    std::map<std::string, th_fixed> available;

    /// The entry of `symbol`, or nullptr if it is not on the list (no borrow: no short sale).
    const th_fixed* find(const std::string& symbol) const {
        auto it = available.find(symbol);
        return it == available.end() ? nullptr : &it->second;
    }

    /// Reads `SYMBOL` or `SYMBOL,QTY` lines (QTY > 0 caps the short position; blank lines and
    /// `#` comments skipped). Throws ConfigError `path:line: what`. An empty file is allowed:
    /// it means nothing can be borrowed today.
    static BorrowList load(const std::string& path);
};

}  // namespace tradehost::risk_gate

#endif
