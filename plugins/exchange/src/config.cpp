// exchange: config validation (see config.hpp).
#include "config.hpp"

namespace tradehost::exchange {
namespace {

std::chrono::milliseconds ms(int64_t ns) { return std::chrono::milliseconds(ns / 1000000); }

}  // namespace

ExchangeConfig ExchangeConfig::load(const Config& cfg, const Dialect& dialect) {
    ExchangeConfig c;
    c.exchange = cfg.get_string("exchange");
    const std::string env = cfg.get_string("environment");
    if (env != "paper" && env != "live" && env != "sandbox" && env != "testnet")
        throw ConfigError("environment: must be paper (or sandbox/testnet) or live, got '" + env + "'");
    c.live = env == "live";
    c.urls = dialect.default_urls(c.live);
    if (auto v = cfg.get_string("rest_url"); !v.empty()) c.urls.rest = v;
    if (auto v = cfg.get_string("stream_url"); !v.empty()) c.urls.stream = v;
    if (auto v = cfg.get_string("user_stream_url"); !v.empty()) c.urls.user_stream = v;
    c.key_env = cfg.get_string("key_env");
    c.secret_env = cfg.get_string("secret_env");
    if (c.key_env.empty() != c.secret_env.empty())
        throw ConfigError("key_env and secret_env: set both (trading) or neither (market data only)");
    c.symbols = cfg.get_list("symbols");
    c.trade_symbols = cfg.get_list("trade_symbols");
    c.verify_tls = cfg.get_bool("verify_tls");
    c.reconnect_min = ms(cfg.get_duration_ns("reconnect_min"));
    c.reconnect_max = ms(cfg.get_duration_ns("reconnect_max"));
    if (c.reconnect_max < c.reconnect_min) throw ConfigError("reconnect_max: must be at least reconnect_min");
    c.request_timeout = ms(cfg.get_duration_ns("request_timeout"));
    c.max_retries = static_cast<int>(cfg.get_int("max_retries"));
    c.fill_overlap = std::chrono::nanoseconds(cfg.get_duration_ns("fill_overlap"));
    c.book_depth = static_cast<int>(cfg.get_int("book_depth"));
    c.book_snapshot_limit = static_cast<int>(cfg.get_int("book_snapshot_limit"));
    c.poll_interval = ms(cfg.get_duration_ns("poll_interval"));
    // `tradehost order` sends this when told no time in force: refuse here, with the dialect's
    // reason (it names the values it takes), what the dialect would refuse on every order.
    const std::string tif = cfg.get_string("default_tif");
    if (tif == "gtc") c.default_tif = TH_TIF_GTC;
    else if (tif == "ioc") c.default_tif = TH_TIF_IOC;
    else if (tif == "fok") c.default_tif = TH_TIF_FOK;
    else if (tif == "day") c.default_tif = TH_TIF_DAY;
    else throw ConfigError("default_tif: '" + tif + "' is not gtc, ioc, fok or day");
    OrderSpec limit;
    limit.type = TH_ORDER_LIMIT;
    limit.tif = c.default_tif;
    if (auto why = dialect.unsupported(limit)) throw ConfigError("default_tif: " + *why);
    return c;
}

}  // namespace tradehost::exchange
