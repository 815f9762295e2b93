// Duration parsing for the tool's options.
#include "duration.hpp"

#include <cstdlib>

namespace tradehost::models_tool {

std::optional<int64_t> parse_duration(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end == text.c_str() || v < 0) return std::nullopt;
    const std::string unit(end);
    double scale = 0;
    if (unit.empty() || unit == "ns") scale = 1;
    else if (unit == "us") scale = 1e3;
    else if (unit == "ms") scale = 1e6;
    else if (unit == "s") scale = 1e9;
    else if (unit == "m") scale = 60e9;
    else if (unit == "h") scale = 3600e9;
    else if (unit == "d") scale = 86400e9;
    else return std::nullopt;
    return static_cast<int64_t>(v * scale);
}

}  // namespace tradehost::models_tool
