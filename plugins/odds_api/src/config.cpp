// See config.hpp.
#include "config.hpp"

namespace tradehost::odds_api {

namespace {

// Keys go into a URL path or query unescaped: the API's keys are [a-z0-9_], so anything else
// is a typo the operator should hear about before a request is wasted on it.
void check_key(const std::string& what, const std::string& k) {
    if (k.empty()) throw ConfigError(what + ": empty");
    for (char c : k)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ','))
            throw ConfigError(what + ": '" + k + "' has '" + std::string(1, c) + "'; keys are lower case letters, digits and _");
}

}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
    s.sports = cfg.get_list("sports");
    if (s.sports.empty()) throw ConfigError("sports: name at least one sport key, e.g. soccer_epl");
    for (const auto& k : s.sports) check_key("sports", k);
    s.regions = cfg.get_string("regions");
    s.markets = cfg.get_list("markets");
    if (s.markets.empty()) throw ConfigError("markets: name at least one market key, e.g. h2h");
    for (const auto& k : s.markets) check_key("markets", k);
    s.bookmakers = cfg.get_list("bookmakers");
    for (const auto& k : s.bookmakers) check_key("bookmakers", k);
    if (s.bookmakers.empty()) check_key("regions", s.regions);
    const std::string fmt = cfg.get_string("odds_format");
    if (fmt == "decimal") s.format = OddsFormat::Decimal;
    else if (fmt == "american") s.format = OddsFormat::American;
    else throw ConfigError("odds_format: expected decimal or american, got '" + fmt + "'");
    s.base_url = cfg.get_string("base_url");
    while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
    if (s.base_url.rfind("http://", 0) != 0 && s.base_url.rfind("https://", 0) != 0)
        throw ConfigError("base_url: expected an http:// or https:// URL, got '" + s.base_url + "'");
    s.key_env = cfg.get_string("key_env");
    if (s.key_env.empty()) throw ConfigError("key_env: name the environment variable that holds the API key");
    s.interval_ns = cfg.get_duration_ns("interval");
    s.scores_interval_ns = cfg.get_duration_ns("scores_interval");
    s.days_from = cfg.get_int("days_from");
    s.slow_below = cfg.get_int("slow_below");
    s.slow_factor = cfg.get_int("slow_factor");
    s.quota_retry_ns = cfg.get_duration_ns("quota_retry");
    s.max_backoff_ns = cfg.get_duration_ns("max_backoff");
    s.timeout_ns = cfg.get_duration_ns("timeout");
    s.verify_tls = cfg.get_bool("verify_tls");
    s.remember_events = static_cast<size_t>(cfg.get_int("remember_events"));
    s.replay_dir = cfg.get_string("replay_dir");
    return s;
}

}  // namespace tradehost::odds_api
