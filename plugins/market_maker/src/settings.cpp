// Reading and checking the market maker's config.
#include "settings.hpp"

namespace tradehost::market_maker {

Settings read_settings(const Config& cfg) {
    Settings s;
    if (cfg.has("instruments")) s.instruments = cfg.get_list("instruments");
    const std::string fv = cfg.get_string("fair_value");
    if (fv == "mid") s.fair_value = FairValue::mid;
    else if (fv == "microprice") s.fair_value = FairValue::microprice;
    else throw ConfigError("fair_value: expected 'mid' or 'microprice', got '" + fv + "'");
    s.signal_name = cfg.get_string("signal_name");
    s.signal_max_age_ns = cfg.get_duration_ns("signal_max_age");
    s.half_spread = cfg.get_fixed("half_spread");
    s.min_spread = cfg.get_fixed("min_spread");
    s.skew_per_unit = cfg.get_fixed("skew_per_unit");
    s.quote_size = cfg.get_fixed("quote_size");
    s.requote_ticks = cfg.get_int("requote_ticks");
    s.max_position = cfg.get_fixed("max_position");
    s.max_group_position = cfg.get_fixed("max_group_position");
    s.allow_short = cfg.get_bool("allow_short");
    s.tick_size = cfg.get_fixed("tick_size");
    s.min_price = cfg.get_fixed("min_price");
    s.max_price = cfg.get_fixed("max_price");
    s.max_book_age_ns = cfg.get_duration_ns("max_book_age");
    s.check_interval_ns = cfg.get_duration_ns("check_interval");
    s.reject_cooldown_ns = cfg.get_duration_ns("reject_cooldown");
    s.persist = cfg.get_bool("persist");
    validate(s);
    return s;
}

void validate(const Settings& s) {
    for (const auto& sym : s.instruments)
        if (sym.empty()) throw ConfigError("instruments: empty symbol");
    if (s.half_spread < 0) throw ConfigError("half_spread: must be >= 0");
    if (s.min_spread < 0) throw ConfigError("min_spread: must be >= 0");
    if (s.half_spread == 0 && s.min_spread == 0)
        throw ConfigError("half_spread and min_spread are both 0: quotes would meet at the fair value");
    if (s.skew_per_unit < 0) throw ConfigError("skew_per_unit: must be >= 0 (quotes move against the position)");
    if (s.quote_size <= 0) throw ConfigError("quote_size: must be > 0");
    if (s.requote_ticks < 1) throw ConfigError("requote_ticks: must be >= 1");
    if (s.max_position < s.quote_size)
        throw ConfigError("max_position (" + format_fixed(s.max_position) + ") must be at least quote_size (" +
                          format_fixed(s.quote_size) + ")");
    if (s.max_group_position < 0) throw ConfigError("max_group_position: must be >= 0");
    if (s.tick_size <= 0) throw ConfigError("tick_size: must be > 0");
    if (s.min_price < 0 || s.max_price < 0) throw ConfigError("min_price/max_price: must be >= 0");
    if (s.max_price != 0 && s.max_price <= s.min_price)
        throw ConfigError("max_price (" + format_fixed(s.max_price) + ") must be above min_price (" +
                          format_fixed(s.min_price) + ")");
    if (s.max_book_age_ns <= 0) throw ConfigError("max_book_age: must be > 0");
    if (s.check_interval_ns <= 0) throw ConfigError("check_interval: must be > 0");
    if (s.signal_max_age_ns <= 0) throw ConfigError("signal_max_age: must be > 0");
    if (s.reject_cooldown_ns < 0) throw ConfigError("reject_cooldown: must be >= 0");
}

}  // namespace tradehost::market_maker
