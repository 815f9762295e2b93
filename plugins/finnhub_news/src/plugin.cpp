// Exports the finnhub_news plugin: its ports, its config schema and the entry symbol.
#include "finnhub_news.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("news", TH_EV_NEWS, "Each Finnhub market or company story once, oldest first"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS, "Polling, failures, rate limiting (429) and recovery"),
};

constexpr th_config_field kConfig[] = {
    field("base_url", TH_CFG_STRING, "https://finnhub.io/api/v1", "Finnhub REST base"),
    field("token_env", TH_CFG_STRING, "FINNHUB_API_KEY", "Environment variable holding the API key"),
    field("categories", TH_CFG_STRING_LIST, "", "Market news categories to poll: general, forex, crypto, merger"),
    field("symbols", TH_CFG_STRING_LIST, "", "Symbols whose company news to poll (North American companies)"),
    field("interval", TH_CFG_DURATION, "60s", "Poll interval of each category and symbol"),
    field("calls_per_minute", TH_CFG_INT, "60", "The key's rate limit (free plan: 60); calls are spaced evenly", 0, 1,
          1800),
    field("company_lookback", TH_CFG_DURATION, "48h", "Company news: `from` is this long before today (UTC dates)", 0,
          0, 365 * 86400e9),
    field("rate_limit_backoff", TH_CFG_DURATION, "60s",
          "Wait after a 429 without Retry-After, doubled per 429 in a row", 0, 1e9, 3600e9),
    field("max_backoff", TH_CFG_DURATION, "15m", "Longest wait after failures or 429s", 0, 1e9, 86400e9),
    field("timeout", TH_CFG_DURATION, "10s", "Limit of one request, connect included", 0, 1e6, 600e9),
    field("language", TH_CFG_STRING, "en", "th_news.language of every story"),
    field("remember", TH_CFG_INT, "10000", "Story ids remembered (saved), so none is published twice", 0, 100, 1e7),
    field("verify_tls", TH_CFG_BOOL, "true", "Check the server's certificate (leave on)"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::finnhub_news::FinnhubNews, "finnhub_news", "1.0.0", "feed",
                 "Finnhub market and company news polled within its rate limit, as news events", kPorts, kConfig)
