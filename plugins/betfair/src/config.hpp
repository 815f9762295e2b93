// betfair: declared config keys and their validated, typed form. Every secret (app key,
// username, password, and the client certificate's paths) comes from an environment variable
// the config names; none is a config value.
#pragma once

#include <tradehost/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace tradehost::betfair {

/// The config schema the host checks before create. Bounds are inclusive.
inline constexpr th_config_field kConfigFields[] = {
    field("identity_url", TH_CFG_STRING, "https://identitysso.betfair.com",
          "identity endpoint base: /api/login, /api/keepAlive, /api/logout (tests: the loopback double)"),
    field("cert_identity_url", TH_CFG_STRING, "https://identitysso-cert.betfair.com",
          "non-interactive (certificate) login base: /api/certlogin"),
    field("betting_url", TH_CFG_STRING, "https://api.betfair.com/exchange/betting/json-rpc/v1",
          "Betting API JSON-RPC endpoint (SportsAPING/v1.0/...)"),
    field("account_url", TH_CFG_STRING, "https://api.betfair.com/exchange/account/json-rpc/v1",
          "Accounts API JSON-RPC endpoint (AccountAPING/v1.0/getAccountFunds)"),
    field("login", TH_CFG_STRING, "certificate",
          "certificate (non-interactive, /api/certlogin with a client certificate) or interactive (/api/login)"),
    field("app_key_env", TH_CFG_STRING, "BETFAIR_APP_KEY", "environment variable holding the application key (X-Application)"),
    field("username_env", TH_CFG_STRING, "BETFAIR_USERNAME", "environment variable holding the account's username"),
    field("password_env", TH_CFG_STRING, "BETFAIR_PASSWORD", "environment variable holding the account's password"),
    field("cert_file_env", TH_CFG_STRING, "BETFAIR_CERT_FILE",
          "environment variable holding the client certificate's path (PEM; login: certificate)"),
    field("key_file_env", TH_CFG_STRING, "BETFAIR_KEY_FILE",
          "environment variable holding the client certificate key's path (PEM; login: certificate)"),
    field("customer_strategy_ref", TH_CFG_STRING, "tradehost",
          "customerStrategyRef on every bet (up to 15 characters): listCurrentOrders/listClearedOrders ask for these only"),
    field("keep_alive_interval", TH_CFG_DURATION, "1h",
          "keepAlive period; below the session's expiry (12 h on the international exchange, 20 min on the Italian)", 0,
          1e9, 86400e9),
    field("max_transactions_per_hour", TH_CFG_INT, "5000",
          "bets placed plus failed actions per calendar hour; past it orders are refused locally (Betfair charges past 5000)",
          0, 1, 1e9),
    field("poll_interval", TH_CFG_DURATION, "2s", "how often orders are reconciled over JSON-RPC while no order stream is up",
          0, 1e6, 3600e9),
    field("http_timeout", TH_CFG_DURATION, "10s", "timeout of one request", 0, 1e6, 600e9),
    field("login_ban_backoff", TH_CFG_DURATION, "20m",
          "wait after TEMPORARY_BAN_TOO_MANY_REQUESTS before logging in again (Betfair bans new sessions for 20 minutes)", 0,
          0, 86400e9),
    field("verify_tls", TH_CFG_BOOL, "true", "verify TLS certificates (never off against the real venue)"),
    field("stream_host", TH_CFG_STRING, "stream-api.betfair.com",
          "Exchange Stream API host (TLS, CRLF-delimited JSON) for the order stream; empty: no stream, poll over JSON-RPC"),
    field("stream_port", TH_CFG_INT, "443", "Exchange Stream API port", 0, 1, 65535),
    field("stream_heartbeat", TH_CFG_DURATION, "5s",
          "heartbeatMs asked of the stream (500 ms to 5 s); 3 of them without a line drop the connection", 0, 500e6, 5e9),
    field("stream_markets", TH_CFG_STRING, "",
          "market ids to subscribe on the Exchange Stream API, comma-separated (\"1.116734012,1.116734013\"); empty: no market stream"),
    field("stream_fields", TH_CFG_STRING, "EX_BEST_OFFERS,EX_TRADED,EX_TRADED_VOL,EX_LTP,EX_MARKET_DEF",
          "marketDataFilter fields (EX_ALL_OFFERS for the full ladder, EX_BEST_OFFERS with stream_ladder_levels)"),
    field("stream_ladder_levels", TH_CFG_INT, "3", "ladderLevels for EX_BEST_OFFERS", 0, 1, 10),
    field("stream_conflate", TH_CFG_DURATION, "0s", "conflateMs asked of the market stream (0: every change)", 0, 0, 120e9),
    field("market_filter", TH_CFG_STRING, "",
          "market discovery: a MarketFilter as JSON ({\"eventTypeIds\":[\"1\"],\"marketTypeCodes\":[\"MATCH_ODDS\"],"
          "\"marketCountries\":[\"GB\"],\"competitionIds\":[],\"textQuery\":\"\",\"marketStartTime\":{\"from\":..,\"to\":..}}); "
          "the markets listMarketCatalogue finds are streamed beside stream_markets; empty: no discovery"),
    field("discover_window", TH_CFG_DURATION, "0s",
          "market discovery: only markets starting between now and now + this (0: the filter's own marketStartTime)", 0, 0,
          31536000e9),
    field("discover_interval", TH_CFG_DURATION, "15m",
          "market discovery: how often listMarketCatalogue runs again after the first at start (0: at start only)", 0, 0,
          86400e9),
    field("discover_max_results", TH_CFG_INT, "200",
          "market discovery: most markets found and streamed (pages of 200 by the data-weight limit)", 0, 1, 1000),
    field("book_depth", TH_CFG_INT, "10", "levels per side in each published book", 0, 1, 400),
    field("subscribe_timeout", TH_CFG_DURATION, "15s",
          "an authentication or subscription unanswered for this long drops the connection (Betfair: 15 s)", 0, 1e6, 600e9),
};

enum class LoginFlow { interactive, certificate };

struct BetfairConfig {
    std::string identity_url, cert_identity_url, betting_url, account_url;  ///< no trailing slash
    LoginFlow login = LoginFlow::certificate;
    std::string app_key_env, username_env, password_env, cert_file_env, key_file_env;
    std::string customer_strategy_ref;
    std::chrono::milliseconds keep_alive_interval{3600000};
    uint32_t max_transactions_per_hour = 5000;
    std::chrono::milliseconds poll_interval{2000};
    std::chrono::milliseconds http_timeout{10000};
    std::chrono::milliseconds login_ban_backoff{1200000};
    bool verify_tls = true;
    std::string stream_host;                      ///< empty: no order stream
    int stream_port = 443;
    std::chrono::milliseconds stream_heartbeat{5000};
    std::chrono::milliseconds subscribe_timeout{15000};
    std::string stream_markets, stream_fields;    ///< comma-separated
    int stream_ladder_levels = 3;
    std::chrono::milliseconds stream_conflate{0};
    std::size_t book_depth = 10;
    std::string market_filter;                    ///< checked MarketFilter JSON; empty: no discovery
    std::chrono::milliseconds discover_window{0}, discover_interval{900000};
    int discover_max_results = 200;

    /// Reads and checks every key; throws ConfigError naming the key.
    static BetfairConfig load(const Config& cfg);
};

}  // namespace tradehost::betfair
