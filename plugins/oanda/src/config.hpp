// oanda: declared config keys and their validated, typed form.
#ifndef TRADEHOST_PLUGINS_OANDA_CONFIG_HPP
#define TRADEHOST_PLUGINS_OANDA_CONFIG_HPP

#include <tradehost/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::oanda {

/// Base URLs of OANDA's two environments (developer.oanda.com/rest-live-v20/development-guide).
inline constexpr const char* kPracticeRestUrl = "https://api-fxpractice.oanda.com";
inline constexpr const char* kPracticeStreamUrl = "https://stream-fxpractice.oanda.com";
inline constexpr const char* kLiveRestUrl = "https://api-fxtrade.oanda.com";
inline constexpr const char* kLiveStreamUrl = "https://stream-fxtrade.oanda.com";

/// The config schema the host checks before create. Bounds are inclusive.
inline constexpr th_config_field kConfigFields[] = {
    field("environment", TH_CFG_STRING, "practice",
          "practice | live: picks the default REST and stream base URLs"),
    field("rest_url", TH_CFG_STRING, "", "override of the REST base URL (tests: the loopback double)"),
    field("stream_url", TH_CFG_STRING, "", "override of the streaming base URL"),
    field("account_id", TH_CFG_STRING, "",
          "v20 account id (e.g. 101-004-1234567-001); empty: the first of GET /v3/accounts"),
    field("token_env", TH_CFG_STRING, "OANDA_API_TOKEN",
          "name of the environment variable holding the personal access token"),
    field("symbols", TH_CFG_STRING_LIST, "", "instruments to stream prices for (EUR_USD, ...); empty: none"),
    field("verify_tls", TH_CFG_BOOL, "true", "verify the venue's TLS certificate"),
    field("reconnect_min", TH_CFG_DURATION, "1s",
          "first stream reconnect delay (1s keeps two streams within OANDA's 2 new connections/s)", 0, 1e6, 3600e9),
    field("reconnect_max", TH_CFG_DURATION, "30s", "largest stream reconnect delay", 0, 1e6, 3600e9),
    field("min_reconcile_interval", TH_CFG_DURATION, "2s",
          "at most one reconciliation (4+ REST calls) per this interval, however often the streams reconnect",
          0, 1e6, 3600e9),
    field("stream_idle_timeout", TH_CFG_DURATION, "20s",
          "reconnect a stream after this long without a line (OANDA sends heartbeats every 5 s)", 0,
          1e7, 3600e9),
    field("request_timeout", TH_CFG_DURATION, "10s", "timeout of one REST request", 0, 1e7, 600e9),
    field("requests_per_second", TH_CFG_INT, "100",
          "client-side REST limit (OANDA best practices: 100/s on a persistent connection)", 0, 1, 1000),
    field("rate_limit_backoff", TH_CFG_DURATION, "1s",
          "pause after a 429 that carried no Retry-After", 0, 1e6, 600e9),
    field("max_rate_limit_retries", TH_CFG_INT, "3", "times one request is retried after 429s", 0, 0, 100),
    field("take_profit_distance", TH_CFG_DECIMAL, "0",
          "price distance of a takeProfitOnFill from the order's price (0: none)", 0, 0, 1e9),
    field("stop_loss_distance", TH_CFG_DECIMAL, "0",
          "price distance of a stopLossOnFill from the order's price (0: none)", 0, 0, 1e9),
};

/// Validated settings of one OANDA instance.
struct OandaConfig {
    std::string environment;
    std::string rest_url;      ///< without trailing '/'
    std::string stream_url;    ///< without trailing '/'
    std::string account_id;    ///< may be empty: resolved with GET /v3/accounts
    std::string token_env;
    std::vector<std::string> symbols;
    bool verify_tls = true;
    std::chrono::milliseconds reconnect_min{1000};
    std::chrono::milliseconds reconnect_max{30000};
    std::chrono::milliseconds min_reconcile_interval{2000};
    std::chrono::milliseconds stream_idle_timeout{20000};
    std::chrono::milliseconds request_timeout{10000};
    uint32_t requests_per_second = 100;
    std::chrono::milliseconds rate_limit_backoff{1000};
    int max_rate_limit_retries = 3;
    th_fixed take_profit_distance = 0;
    th_fixed stop_loss_distance = 0;

    /// Reads and checks every key; throws ConfigError for semantically bad values.
    static OandaConfig load(const Config& cfg);
};

}  // namespace tradehost::oanda

#endif
