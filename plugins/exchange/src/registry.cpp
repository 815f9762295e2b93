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

const char* error_kind_name(ErrorKind kind) noexcept {
    switch (kind) {
    case ErrorKind::none: return "none";
    case ErrorKind::rate_limited: return "rate_limited";
    case ErrorKind::banned: return "banned";
    case ErrorKind::insufficient_funds: return "insufficient_funds";
    case ErrorKind::unknown_order: return "unknown_order";
    case ErrorKind::auth: return "auth";
    case ErrorKind::timestamp: return "timestamp";
    case ErrorKind::invalid_request: return "invalid_request";
    case ErrorKind::transport: return "transport";
    case ErrorKind::server: return "server";
    case ErrorKind::other: return "other";
    }
    return "other";
}

}  // namespace tradehost::exchange
