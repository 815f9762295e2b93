// exchange: port indexes, the same for every venue adapter (see plugin.cpp for the table).
#pragma once

#include <cstdint>

namespace tradehost::exchange {

enum Port : uint32_t {
    kPortOrders = 0,
    kPortExecReports = 1,
    kPortFills = 2,
    kPortPositions = 3,
    kPortBalances = 4,
    kPortQuotes = 5,
    kPortTrades = 6,
    kPortStatus = 7,
};

}  // namespace tradehost::exchange
