// oanda: reads and checks the config keys declared in config.hpp.
#include "config.hpp"

namespace tradehost::oanda {
namespace {

std::chrono::milliseconds ms(int64_t ns) { return std::chrono::milliseconds(ns / 1000000); }

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

bool valid_env_name(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

}  // namespace

OandaConfig OandaConfig::load(const Config& cfg) {
    OandaConfig c;
    c.environment = cfg.get_string("environment");
    if (c.environment != "practice" && c.environment != "live")
        throw ConfigError("environment: must be 'practice' or 'live', got '" + c.environment + "'");
    const bool live = c.environment == "live";
    c.rest_url = without_trailing_slash(cfg.get_string("rest_url"));
    if (c.rest_url.empty()) c.rest_url = live ? kLiveRestUrl : kPracticeRestUrl;
    c.stream_url = without_trailing_slash(cfg.get_string("stream_url"));
    if (c.stream_url.empty()) c.stream_url = live ? kLiveStreamUrl : kPracticeStreamUrl;
    c.account_id = cfg.get_string("account_id");
    for (char ch : c.account_id)
        if (ch == '/' || ch == '?' || ch == '#' || ch == ' ')
            throw ConfigError("account_id: must not contain '/', '?', '#' or spaces");
    c.token_env = cfg.get_string("token_env");
    if (!valid_env_name(c.token_env))
        throw ConfigError("token_env: must name an environment variable ([A-Za-z0-9_]+)");
    c.symbols = cfg.get_list("symbols");
    for (const std::string& s : c.symbols)
        if (s.find('_') == std::string::npos || s.find(',') != std::string::npos)
            throw ConfigError("symbols: '" + s + "' is not an OANDA instrument name like EUR_USD");
    c.verify_tls = cfg.get_bool("verify_tls");
    c.reconnect_min = ms(cfg.get_duration_ns("reconnect_min"));
    c.reconnect_max = ms(cfg.get_duration_ns("reconnect_max"));
    if (c.reconnect_max < c.reconnect_min) throw ConfigError("reconnect_max: must be >= reconnect_min");
    c.min_reconcile_interval = ms(cfg.get_duration_ns("min_reconcile_interval"));
    c.stream_idle_timeout = ms(cfg.get_duration_ns("stream_idle_timeout"));
    c.request_timeout = ms(cfg.get_duration_ns("request_timeout"));
    c.requests_per_second = static_cast<uint32_t>(cfg.get_int("requests_per_second"));
    c.rate_limit_backoff = ms(cfg.get_duration_ns("rate_limit_backoff"));
    c.max_rate_limit_retries = static_cast<int>(cfg.get_int("max_rate_limit_retries"));
    c.take_profit_distance = cfg.get_fixed("take_profit_distance");
    c.stop_loss_distance = cfg.get_fixed("stop_loss_distance");
    if (c.take_profit_distance < 0 || c.stop_loss_distance < 0)
        throw ConfigError("take_profit_distance/stop_loss_distance: must not be negative");
    return c;
}

}  // namespace tradehost::oanda
