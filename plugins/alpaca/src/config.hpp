// alpaca: declared config keys and their validated, typed form.
#ifndef TRADEHOST_PLUGINS_ALPACA_CONFIG_HPP
#define TRADEHOST_PLUGINS_ALPACA_CONFIG_HPP

#include <tradehost/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::alpaca {

/// The config schema the host checks before create. Bounds are inclusive.
inline constexpr th_config_field kConfigFields[] = {
    field("environment", TH_CFG_STRING, "paper", "paper | live: picks the default base URLs"),
    field("rest_url", TH_CFG_STRING, "",
          "Trading API base URL override (default: https://paper-api.alpaca.markets or https://api.alpaca.markets)"),
    field("stream_url", TH_CFG_STRING, "",
          "trade_updates WebSocket URL override (default: wss://paper-api.alpaca.markets/stream or wss://api.alpaca.markets/stream)"),
    field("data_stream_url", TH_CFG_STRING, "",
          "Market Data v2 WebSocket URL override (default: wss://stream.data.alpaca.markets/v2/<feed>)"),
    field("feed", TH_CFG_STRING, "iex", "market data feed: iex | sip"),
    field("key_env", TH_CFG_STRING, "APCA_API_KEY_ID", "name of the environment variable holding the API key id"),
    field("secret_env", TH_CFG_STRING, "APCA_API_SECRET_KEY",
          "name of the environment variable holding the API secret key"),
    field("symbols", TH_CFG_STRING_LIST, "", "symbols to stream quotes, trades and bars for (empty: no market data)"),
    field("quotes", TH_CFG_BOOL, "true", "subscribe to quotes of `symbols`"),
    field("trades", TH_CFG_BOOL, "true", "subscribe to trades of `symbols`"),
    field("bars", TH_CFG_BOOL, "false", "subscribe to minute bars of `symbols`"),
    field("quote_lot_size", TH_CFG_DECIMAL, "100",
          "shares per unit of Alpaca's stock quote sizes (round lots); 1 passes sizes through", 0, 1, 1e6),
    field("verify_tls", TH_CFG_BOOL, "true", "verify TLS certificates (never off against the real venue)"),
    field("reconnect_min", TH_CFG_DURATION, "250ms", "first reconnect delay of a stream", 0, 1e6, 3600e9),
    field("reconnect_max", TH_CFG_DURATION, "30s", "largest reconnect delay of a stream", 0, 1e6, 3600e9),
    field("poll_interval", TH_CFG_DURATION, "5s",
          "how often orders and fills are reconciled over REST while trade_updates is down", 0, 1e6, 3600e9),
    field("requests_per_minute", TH_CFG_INT, "200", "Trading API request budget per minute (Alpaca: 200)", 0, 1,
          100000),
    field("rate_limit_backoff", TH_CFG_DURATION, "1s",
          "wait after a 429 when the venue gives neither Retry-After nor a future X-RateLimit-Reset", 0, 0,
          600e9),
    field("http_timeout", TH_CFG_DURATION, "10s", "timeout of one REST request", 0, 1e6, 600e9),
};

/// Validated settings of one Alpaca instance.
struct AlpacaConfig {
    bool live = false;
    std::string rest_url;         ///< no trailing slash
    std::string stream_url;
    std::string data_stream_url;
    std::string key_env;
    std::string secret_env;
    std::vector<std::string> symbols;
    bool quotes = true, trades = true, bars = false;
    th_fixed quote_lot_size = 100 * TH_FIXED_SCALE;
    bool verify_tls = true;
    std::chrono::milliseconds reconnect_min{250};
    std::chrono::milliseconds reconnect_max{30000};
    std::chrono::milliseconds poll_interval{5000};
    uint32_t requests_per_minute = 200;
    std::chrono::milliseconds rate_limit_backoff{1000};
    std::chrono::milliseconds http_timeout{10000};

    /// Reads and checks every key; throws ConfigError for semantically bad values.
    static AlpacaConfig load(const Config& cfg);
};

}  // namespace tradehost::alpaca

#endif
