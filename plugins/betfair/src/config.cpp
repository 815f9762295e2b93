// betfair: config validation.
#include "config.hpp"

#include "discovery.hpp"

namespace tradehost::betfair {
namespace {

std::chrono::milliseconds ms(int64_t ns) { return std::chrono::milliseconds(ns / 1000000); }

std::string url(const Config& cfg, const char* key) {
    std::string u = cfg.get_string(key);
    while (!u.empty() && u.back() == '/') u.pop_back();
    if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0)
        throw ConfigError(std::string(key) + ": must be an http(s) URL, got '" + u + "'");
    return u;
}

std::string env_name(const Config& cfg, const char* key) {
    std::string v = cfg.get_string(key);
    if (v.empty()) throw ConfigError(std::string(key) + ": must name an environment variable");
    return v;
}

}  // namespace

BetfairConfig BetfairConfig::load(const Config& cfg) {
    BetfairConfig c;
    c.identity_url = url(cfg, "identity_url");
    c.cert_identity_url = url(cfg, "cert_identity_url");
    c.betting_url = url(cfg, "betting_url");
    c.account_url = url(cfg, "account_url");
    const std::string login = cfg.get_string("login");
    if (login == "interactive") c.login = LoginFlow::interactive;
    else if (login == "certificate") c.login = LoginFlow::certificate;
    else throw ConfigError("login: must be certificate or interactive, got '" + login + "'");
    c.app_key_env = env_name(cfg, "app_key_env");
    c.username_env = env_name(cfg, "username_env");
    c.password_env = env_name(cfg, "password_env");
    c.cert_file_env = cfg.get_string("cert_file_env");
    c.key_file_env = cfg.get_string("key_file_env");
    if (c.login == LoginFlow::certificate && (c.cert_file_env.empty() || c.key_file_env.empty()))
        throw ConfigError("cert_file_env, key_file_env: login certificate needs both");
    c.customer_strategy_ref = cfg.get_string("customer_strategy_ref");
    if (c.customer_strategy_ref.size() > 15)
        throw ConfigError("customer_strategy_ref: Betfair takes at most 15 characters, got " +
                          std::to_string(c.customer_strategy_ref.size()));
    c.keep_alive_interval = ms(cfg.get_duration_ns("keep_alive_interval"));
    c.max_transactions_per_hour = static_cast<uint32_t>(cfg.get_int("max_transactions_per_hour"));
    c.poll_interval = ms(cfg.get_duration_ns("poll_interval"));
    c.http_timeout = ms(cfg.get_duration_ns("http_timeout"));
    if (c.http_timeout.count() <= 0) throw ConfigError("http_timeout: must be positive");
    c.login_ban_backoff = ms(cfg.get_duration_ns("login_ban_backoff"));
    c.verify_tls = cfg.get_bool("verify_tls");
    c.stream_host = cfg.get_string("stream_host");
    c.stream_port = static_cast<int>(cfg.get_int("stream_port"));
    c.stream_heartbeat = ms(cfg.get_duration_ns("stream_heartbeat"));
    c.subscribe_timeout = ms(cfg.get_duration_ns("subscribe_timeout"));
    c.stream_markets = cfg.get_string("stream_markets");
    c.stream_fields = cfg.get_string("stream_fields");
    c.stream_ladder_levels = static_cast<int>(cfg.get_int("stream_ladder_levels"));
    c.stream_conflate = ms(cfg.get_duration_ns("stream_conflate"));
    c.book_depth = static_cast<std::size_t>(cfg.get_int("book_depth"));
    const std::string filter = cfg.get_string("market_filter");
    if (!filter.empty()) c.market_filter = parse_market_filter("market_filter", filter).dump();
    c.discover_window = ms(cfg.get_duration_ns("discover_window"));
    c.discover_interval = ms(cfg.get_duration_ns("discover_interval"));
    c.discover_max_results = static_cast<int>(cfg.get_int("discover_max_results"));
    if (!c.market_filter.empty() && c.stream_host.empty())
        throw ConfigError("market_filter: needs stream_host (the Exchange Stream API), which is empty");
    if (!c.stream_markets.empty() && c.stream_host.empty())
        throw ConfigError("stream_markets: needs stream_host (the Exchange Stream API), which is empty");
    return c;
}

}  // namespace tradehost::betfair
