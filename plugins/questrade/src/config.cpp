// questrade: reading and checking the config keys.
#include "config.hpp"

namespace tradehost::questrade {
namespace {

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace

QuestradeConfig QuestradeConfig::load(const Config& cfg) {
    QuestradeConfig c;
    const std::string env = cfg.get_string("environment");
    if (env != "practice" && env != "live")
        throw ConfigError("environment: must be 'practice' or 'live', got '" + env + "'");
    c.login_url = env == "live" ? kLiveLoginUrl : kPracticeLoginUrl;
    if (cfg.has("login_url")) c.login_url = cfg.get_string("login_url");
    c.login_url = without_trailing_slash(c.login_url);
    if (c.login_url.empty()) throw ConfigError("login_url: must not be empty");
    if (cfg.has("rest_url")) c.rest_url = without_trailing_slash(cfg.get_string("rest_url"));

    c.refresh_token_env = cfg.get_string("refresh_token_env");
    if (c.refresh_token_env.empty()) throw ConfigError("refresh_token_env: must name an environment variable");
    if (cfg.has("token_file")) {
        c.token_file = cfg.get_string("token_file");
        if (c.token_file.empty()) throw ConfigError("token_file: must not be empty");
    }
    if (cfg.has("account")) c.account = cfg.get_string("account");
    if (cfg.has("symbols")) c.symbols = cfg.get_list("symbols");
    for (const auto& s : c.symbols)
        if (s.empty() || s.find(',') != std::string::npos)
            throw ConfigError("symbols: '" + s + "' is not a Questrade symbol");

    c.quote_interval_ns = cfg.get_duration_ns("quote_interval");
    c.poll_interval_ns = cfg.get_duration_ns("poll_interval");
    c.order_lookback_ns = cfg.get_duration_ns("order_lookback");
    c.refresh_margin_ns = cfg.get_duration_ns("refresh_margin");
    c.request_timeout_ns = cfg.get_duration_ns("request_timeout");
    c.verify_tls = cfg.get_bool("verify_tls");
    c.reconnect_min_ns = cfg.get_duration_ns("reconnect_min");
    c.reconnect_max_ns = cfg.get_duration_ns("reconnect_max");
    if (c.reconnect_max_ns < c.reconnect_min_ns)
        throw ConfigError("reconnect_max: must not be below reconnect_min");
    return c;
}

}  // namespace tradehost::questrade
