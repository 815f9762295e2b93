// exchange: declared config keys and their validated, typed form.
#pragma once

#include "dialect.hpp"
#include "registry.hpp"

#include <tradehost/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::exchange {

inline constexpr std::string_view kExchangeDocPrefix = "which exchange's dialect to speak: one of ";
inline constexpr auto kExchangeDoc =
    with_dialect_names<with_dialect_names_size(kExchangeDocPrefix, "")>(kExchangeDocPrefix, "");

inline constexpr th_config_field kConfigFields[] = {
    field("exchange", TH_CFG_STRING, nullptr, kExchangeDoc.text, TH_CFG_REQUIRED),
    field("environment", TH_CFG_STRING, "paper",
          "paper (the exchange's testnet/sandbox) or live: picks the default base URLs"),
    field("rest_url", TH_CFG_STRING, "", "REST base URL override (tests point it at a loopback double)"),
    field("stream_url", TH_CFG_STRING, "", "market data stream base URL override"),
    field("user_stream_url", TH_CFG_STRING, "", "order/fill stream base URL override"),
    field("key_env", TH_CFG_STRING, "", "name of the environment variable holding the API key (empty: market data only)"),
    field("secret_env", TH_CFG_STRING, "", "name of the environment variable holding the API secret"),
    field("symbols", TH_CFG_STRING_LIST, "[]", "the venue's symbols to stream quotes and trades for (empty: no market data)"),
    field("trade_symbols", TH_CFG_STRING_LIST, "[]",
          "symbols reconciliation asks the venue about besides those of open orders (fills since the watermark)"),
    field("verify_tls", TH_CFG_BOOL, "true", "verify the venue's TLS certificates (never off against a real venue)"),
    field("reconnect_min", TH_CFG_DURATION, "250ms", "first reconnect delay of a stream", 0, 1e6, 3600e9),
    field("reconnect_max", TH_CFG_DURATION, "30s", "largest reconnect delay of a stream", 0, 1e6, 3600e9),
    field("request_timeout", TH_CFG_DURATION, "10s", "REST request timeout", 0, 1e8, 600e9),
    field("max_retries", TH_CFG_INT, "3", "how often a rate-limited request is retried after the venue's Retry-After", 0, 0, 20),
    field("book_depth", TH_CFG_INT, "0",
          "order-book levels per side published on the books port for each of `symbols` (0: no books)", 0, 0, 500),
    field("book_snapshot_limit", TH_CFG_INT, "1000",
          "levels per side of the REST snapshot a book is synced to (Binance GET /api/v3/depth limit)", 0, 5, 5000),
    field("poll_interval", TH_CFG_DURATION, "5s",
          "how often orders and fills are reconciled over REST while the order stream is down", 0, 1e6, 3600e9),
    field("default_tif", TH_CFG_STRING, "gtc",
          "time in force `tradehost order` sends without --tif: gtc, ioc or fok, as the dialect takes it "
          "(no crypto exchange here takes day on a limit order)"),
    field("fill_overlap", TH_CFG_DURATION, "60s",
          "reconciliation asks for fills this long before the ledger's watermark (clock skew, late prints)", 0, 0, 86400e9),
};

struct ExchangeConfig {
    std::string exchange;
    bool live = false;
    Urls urls;                      ///< defaults of the environment, with overrides applied
    std::string key_env, secret_env;
    std::vector<std::string> symbols, trade_symbols;
    bool verify_tls = true;
    std::chrono::milliseconds reconnect_min{250}, reconnect_max{30000}, request_timeout{10000};
    int max_retries = 3;
    std::chrono::nanoseconds fill_overlap{std::chrono::seconds(60)};
    int book_depth = 0;             ///< levels per side published; 0: no books
    int book_snapshot_limit = 1000; ///< REST snapshot depth (Binance)
    std::chrono::milliseconds poll_interval{5000};
    uint8_t default_tif = TH_TIF_GTC;  ///< checked against the dialect; read by `tradehost order`

    /// Reads and checks every key; throws ConfigError. `dialect` supplies the default URLs.
    static ExchangeConfig load(const Config& cfg, const Dialect& dialect);
};

}  // namespace tradehost::exchange
