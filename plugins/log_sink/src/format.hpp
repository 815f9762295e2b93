// One readable line per event, for every kind of ABI 1.1: pure functions, no host calls,
// so the sink and its tests share them. Symbols come through a lookup the caller passes.
#pragma once

#include <tradehost/plugin.h>

#include <functional>
#include <string>

namespace tradehost::log_sink {

/// Symbol of an interned instrument ("" or "#id" when unknown).
using SymbolOf = std::function<std::string(th_instrument)>;

/// The kind's name as deployments and `tradehost inspect` write it ("quote",
/// "execution_report", "signal", ...), or "" for a number this build does not know.
const char* kind_name(uint16_t type);
/// The kind named `name`, or -1.
int kind_of(const std::string& name);

/// "2024-01-01T00:00:05.250000000Z" (UTC, nanoseconds).
std::string format_time(th_time_ns ts);

/// The event's body, after the time and kind: "AAPL bid 99.99 x 100 ask 100.01 x 120".
/// A struct shorter than its kind's fixed part, or a book whose counts overrun its size,
/// reads as "malformed: ..." instead of past its end.
std::string format_body(const th_event_header& ev, const SymbolOf& symbol);

/// True when `ev` is a signal whose strength is outside [0, 1] or not a number: the ABI
/// says the direction is in `value`'s sign and `strength` is a confidence in 0..1.
bool signal_strength_out_of_range(const th_event_header& ev);

}  // namespace tradehost::log_sink
