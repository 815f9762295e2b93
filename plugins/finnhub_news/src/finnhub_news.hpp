// The finnhub_news plugin: Finnhub's market news (/news?category=) and company news
// (/company-news?symbol=&from=&to=) polled within Finnhub's rate limit (60 calls a minute on
// the free tier: calls are spaced evenly), each story published once as a th_news. A 429
// stops every call for a backoff (the limit is per key) and says so in a venue status; the
// ids published and each category's minId are saved, so a restart repeats nothing.
#ifndef TRADEHOST_FINNHUB_NEWS_FINNHUB_NEWS_HPP
#define TRADEHOST_FINNHUB_NEWS_FINNHUB_NEWS_HPP

#include "finnhub_message.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>

#include <deque>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace tradehost::finnhub_news {

enum Port : uint32_t { kNewsOut = 0, kStatusOut = 1 };

struct Settings {
    std::string base_url;             // "https://finnhub.io/api/v1", no trailing slash
    std::string token_env;
    std::vector<std::string> categories;
    std::vector<std::string> symbols;
    int64_t interval_ns = 0;          // per query
    int64_t spacing_ns = 0;           // between any two calls: 60 s / calls_per_minute
    int64_t lookback_ns = 0;          // company news: from = today - lookback
    int64_t rate_limit_backoff_ns = 0;
    int64_t max_backoff_ns = 0;
    int64_t timeout_ns = 0;
    std::string language;
    size_t remember = 0;
    bool verify_tls = true;
};

Settings read_settings(const Config& cfg);

struct Query {
    bool company = false;    // /company-news (key: symbol) or /news (key: category)
    std::string key;
    int64_t min_id = 0;      // market news: the newest id seen (Finnhub's minId)
    th_time_ns next_due = 0;
    int failures = 0;
};

class FinnhubNews {
public:
    FinnhubNews(Host host, const Config& cfg);
    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);

    /// The request URL of a query at `now` (tests check the parameters).
    std::string url(const Query& q, th_time_ns now) const;

private:
    void poll(Query& q, th_time_ns now);
    void publish_new(Query& q, std::vector<Article>& articles);
    void failed(Query& q, const std::string& why, th_time_ns now);
    void rate_limited(const venue::HttpResponse& r, th_time_ns now);
    void status(th_venue_state state, const std::string& text);
    bool seen(int64_t id) const { return seen_.count(id) != 0; }
    void remember(int64_t id);
    void load();
    void save();

    Host host_;
    Settings s_;
    std::string token_;
    std::vector<Query> queries_;
    std::deque<int64_t> order_;
    std::unordered_set<int64_t> seen_;
    std::unique_ptr<venue::HttpClient> http_;
    venue::json::Decoder dec_;
    th_time_ns next_call_ = 0;      // the rate limit's spacing
    th_time_ns blocked_until_ = 0;  // after a 429
    int limited_in_a_row_ = 0;
    bool down_ = false;             // the last call failed (status said so)
    bool announced_ = false;        // CONNECTED said once
    uint64_t timer_ = 0;
    bool timer_on_ = false;
    bool loaded_ = false;
};

}  // namespace tradehost::finnhub_news

#endif
