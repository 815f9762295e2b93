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

    /// Register or replace the metadata of `id` (ABI 1.1): copies min(info.size, sizeof)
    /// into a zeroed record. TH_ERR_NOT_FOUND if `id` was not interned,
    /// TH_ERR_INVALID_ARGUMENT if info.size < 8. Thread-safe.
    th_status set_info(th_instrument id, const th_instrument_info& info);
    /// Copy the metadata of `id` into `out`: min(out.size, sizeof) bytes, and out.size is
    /// set to the bytes written. TH_ERR_NOT_FOUND if none was registered,
    /// TH_ERR_INVALID_ARGUMENT if out.size < 8. Thread-safe.
    th_status get_info(th_instrument id, th_instrument_info& out) const;

private:
    mutable std::mutex mu_;
    std::deque<std::string> symbols_;  // deque: element addresses never move
    std::unordered_map<std::string, th_instrument> ids_;
    std::unordered_map<th_instrument, th_instrument_info> info_;
};

}  // namespace tradehost
