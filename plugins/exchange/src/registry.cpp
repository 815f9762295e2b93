// exchange: lookups in the table of registered dialects (registry.hpp).
#include "registry.hpp"

namespace tradehost::exchange {

std::unique_ptr<Dialect> make_dialect(std::string_view name) {
    for (const DialectEntry& e : kDialects)
        if (name == e.name) return e.make();
    return nullptr;
}

std::vector<std::string> dialect_names() {
    std::vector<std::string> out;
    for (const DialectEntry& e : kDialects) out.emplace_back(e.name);
    return out;
}

}  // namespace tradehost::exchange
