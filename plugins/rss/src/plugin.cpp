// Exports the rss feed plugin: its ports, its config schema and the entry symbol.
#include "rss_feed.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::out_port("news", TH_EV_NEWS, "Each new story of every feed, once, oldest first"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS, "A feed failing (with its retry time) and recovering"),
};

constexpr th_config_field kConfig[] = {
    field("feeds", TH_CFG_STRING_LIST, nullptr, "Feed URLs, each optionally followed by its own interval: 'URL 30s'",
          TH_CFG_REQUIRED),
    field("interval", TH_CFG_DURATION, "60s", "Poll interval of feeds that name none"),
    field("max_backoff", TH_CFG_DURATION, "15m", "Longest wait after repeated failures"),
    field("timeout", TH_CFG_DURATION, "10s", "Limit of one request, connect included"),
    field("max_age", TH_CFG_DURATION, "0", "Skip stories published longer ago than this; 0: publish all"),
    field("source", TH_CFG_STRING, "", "th_news.source; empty: the feed's host name"),
    field("language", TH_CFG_STRING, "", "th_news.language (BCP 47), if the operator knows it"),
    field("remember", TH_CFG_INT, "2000", "Story ids remembered per feed, so none is published twice", 0, 1, 1e7),
    field("verify_tls", TH_CFG_BOOL, "true", "Check the server's certificate (leave on)"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::rss::RssFeed, "rss", "1.0.0", "feed",
                 "RSS 2.0 and Atom feeds polled with conditional requests, as news events", kPorts, kConfig)
