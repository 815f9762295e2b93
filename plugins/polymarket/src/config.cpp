// polymarket: config validation.
#include "config.hpp"

#include "crypto/abi.hpp"
#include "orders/contracts.hpp"

namespace tradehost::polymarket {
namespace {

std::chrono::milliseconds ms(int64_t ns) { return std::chrono::milliseconds(ns / 1000000); }

}  // namespace

PolymarketConfig PolymarketConfig::load(const Config& cfg) {
    PolymarketConfig c;
    c.rest_url = cfg.get_string("rest_url");
    while (!c.rest_url.empty() && c.rest_url.back() == '/') c.rest_url.pop_back();
    if (c.rest_url.empty()) throw ConfigError("rest_url: must not be empty");
    c.chain_id = static_cast<uint64_t>(cfg.get_int("chain_id"));
    if (!exchange_contract(c.chain_id, false, 2))
        throw ConfigError("chain_id: must be 137 (Polygon) or 80002 (Amoy), got " + std::to_string(c.chain_id));
    c.private_key_env = cfg.get_string("private_key_env");
    if (c.private_key_env.empty()) throw ConfigError("private_key_env: must name an environment variable");
    c.api_key_env = cfg.get_string("api_key_env");
    c.api_secret_env = cfg.get_string("api_secret_env");
    c.api_passphrase_env = cfg.get_string("api_passphrase_env");
    const int set = !c.api_key_env.empty() + !c.api_secret_env.empty() + !c.api_passphrase_env.empty();
    if (set != 0 && set != 3)
        throw ConfigError("api_key_env, api_secret_env, api_passphrase_env: name all three or none (derive them)");
    c.api_nonce = static_cast<uint64_t>(cfg.get_int("api_nonce"));
    const std::string st = cfg.get_string("signature_type");
    auto type = parse_signature_type(st);
    if (!type)
        throw ConfigError("signature_type: must be EOA, POLY_PROXY, POLY_GNOSIS_SAFE or POLY_1271, got '" + st + "'");
    c.account.type = *type;
    c.account.funder = cfg.get_string("funder");
    if (auto bad = check_account(c.account)) throw ConfigError("funder: " + *bad);
    c.tokens = cfg.get_list("tokens");
    for (const auto& t : c.tokens)
        if (!evm::uint_from_decimal(t)) throw ConfigError("tokens: '" + t + "' is not a decimal token id");
    c.market_ws_url = cfg.get_string("market_ws_url");
    c.user_ws_url = cfg.get_string("user_ws_url");
    c.max_assets_per_connection = static_cast<std::size_t>(cfg.get_int("max_assets_per_connection"));
    c.book_depth = static_cast<std::size_t>(cfg.get_int("book_depth"));
    c.ping_interval = ms(cfg.get_duration_ns("ping_interval"));
    c.reconnect_min = ms(cfg.get_duration_ns("reconnect_min"));
    c.reconnect_max = ms(cfg.get_duration_ns("reconnect_max"));
    if (c.reconnect_max < c.reconnect_min) throw ConfigError("reconnect_max: must not be below reconnect_min");
    if (c.ping_interval.count() <= 0) throw ConfigError("ping_interval: must be positive");
    const std::string tif = cfg.get_string("default_tif");
    if (tif == "gtc") c.default_tif = TH_TIF_GTC;
    else if (tif == "ioc") c.default_tif = TH_TIF_IOC;
    else if (tif == "fok") c.default_tif = TH_TIF_FOK;
    else throw ConfigError("default_tif: '" + tif + "' is not gtc, ioc or fok (Polymarket has no day orders)");
    c.verify_tls = cfg.get_bool("verify_tls");
    c.poll_interval = ms(cfg.get_duration_ns("poll_interval"));
    c.http_timeout = ms(cfg.get_duration_ns("http_timeout"));
    c.rate_limit_backoff = ms(cfg.get_duration_ns("rate_limit_backoff"));
    if (c.http_timeout.count() <= 0) throw ConfigError("http_timeout: must be positive");
    return c;
}

}  // namespace tradehost::polymarket
