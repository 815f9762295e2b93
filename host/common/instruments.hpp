// Interned instrument symbols: symbols as strings stay at the edges, events carry ids.
#pragma once

#include <tradehost/plugin.h>

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tradehost {

class InstrumentTable {
public:
    /// The id of `symbol`, interning it on first use. Ids start at 1. Thread-safe.
    th_instrument intern(const std::string& symbol);
    /// The symbol of `id` (stable pointer for the table's life) or nullptr. Thread-safe.
    const char* symbol(th_instrument id) const;

private:
    mutable std::mutex mu_;
    std::deque<std::string> symbols_;  // deque: element addresses never move
    std::unordered_map<std::string, th_instrument> ids_;
};

}  // namespace tradehost
