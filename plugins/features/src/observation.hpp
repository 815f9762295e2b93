// One price update of one instrument, as every indicator sees it: a bar, or a quote or trade
// turned into a one-price bar.
#pragma once

#include <tradehost/plugin.h>

namespace tradehost::features {

struct Observation {
    th_time_ns ts = 0;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;  ///< 0 for quotes: volume indicators (OBV, VWAP) need trades or bars
};

}  // namespace tradehost::features
