#include "config.hpp"

#include <cmath>

namespace tradehost::paper {

PaperConfig PaperConfig::load(const Config& cfg) {
    PaperConfig c;
    c.latency_ns = cfg.get_duration_ns("latency");
    if (c.latency_ns < 0) throw ConfigError("latency: must not be negative");

    const double bps = cfg.get_float("fee_bps");
    if (!std::isfinite(bps) || bps < 0 || bps > 10000)
        throw ConfigError("fee_bps: must be between 0 and 10000, got " + std::to_string(bps));
    // 1 bps = 0.0001 = 10^4 in th_fixed units, so the rate keeps 4 decimals of bps exactly.
    c.fee_rate = static_cast<th_fixed>(std::llround(bps * 1e4));

    c.fee_per_unit = cfg.get_fixed("fee_per_unit");
    if (c.fee_per_unit < 0) throw ConfigError("fee_per_unit: must not be negative");

    c.starting_cash = cfg.get_fixed("starting_cash");
    if (c.starting_cash < 0) throw ConfigError("starting_cash: must not be negative");

    c.currency = cfg.get_string("currency");
    if (c.currency.empty() || c.currency.size() > 15)
        throw ConfigError("currency: must be 1 to 15 characters, got '" + c.currency + "'");

    c.partial_fills = cfg.get_bool("partial_fills");
    c.persist = cfg.get_bool("persist");
    return c;
}

}  // namespace tradehost::paper
