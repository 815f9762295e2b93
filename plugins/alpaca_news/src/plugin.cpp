// Exports the alpaca_news plugin: its ports, its config schema and the entry symbol.
#include "alpaca_news.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("news", TH_EV_NEWS, "Each Alpaca news story once (stream, then backfill after a gap)"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS, "Stream connected/disconnected, Alpaca's error codes, backfill gaps"),
};

constexpr th_config_field kConfig[] = {
    field("stream_url", TH_CFG_STRING, "wss://stream.data.alpaca.markets/v1beta1/news",
          "Real-time news WebSocket (sandbox: wss://stream.data.sandbox.alpaca.markets/v1beta1/news)"),
    field("rest_url", TH_CFG_STRING, "https://data.alpaca.markets", "Market Data API base of the news backfill"),
    field("key_env", TH_CFG_STRING, "APCA_API_KEY_ID", "Environment variable holding the API key id"),
    field("secret_env", TH_CFG_STRING, "APCA_API_SECRET_KEY", "Environment variable holding the API secret key"),
    field("symbols", TH_CFG_STRING_LIST, "", "Symbols whose news to stream; empty or [\"*\"]: all news"),
    field("language", TH_CFG_STRING, "en", "th_news.language of every story (Alpaca's news is English)"),
    field("verify_tls", TH_CFG_BOOL, "true", "Check the server's certificate (never off against Alpaca)"),
    field("reconnect_min", TH_CFG_DURATION, "250ms", "First reconnect delay of the stream", 0, 1e6, 3600e9),
    field("reconnect_max", TH_CFG_DURATION, "30s", "Largest reconnect delay of the stream", 0, 1e6, 3600e9),
    field("http_timeout", TH_CFG_DURATION, "10s", "Timeout of one backfill request", 0, 1e6, 600e9),
    field("rate_limit_backoff", TH_CFG_DURATION, "5s",
          "Wait after a 429 that carries neither Retry-After nor a near X-RateLimit-Reset (doubles per repeat)", 0, 0,
          600e9),
    field("max_rate_limit_waits", TH_CFG_INT, "5", "429 answers one backfill waits out before it reports a gap", 0, 0,
          100),
    field("backfill_overlap", TH_CFG_DURATION, "5m",
          "The backfill starts this long before the newest story seen (late-arriving stories; repeats are dropped)", 0,
          0, 86400e9),
    field("max_backfill", TH_CFG_DURATION, "24h", "Furthest back a backfill reads after a long outage", 0, 1e9,
          31 * 86400e9),
    field("backfill_on_start", TH_CFG_BOOL, "true", "After a restart, read back what was created while it was down"),
    field("remember", TH_CFG_INT, "10000", "Story ids remembered (saved), so none is published twice", 0, 100, 1e7),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::alpaca_news::AlpacaNews, "alpaca_news", "1.0.0", "feed",
                 "Alpaca real-time news (WebSocket) with a REST backfill after gaps, as news events", kPorts, kConfig)
