// Comparing what a replay did with what the recorded session did: its orders (what was
// asked, and how each ended) and its fills, in the order the journal wrote them.
#pragma once

#include <cstdint>
#include <string>

namespace tradehost {

struct SessionComparison {
    int64_t recorded_orders = 0, replayed_orders = 0, recorded_fills = 0, replayed_fills = 0;
    bool same = true;
    /// When not the same: the first order and the first fill that differ, as both sessions have them.
    std::string first_difference;
};

/// Compare session `session` of the journal `recorded` with the same session of `replayed`.
/// Prices, quantities and fees compare exactly (their fixed-point values); times do not (a
/// venue may stamp with the wall clock). Throws ReplayError when a journal cannot be read.
SessionComparison compare_sessions(const std::string& recorded, const std::string& replayed, uint64_t session);

}  // namespace tradehost
