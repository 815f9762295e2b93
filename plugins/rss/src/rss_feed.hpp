// The rss plugin: polls RSS/Atom feeds with conditional requests, each on its own interval,
// and publishes every new story once as a th_news. A failing feed backs off and says so in
// a venue-status event; the other feeds carry on.
#ifndef TRADEHOST_RSS_RSS_FEED_HPP
#define TRADEHOST_RSS_RSS_FEED_HPP

#include "feed_document.hpp"
#include "feed_state.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>

#include <map>
#include <memory>
#include <string>

namespace tradehost::rss {

enum Port : uint32_t { kNewsOut = 0, kStatusOut = 1 };

struct Settings {
    std::vector<std::pair<std::string, int64_t>> feeds;  // url, interval (ns)
    int64_t max_backoff_ns = 0;
    int64_t timeout_ns = 0;
    int64_t max_age_ns = 0;  // 0: no limit
    std::string source;      // "" : each feed's host
    std::string language;
    size_t remember = 0;     // ids kept per feed
    bool verify_tls = true;
};

/// Read and check the config; a bad feed entry names its index and text.
Settings read_settings(const Config& cfg);

class RssFeed {
public:
    RssFeed(Host host, const Config& cfg);
    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);

private:
    void poll(FeedState& f, th_time_ns now);
    void publish_new(FeedState& f, const FeedDocument& doc, th_time_ns now);
    void failed(FeedState& f, const std::string& why, th_time_ns now);
    void status(th_venue_state state, const std::string& text, th_time_ns now);
    void save();

    Host host_;
    Settings s_;
    std::map<std::string, FeedState> feeds_;
    std::unique_ptr<venue::HttpClient> http_;
    uint64_t timer_ = 0;
    bool timer_on_ = false;
    bool loaded_ = false;  // saved feed state read (once, at the first start)
};

/// The host part of an http(s) URL ("news.example.com"), or "" if it has none.
std::string url_host(const std::string& url);

}  // namespace tradehost::rss

#endif
