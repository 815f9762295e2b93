#include "sector_map.hpp"

#include "list_file.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::risk_gate {

SectorMap SectorMap::load(const std::string& path) {
    SectorMap m;
    m.path = path;
    for_each_record(path, "sector_map", [&m](const std::string& where, const std::vector<std::string>& cols) {
        if (cols.size() != 2 || cols[0].empty() || cols[1].empty())
            throw ConfigError(where + "expected 'SYMBOL,SECTOR'");
        if (!m.sectors.emplace(cols[0], cols[1]).second)
            throw ConfigError(where + cols[0] + " is mapped twice");
    });
    if (m.sectors.empty()) throw ConfigError("sector_map: " + path + " maps no instrument");
    return m;
}

}  // namespace tradehost::risk_gate
