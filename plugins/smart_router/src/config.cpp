#include "config.hpp"

#include <cstdlib>

namespace tradehost::smart_router {

namespace {

std::vector<double> numbers(const Config& cfg, const char* key, size_t n) {
    const std::vector<std::string> items = cfg.get_list(key);
    std::vector<double> out(n, 0.0);
    if (items.empty()) return out;
    if (items.size() != n)
        throw ConfigError(std::string(key) + ": " + std::to_string(items.size()) + " values for " + std::to_string(n) +
                          " venues; give one per venue, in venue order");
    for (size_t i = 0; i < n; ++i) {
        char* end = nullptr;
        const double v = std::strtod(items[i].c_str(), &end);
        if (items[i].empty() || *end != '\0' || !(v >= 0))
            throw ConfigError(std::string(key) + "[" + std::to_string(i) + "]: expected a number >= 0, got '" + items[i] + "'");
        out[i] = v;
    }
    return out;
}

}  // namespace

Settings Settings::load(const Config& cfg) {
    Settings s;
    const std::vector<std::string> names = cfg.get_list("venues");
    if (names.empty() || names.size() > kMaxVenues)
        throw ConfigError("venues: need 1 to " + std::to_string(kMaxVenues) + " venues, got " + std::to_string(names.size()));
    const auto fees = numbers(cfg, "taker_fee_bps", names.size());
    const auto lat = numbers(cfg, "latency_ms", names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) throw ConfigError("venues[" + std::to_string(i) + "]: empty name");
        for (size_t j = 0; j < i; ++j)
            if (names[j] == names[i]) throw ConfigError("venues[" + std::to_string(i) + "]: " + names[i] + " is listed twice");
        s.venues.push_back({names[i], fees[i], lat[i]});
    }
    s.latency_bps_per_ms = cfg.get_float("latency_bps_per_ms");
    if (!(s.latency_bps_per_ms >= 0)) throw ConfigError("latency_bps_per_ms: must be >= 0");
    s.quality_weight = cfg.get_float("quality_weight");
    if (!(s.quality_weight > 0 && s.quality_weight <= 1)) throw ConfigError("quality_weight: must be in (0, 1]");
    return s;
}

}  // namespace tradehost::smart_router
