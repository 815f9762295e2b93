// A quote, trade or bar event as the indicators see it (an Observation) and whose it is:
// the features plugin's input rule, shared with cuda_accel's cuda_features.
#pragma once

#include "observation.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::features {

/// The input ports' order, shared by every plugin that takes this rule.
enum : uint32_t { kPortQuotes = 0, kPortTrades = 1, kPortBars = 2 };

enum class Taken { Yes, Skip, BadBar };

/// Reads `ev` arriving on `port`: Yes fills `id` and `o`; Skip for a one-sided quote or a
/// trade without a price; BadBar for a bar without a close or with high < low. Throws
/// InvalidArgument for another event type or port.
Taken observation_of(uint32_t port, const th_event_header& ev, th_instrument& id, Observation& o);

}  // namespace tradehost::features
