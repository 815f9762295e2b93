// alpaca: config validation and the documented default base URLs.
#include "config.hpp"

namespace tradehost::alpaca {
namespace {

std::chrono::milliseconds ms(int64_t ns) { return std::chrono::milliseconds(ns / 1000000); }

std::string trim_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

}  // namespace

AlpacaConfig AlpacaConfig::load(const Config& cfg) {
    AlpacaConfig c;
    const std::string env = cfg.get_string("environment");
    if (env != "paper" && env != "live")
        throw ConfigError("environment: must be 'paper' or 'live', got '" + env + "'");
    c.live = env == "live";
    const std::string feed = cfg.get_string("feed");
    if (feed != "iex" && feed != "sip") throw ConfigError("feed: must be 'iex' or 'sip', got '" + feed + "'");

    // Base URLs from https://docs.alpaca.markets/docs/trading-api (paper vs live domains),
    // /docs/websocket-streaming (trade_updates) and /docs/real-time-stock-pricing-data (data).
    c.rest_url = trim_slash(cfg.get_string("rest_url"));
    if (c.rest_url.empty()) c.rest_url = c.live ? "https://api.alpaca.markets" : "https://paper-api.alpaca.markets";
    c.stream_url = cfg.get_string("stream_url");
    if (c.stream_url.empty())
        c.stream_url = c.live ? "wss://api.alpaca.markets/stream" : "wss://paper-api.alpaca.markets/stream";
    c.data_stream_url = cfg.get_string("data_stream_url");
    if (c.data_stream_url.empty()) c.data_stream_url = "wss://stream.data.alpaca.markets/v2/" + feed;

    c.key_env = cfg.get_string("key_env");
    c.secret_env = cfg.get_string("secret_env");
    if (c.key_env.empty() || c.secret_env.empty())
        throw ConfigError("key_env and secret_env: must name environment variables");
    c.symbols = cfg.get_list("symbols");
    for (const auto& s : c.symbols)
        if (s.empty()) throw ConfigError("symbols: empty symbol");
    c.quotes = cfg.get_bool("quotes");
    c.trades = cfg.get_bool("trades");
    c.bars = cfg.get_bool("bars");
    c.quote_lot_size = cfg.get_fixed("quote_lot_size");
    if (c.quote_lot_size < TH_FIXED_SCALE) throw ConfigError("quote_lot_size: must be at least 1");
    c.verify_tls = cfg.get_bool("verify_tls");
    c.reconnect_min = ms(cfg.get_duration_ns("reconnect_min"));
    c.reconnect_max = ms(cfg.get_duration_ns("reconnect_max"));
    c.poll_interval = ms(cfg.get_duration_ns("poll_interval"));
    if (c.reconnect_max < c.reconnect_min) throw ConfigError("reconnect_max: must not be below reconnect_min");
    const int64_t rpm = cfg.get_int("requests_per_minute");
    if (rpm < 1) throw ConfigError("requests_per_minute: must be at least 1");
    c.requests_per_minute = static_cast<uint32_t>(rpm);
    c.rate_limit_backoff = ms(cfg.get_duration_ns("rate_limit_backoff"));
    c.http_timeout = ms(cfg.get_duration_ns("http_timeout"));
    if (c.http_timeout.count() <= 0) throw ConfigError("http_timeout: must be positive");
    return c;
}

}  // namespace tradehost::alpaca
