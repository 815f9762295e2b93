// Reading and checking the strategy's config.
#include "settings.hpp"

namespace tradehost::sma_cross {

namespace {
th_order_type parse_order_type(const std::string& s) {
    if (s == "market") return TH_ORDER_MARKET;
    if (s == "limit") return TH_ORDER_LIMIT;
    throw ConfigError("order_type: expected 'market' or 'limit', got '" + s + "'");
}
th_tif parse_tif(const std::string& s) {
    if (s == "day") return TH_TIF_DAY;
    if (s == "gtc") return TH_TIF_GTC;
    if (s == "ioc") return TH_TIF_IOC;
    if (s == "fok") return TH_TIF_FOK;
    throw ConfigError("tif: expected 'day', 'gtc', 'ioc' or 'fok', got '" + s + "'");
}
}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
    s.fast = cfg.get_int("fast");
    s.slow = cfg.get_int("slow");
    s.order_qty = cfg.get_fixed("order_qty");
    s.allow_short = cfg.get_bool("allow_short");
    s.order_type = parse_order_type(cfg.get_string("order_type"));
    s.limit_offset_bps = cfg.get_float("limit_offset_bps");
    s.tif = cfg.has("tif") ? parse_tif(cfg.get_string("tif"))
                           : (s.order_type == TH_ORDER_LIMIT ? TH_TIF_GTC : TH_TIF_DAY);
    s.tick_size = cfg.get_fixed("tick_size");
    if (cfg.has("instruments")) s.instruments = cfg.get_list("instruments");
    s.sample_every = cfg.get_int("sample_every");
    if (cfg.has("signal_name")) s.signal_name = cfg.get_string("signal_name");
    s.signal_threshold = cfg.get_float("signal_threshold");
    validate(s);
    return s;
}

void validate(const Settings& s) {
    if (s.fast < 1) throw ConfigError("fast: must be >= 1");
    if (s.slow < 2) throw ConfigError("slow: must be >= 2");
    if (s.fast >= s.slow)
        throw ConfigError("fast (" + std::to_string(s.fast) + ") must be smaller than slow (" + std::to_string(s.slow) + ")");
    if (s.slow > 1000000) throw ConfigError("slow: at most 1000000");
    if (s.order_qty <= 0) throw ConfigError("order_qty: must be > 0");
    if (s.tick_size <= 0) throw ConfigError("tick_size: must be > 0");
    if (!(s.limit_offset_bps > -10000 && s.limit_offset_bps < 10000))
        throw ConfigError("limit_offset_bps: must be between -10000 and 10000 (exclusive)");
    if (s.sample_every < 1) throw ConfigError("sample_every: must be >= 1");
    if (!(s.signal_threshold >= 0 && s.signal_threshold <= 1))
        throw ConfigError("signal_threshold: must be between 0 and 1");
    for (const auto& sym : s.instruments)
        if (sym.empty()) throw ConfigError("instruments: empty symbol");
}

}  // namespace tradehost::sma_cross
