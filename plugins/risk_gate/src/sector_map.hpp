// risk_gate: the instrument -> sector map file that the sector limit reads.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_SECTOR_MAP_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_SECTOR_MAP_HPP

#include <map>
#include <string>

namespace tradehost::risk_gate {

/// Symbol -> sector. Keyed by symbol, not interned id, because ids are per host session.
struct SectorMap {
    std::string path;                           ///< where it was read from, for reasons
    std::map<std::string, std::string> sectors;

    /// The sector of `symbol`, or nullptr if the file does not name it.
    const std::string* find(const std::string& symbol) const {
        auto it = sectors.find(symbol);
        return it == sectors.end() ? nullptr : &it->second;
    }

    /// Reads `SYMBOL,SECTOR` lines (blank lines and `#` comments skipped). Throws ConfigError
    /// `path:line: what` for a malformed line or a symbol named twice.
    static SectorMap load(const std::string& path);
};

}  // namespace tradehost::risk_gate

#endif
