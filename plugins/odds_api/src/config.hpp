// odds_api: declared config keys and their validated, typed form.
#pragma once

#include "parse.hpp"

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::odds_api {

/// The config schema the host checks before create. Bounds are inclusive.
inline constexpr th_config_field kConfigFields[] = {
    field("sports", TH_CFG_STRING_LIST, nullptr, "Sport keys to poll (GET /v4/sports lists them), e.g. soccer_epl",
          TH_CFG_REQUIRED),
    field("regions", TH_CFG_STRING, "uk", "Bookmaker regions, comma-separated: us, us2, uk, au, eu (each one multiplies the cost)"),
    field("markets", TH_CFG_STRING_LIST, "h2h", "Market keys: h2h, spreads, totals, outrights, h2h_lay... (each one multiplies the cost)"),
    field("bookmakers", TH_CFG_STRING_LIST, "", "Only these bookmaker keys (replaces regions; every 10 cost as one region)"),
    field("odds_format", TH_CFG_STRING, "decimal", "Format asked for: decimal or american (converted to decimal exactly)"),
    field("base_url", TH_CFG_STRING, "https://api.the-odds-api.com", "API host; a loopback double in tests"),
    field("key_env", TH_CFG_STRING, "ODDS_API_KEY", "Environment variable holding the API key (sent as apiKey, never logged)"),
    field("interval", TH_CFG_DURATION, "60s", "Odds poll interval per sport", 0, 1e9, 86400e9),
    field("scores_interval", TH_CFG_DURATION, "10m", "Scores poll interval per sport; 0s: no scores, no settlements", 0, 0, 86400e9),
    field("days_from", TH_CFG_INT, "1", "Scores of games completed up to this many days ago (1..3; costs 2 instead of 1)", 0, 1, 3),
    field("slow_below", TH_CFG_INT, "500", "When x-requests-remaining falls below this, poll slow_factor times less often", 0, 0, 1e9),
    field("slow_factor", TH_CFG_INT, "4", "How much slower to poll when the quota is low", 0, 1, 1000),
    field("quota_retry", TH_CFG_DURATION, "1h", "Wait before trying again once the quota is spent", 0, 1e9, 31 * 86400e9),
    field("max_backoff", TH_CFG_DURATION, "15m", "Longest wait after repeated failures", 0, 1e9, 86400e9),
    field("timeout", TH_CFG_DURATION, "10s", "Limit of one request, connect included", 0, 1e8, 600e9),
    field("verify_tls", TH_CFG_BOOL, "true", "Check the server's certificate (leave on)"),
    field("replay_dir", TH_CFG_STRING, "",
          "Offline: read recorded responses SPORT.odds.N.json / SPORT.scores.N.json (N = 1, 2, ...) from this folder, one "
          "step per tick, instead of calling the API; no key needed"),
    field("remember_events", TH_CFG_INT, "5000", "Settled event ids remembered so none is settled twice", 0, 10, 1e7),
};

struct Settings {
    std::vector<std::string> sports;
    std::string regions;
    std::vector<std::string> markets;
    std::vector<std::string> bookmakers;
    OddsFormat format = OddsFormat::Decimal;
    std::string base_url;  ///< no trailing slash
    std::string key_env;
    int64_t interval_ns = 0, scores_interval_ns = 0;
    int64_t days_from = 1;
    int64_t slow_below = 0, slow_factor = 1;
    int64_t quota_retry_ns = 0, max_backoff_ns = 0, timeout_ns = 0;
    bool verify_tls = true;
    size_t remember_events = 5000;
    std::string replay_dir;  ///< "" : live
};

/// Reads and checks the config; a bad value names its key.
Settings read_settings(const Config& cfg);

}  // namespace tradehost::odds_api
