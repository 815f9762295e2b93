// Timestamps of replay files: integer nanoseconds since the epoch, or ISO-8601.
#pragma once

#include <tradehost/plugin.h>

#include <string>
#include <string_view>

namespace tradehost::replay {

/// Parse `text` into ns since the Unix epoch. Accepted forms:
///   1704205800000000000                 integer nanoseconds
///   2024-01-02T14:30:00Z                ISO-8601, also with ' ' for 'T'
///   2024-01-02T14:30:00.123456789Z      1 to 9 fractional digits
///   2024-01-02T14:30Z                   seconds may be left out
///   2024-01-02T09:30:00-05:00           an offset (+HH:MM, +HHMM, +HH) instead of Z
///   2024-01-02                          a date alone is midnight UTC
/// A date-time without Z or offset is read as UTC.
/// Returns false and says why in `why` when the text is none of these.
bool parse_timestamp(std::string_view text, th_time_ns& out, std::string& why);

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace tradehost::replay
