// Splitting one CSV line into fields (RFC 4180 quoting within a line).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tradehost::replay {

/// Split `line` at commas into `out` (reused; resized to the field count). Fields are
/// trimmed of spaces and tabs; a field in double quotes may hold commas and "" for a quote.
/// Returns false if a quoted field is not closed.
bool split_csv_line(std::string_view line, std::vector<std::string>& out);

/// Lower-case ASCII copy, for header names.
std::string lower(std::string_view s);

}  // namespace tradehost::replay
