#include "common/diagnostics.hpp"

namespace tradehost {

std::string Location::str() const {
    std::string s = file.empty() ? "<config>" : file;
    if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(col > 0 ? col : 1);
    return s;
}

std::string Diagnostics::str() const {
    std::string out;
    for (const auto& d : items_) out += d.str() + "\n";
    return out;
}

}  // namespace tradehost
