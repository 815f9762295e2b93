// Port indexes every venue adapter shares (docs/venue-kit.md, "Ports"): the same numbers and
// names as `paper` where they overlap, so a deployment swaps venues without touching its
// edges. An adapter's own extra ports start at kFirstExtraPort.
#pragma once

#include <cstdint>

namespace tradehost::venue::ports {

enum Port : uint32_t {
    kPortOrders = 0,       ///< in: order requests
    kPortExecReports = 1,  ///< out: execution reports
    kPortFills = 2,        ///< out: fills
    kPortPositions = 3,    ///< out: positions
    kPortBalances = 4,     ///< out: balances
    kPortQuotes = 5,       ///< out: quotes
    kPortTrades = 6,       ///< out: trades
    kPortStatus = 7,       ///< out: venue status (connected, disconnected, gap, reconciled)
    kFirstExtraPort = 8,
};

}  // namespace tradehost::venue::ports
