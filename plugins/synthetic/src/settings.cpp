// Reading and checking the synthetic feed's config.
#include "settings.hpp"

#include <cmath>
#include <set>
#include <string>

namespace tradehost::synthetic {

Settings read_settings(const Config& cfg) {
    Settings s;
    s.instruments = cfg.get_list("instruments");
    s.start_price = cfg.get_fixed("start_price");
    s.seed = cfg.get_int("seed");
    s.volatility = cfg.get_float("volatility");
    s.drift = cfg.get_float("drift");
    s.tick_size = cfg.get_fixed("tick_size");
    s.spread_ticks = cfg.get_int("spread_ticks");
    s.quote_size = cfg.get_fixed("quote_size");
    s.trade_probability = cfg.get_float("trade_probability");
    s.interval_ns = cfg.get_duration_ns("interval");
    s.start_time = cfg.get_int("start_time");
    s.count = cfg.get_int("count");
    s.rate = cfg.get_float("rate");
    s.batch = cfg.get_int("batch");
    s.book_levels = cfg.get_int("book_levels");
    s.level_size = cfg.get_fixed("level_size");
    s.alt_skew_bps = cfg.get_float("alt_skew_bps");
    s.alt_level_size = cfg.get_fixed("alt_level_size");
    validate(s);
    return s;
}

void validate(const Settings& s) {
    if (s.instruments.empty()) throw ConfigError("instruments: list at least one symbol");
    std::set<std::string> seen;
    for (const auto& sym : s.instruments) {
        if (sym.empty()) throw ConfigError("instruments: empty symbol");
        if (!seen.insert(sym).second) throw ConfigError("instruments: '" + sym + "' is listed twice");
    }
    if (s.start_price <= 0) throw ConfigError("start_price: must be > 0");
    if (s.tick_size <= 0) throw ConfigError("tick_size: must be > 0");
    if (s.start_price < s.tick_size) throw ConfigError("start_price: must be at least tick_size");
    if (s.spread_ticks < 1) throw ConfigError("spread_ticks: must be >= 1");
    if (s.quote_size <= 0) throw ConfigError("quote_size: must be > 0");
    if (s.volatility < 0) throw ConfigError("volatility: must be >= 0");
    if (!(s.trade_probability >= 0 && s.trade_probability <= 1))
        throw ConfigError("trade_probability: must be between 0 and 1");
    if (s.interval_ns <= 0) throw ConfigError("interval: must be > 0");
    if (s.start_time < 0) throw ConfigError("start_time: must be >= 0");
    if (s.count < 0) throw ConfigError("count: must be >= 0 (0 = endless)");
    if (!(s.rate >= 0)) throw ConfigError("rate: must be >= 0 (0 = as fast as possible)");
    if (s.batch < 1) throw ConfigError("batch: must be >= 1");
    // both sides in one th_book: 2 x book_levels <= TH_BOOK_MAX_LEVELS
    if (s.book_levels < 0 || s.book_levels > TH_BOOK_MAX_LEVELS / 2)
        throw ConfigError("book_levels: must be between 0 (no books) and " + std::to_string(TH_BOOK_MAX_LEVELS / 2));
    if (s.level_size <= 0) throw ConfigError("level_size: must be > 0");
    if (s.alt_level_size <= 0) throw ConfigError("alt_level_size: must be > 0");
    if (!(std::fabs(s.alt_skew_bps) <= 1000)) throw ConfigError("alt_skew_bps: must be between -1000 and 1000");
}

}  // namespace tradehost::synthetic
