// questrade: declared config keys and their validated, typed form.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_CONFIG_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_CONFIG_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::questrade {

/// Login hosts from https://www.questrade.com/api/documentation/security (live) and the
/// practice-account notes of the same documentation (practicelogin.questrade.com).
inline constexpr const char* kLiveLoginUrl = "https://login.questrade.com";
inline constexpr const char* kPracticeLoginUrl = "https://practicelogin.questrade.com";

/// The config schema the host checks before create. Bounds are inclusive.
inline constexpr th_config_field kConfigFields[] = {
    field("environment", TH_CFG_STRING, "practice", "practice | live: picks the default login_url"),
    field("login_url", TH_CFG_STRING, nullptr,
          "override of the OAuth login host (tests point it at the loopback double)"),
    field("rest_url", TH_CFG_STRING, nullptr,
          "override of the api_server the login returns (normally unset: Questrade picks the server)"),
    field("refresh_token_env", TH_CFG_STRING, "QUESTRADE_REFRESH_TOKEN",
          "name of the environment variable holding the FIRST refresh token; read only while token_file "
          "does not exist"),
    field("token_file", TH_CFG_STRING, nullptr,
          "file (mode 0600) holding the current single-use refresh token; default "
          "var/questrade-<instance>.token"),
    field("account", TH_CFG_STRING, nullptr, "account number; unset: the primary account"),
    field("symbols", TH_CFG_STRING_LIST, nullptr, "Questrade symbols to poll quotes for (empty: none)"),
    field("quote_interval", TH_CFG_DURATION, "1s", "quote polling period", 0, 50e6, 3600e9),
    field("poll_interval", TH_CFG_DURATION, "1s", "orders/executions polling period", 0, 50e6, 3600e9),
    field("order_lookback", TH_CFG_DURATION, "24h",
          "how far back order listings reach when no fill watermark exists yet", 0, 60e9, 31 * 86400e9),
    field("refresh_margin", TH_CFG_DURATION, "60s",
          "refresh the access token this long before it expires", 0, 0, 1500e9),
    field("request_timeout", TH_CFG_DURATION, "10s", "per-request timeout", 0, 100e6, 120e9),
    field("verify_tls", TH_CFG_BOOL, "true", "verify TLS certificates (never off against Questrade)"),
    field("reconnect_min", TH_CFG_DURATION, "500ms", "first retry delay after a failed poll or login", 0,
          1e6, 600e9),
    field("reconnect_max", TH_CFG_DURATION, "30s", "largest retry delay", 0, 1e6, 3600e9),
};

/// Validated settings of one instance.
struct QuestradeConfig {
    std::string login_url;   ///< without trailing slash
    std::string rest_url;    ///< empty: use the login's api_server
    std::string refresh_token_env;
    std::string token_file;  ///< empty until resolved with the instance name
    std::string account;
    std::vector<std::string> symbols;
    int64_t quote_interval_ns = 0;
    int64_t poll_interval_ns = 0;
    int64_t order_lookback_ns = 0;
    int64_t refresh_margin_ns = 0;
    int64_t request_timeout_ns = 0;
    bool verify_tls = true;
    int64_t reconnect_min_ns = 0;
    int64_t reconnect_max_ns = 0;

    /// Reads and checks every key; throws ConfigError for semantically bad values.
    static QuestradeConfig load(const Config& cfg);
};

}  // namespace tradehost::questrade

#endif
