// polymarket: declared config keys and their validated, typed form.
#pragma once

#include "orders/order_builder.hpp"

#include <tradehost/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::polymarket {

/// The config schema the host checks before create. Bounds are inclusive.
inline constexpr th_config_field kConfigFields[] = {
    field("rest_url", TH_CFG_STRING, "https://clob.polymarket.com", "CLOB REST base URL (tests: the loopback double)"),
    field("chain_id", TH_CFG_INT, "137", "137 (Polygon) or 80002 (Amoy): the EIP-712 chain and exchange contracts", 0,
          1, 1e9),
    field("private_key_env", TH_CFG_STRING, "POLYMARKET_PRIVATE_KEY",
          "environment variable holding the wallet's private key (hex); signs ClobAuth and every order"),
    field("api_key_env", TH_CFG_STRING, "",
          "environment variable holding the CLOB API key; empty: derive (or create) credentials with the wallet"),
    field("api_secret_env", TH_CFG_STRING, "", "environment variable holding the CLOB API secret"),
    field("api_passphrase_env", TH_CFG_STRING, "", "environment variable holding the CLOB API passphrase"),
    field("api_nonce", TH_CFG_INT, "0", "the nonce under which API credentials are derived or created", 0, 0, 1e15),
    field("signature_type", TH_CFG_STRING, "EOA", "EOA | POLY_PROXY | POLY_GNOSIS_SAFE | POLY_1271"),
    field("funder", TH_CFG_STRING, "",
          "address holding the funds (proxy, safe or deposit wallet); required unless signature_type is EOA"),
    field("tokens", TH_CFG_STRING_LIST, "",
          "outcome token ids (decimal) to trade; each is an instrument named by its token id"),
    field("market_ws_url", TH_CFG_STRING, "wss://ws-subscriptions-clob.polymarket.com/ws/market",
          "market channel WebSocket URL; empty: no market data"),
    field("user_ws_url", TH_CFG_STRING, "wss://ws-subscriptions-clob.polymarket.com/ws/user",
          "user channel WebSocket URL (orders and trades); empty: reconcile over REST only"),
    field("max_assets_per_connection", TH_CFG_INT, "500",
          "tokens per market channel connection; more tokens open more connections", 0, 1, 100000),
    field("book_depth", TH_CFG_INT, "20", "levels per side in each published book", 0, 1, 1000),
    field("ping_interval", TH_CFG_DURATION, "10s", "the market channel's text PING heartbeat period", 0, 1e6,
          3600e9),
    field("reconnect_min", TH_CFG_DURATION, "250ms", "first reconnect delay of a WebSocket", 0, 1e6, 3600e9),
    field("reconnect_max", TH_CFG_DURATION, "30s", "largest reconnect delay of a WebSocket", 0, 1e6, 3600e9),
    field("default_tif", TH_CFG_STRING, "gtc",
          "time in force `tradehost order` sends without --tif: gtc, ioc (FAK) or fok (Polymarket has no day)"),
    field("verify_tls", TH_CFG_BOOL, "true", "verify TLS certificates (never off against the real venue)"),
    field("poll_interval", TH_CFG_DURATION, "5s", "how often orders and trades are reconciled over REST", 0, 1e6,
          3600e9),
    field("http_timeout", TH_CFG_DURATION, "10s", "timeout of one REST request", 0, 1e6, 600e9),
    field("rate_limit_backoff", TH_CFG_DURATION, "1s", "wait after a 429 without Retry-After", 0, 0, 600e9),
};

struct PolymarketConfig {
    std::string rest_url;  ///< no trailing slash
    uint64_t chain_id = 137;
    std::string private_key_env;
    std::string api_key_env, api_secret_env, api_passphrase_env;
    uint64_t api_nonce = 0;
    Account account;
    std::vector<std::string> tokens;
    std::string market_ws_url;
    std::string user_ws_url;
    std::size_t max_assets_per_connection = 500;
    std::size_t book_depth = 20;
    std::chrono::milliseconds ping_interval{10000};
    std::chrono::milliseconds reconnect_min{250}, reconnect_max{30000};
    uint8_t default_tif = TH_TIF_GTC;  ///< read by `tradehost order`
    bool verify_tls = true;
    std::chrono::milliseconds poll_interval{5000};
    std::chrono::milliseconds http_timeout{10000};
    std::chrono::milliseconds rate_limit_backoff{1000};

    /// Reads and checks every key; throws ConfigError naming the key.
    static PolymarketConfig load(const Config& cfg);
};

}  // namespace tradehost::polymarket
