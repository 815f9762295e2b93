// exchange: config `exchange: NAME` -> the dialect that speaks to it. Only complete dialects
// are registered; a half-done one stays out of this table. The table is constexpr so that the
// plugin's description and the `exchange` key's doc (what `tradehost inspect exchange`
// prints) are built from it at compile time, never from a hand-written list.
#pragma once

#include "dialect.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::exchange {

// One factory per dialect file (src/dialects/NAME.cpp).
std::unique_ptr<Dialect> make_binance_dialect();
std::unique_ptr<Dialect> make_coinbase_dialect();
std::unique_ptr<Dialect> make_kraken_dialect();

struct DialectEntry {
    std::string_view name;
    std::unique_ptr<Dialect> (*make)();
};

// A dialect is listed once it is complete and tested against its loopback double.
inline constexpr DialectEntry kDialects[] = {
    {"binance", &make_binance_dialect},
    {"coinbase", &make_coinbase_dialect},
    {"kraken", &make_kraken_dialect},
};

/// The dialect for `name`, or nullptr if none is registered under it.
std::unique_ptr<Dialect> make_dialect(std::string_view name);
/// Registered names, for config errors and docs.
std::vector<std::string> dialect_names();

/// A NUL-terminated text built at compile time (a plugin entry's strings must be static).
template <std::size_t N> struct StaticText {
    char text[N]{};
};

/// `prefix` + the registered names joined by ", " + `suffix`.
template <std::size_t N> constexpr StaticText<N> with_dialect_names(std::string_view prefix, std::string_view suffix) {
    StaticText<N> out{};
    std::size_t at = 0;
    auto put = [&](std::string_view s) {
        for (char c : s) out.text[at++] = c;
    };
    put(prefix);
    bool first = true;
    for (const DialectEntry& e : kDialects) {
        if (!first) put(", ");
        first = false;
        put(e.name);
    }
    put(suffix);
    return out;
}
/// The size with_dialect_names needs (terminator included).
constexpr std::size_t with_dialect_names_size(std::string_view prefix, std::string_view suffix) {
    std::size_t n = prefix.size() + suffix.size() + 1;
    bool first = true;
    for (const DialectEntry& e : kDialects) {
        n += e.name.size() + (first ? 0 : 2);
        first = false;
    }
    return n;
}

}  // namespace tradehost::exchange
