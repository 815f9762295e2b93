// exchange: the table of registered dialects.
#include "registry.hpp"

#include "dialects/coinbase.hpp"

namespace tradehost::exchange {
namespace {

struct Entry {
    const char* name;
    std::unique_ptr<Dialect> (*make)();
};

// A dialect is listed once it is complete and tested against its loopback double.
constexpr Entry kDialects[] = {
    {"binance", &make_binance_dialect},
    {"coinbase", &make_coinbase_dialect},
    {"kraken", &make_kraken_dialect},
};

}  // namespace

std::unique_ptr<Dialect> make_dialect(std::string_view name) {
    for (const Entry& e : kDialects)
        if (name == e.name) return e.make();
    return nullptr;
}

std::vector<std::string> dialect_names() {
    std::vector<std::string> out;
    for (const Entry& e : kDialects) out.emplace_back(e.name);
    return out;
}


}  // namespace tradehost::exchange
