// alpaca_news: the REST backfill of what the stream missed. GET /v1beta1/news with
// start=<time>, sort=asc, limit=50 and page_token pagination, authenticated with the
// APCA-API-KEY-ID / APCA-API-SECRET-KEY headers; a 429 waits as Alpaca says (Retry-After,
// else X-RateLimit-Reset, else the configured backoff) and tries the page again.
// Runs on the stream's thread, one page at a time, so live stories queue behind it.
#ifndef TRADEHOST_ALPACA_NEWS_BACKFILL_HPP
#define TRADEHOST_ALPACA_NEWS_BACKFILL_HPP

#include "news_message.hpp"

#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tradehost::alpaca_news {

struct BackfillOptions {
    std::string rest_url;                 ///< "https://data.alpaca.markets", no trailing slash
    std::string key_id;
    std::string secret;                   ///< sent only in its header, never logged
    std::vector<std::string> symbols;     ///< empty: all news
    bool verify_tls = true;
    std::chrono::milliseconds timeout{10000};
    std::chrono::milliseconds rate_limit_backoff{5000};  ///< a 429 without timing headers
    int max_rate_limit_waits = 5;         ///< per backfill, before giving up
};

struct BackfillResult {
    bool complete = false;   ///< every page read and handed over
    std::string error;       ///< why not, when not complete
    int pages = 0;
    int rate_limited = 0;    ///< 429 answers waited out
};

class Backfill {
public:
    /// `wait(d)` sleeps up to `d` and returns false if the plugin is stopping (then the
    /// backfill ends, incomplete). `on_rate_limit(d)` is told of each wait before it starts.
    Backfill(BackfillOptions options, std::function<bool(std::chrono::milliseconds)> wait,
             std::function<void(std::chrono::milliseconds)> on_rate_limit);
    ~Backfill();

    /// The URL of one page request (tests check the parameters).
    std::string page_url(int64_t start_ns, const std::string& page_token) const;
    /// Every story created at or after `start_ns`, page by page, oldest first. `on_page`
    /// returns false to stop (the host is ending the session).
    BackfillResult run(int64_t start_ns, const std::function<bool(std::vector<Story>&)>& on_page);

private:
    std::chrono::milliseconds rate_limit_wait(const venue::HttpResponse& r, int attempt) const;

    BackfillOptions opt_;
    std::function<bool(std::chrono::milliseconds)> wait_;
    std::function<void(std::chrono::milliseconds)> on_rate_limit_;
    std::unique_ptr<venue::HttpClient> http_;
    venue::json::Decoder dec_;
};

}  // namespace tradehost::alpaca_news

#endif
