// Durations on the command line, as in configs: "250ms", "30s", "5m", "2h", "1d" or ns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost::models_tool {

std::optional<int64_t> parse_duration(const std::string& text);

}  // namespace tradehost::models_tool
