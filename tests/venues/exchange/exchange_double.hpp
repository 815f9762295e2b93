// The loopback doubles of the exchange plugin's dialects: one per exchange, all on the shared
// in-memory MatchingCore. Tests include this header ("exchange/exchange_double.hpp").
#pragma once

#include "binance_double.hpp"
#include "matching_core.hpp"
