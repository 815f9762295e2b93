// alpaca_news: REST backfill; see backfill.hpp. Endpoint, parameters and errors (403, 422,
// 429) from https://docs.alpaca.markets/reference/news-3; rate-limit headers from
// https://docs.alpaca.markets/docs/market-data-api (checked 2026-12-02).
#include "backfill.hpp"

#include <tradehost/venue/encoding.hpp>

#include <algorithm>
#include <ctime>

namespace tradehost::alpaca_news {

namespace {

// A header's value as a whole number, if it is one.
bool header_int(const venue::HttpResponse& r, const char* name, long long& out) {
    const std::string* h = r.header(name);
    if (h == nullptr || h->empty()) return false;
    try {
        size_t used = 0;
        out = std::stoll(*h, &used);
        return used == h->size();
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

Backfill::Backfill(BackfillOptions options, std::function<bool(std::chrono::milliseconds)> wait,
                   std::function<void(std::chrono::milliseconds)> on_rate_limit)
    : opt_(std::move(options)), wait_(std::move(wait)), on_rate_limit_(std::move(on_rate_limit)) {
    venue::HttpOptions h;
    h.verify_tls = opt_.verify_tls;
    h.timeout = opt_.timeout;
    h.connect_timeout = opt_.timeout;
    h.retry_429 = false;  // answered here, with Alpaca's own timing
    h.user_agent = "tradehost-alpaca-news/1";
    http_ = std::make_unique<venue::HttpClient>(h);
}

Backfill::~Backfill() = default;

std::string Backfill::page_url(int64_t start_ns, const std::string& page_token) const {
    std::string url = opt_.rest_url + "/v1beta1/news?start=" + venue::url_encode(rfc3339_seconds(start_ns)) +
                      "&sort=asc&limit=50";
    if (!opt_.symbols.empty()) {
        std::string list;
        for (const auto& s : opt_.symbols) list += (list.empty() ? "" : ",") + s;
        url += "&symbols=" + venue::url_encode(list);
    }
    if (!page_token.empty()) url += "&page_token=" + venue::url_encode(page_token);
    return url;
}

std::chrono::milliseconds Backfill::rate_limit_wait(const venue::HttpResponse& r, int attempt) const {
    using std::chrono::milliseconds;
    const milliseconds cap(60000);
    long long v = 0;
    if (header_int(r, "Retry-After", v) && v >= 0) return std::min(milliseconds(v * 1000), cap);
    // X-RateLimit-Reset: the Unix time (seconds) at which the minute's allowance refills.
    if (header_int(r, "X-RateLimit-Reset", v)) {
        const long long left = v - static_cast<long long>(std::time(nullptr));
        if (left >= 0 && left <= 60) return std::max(milliseconds(left * 1000), milliseconds(100));
    }
    milliseconds d = opt_.rate_limit_backoff;
    for (int i = 0; i < attempt && d < cap; ++i) d *= 2;
    return std::min(d, cap);
}

BackfillResult Backfill::run(int64_t start_ns, const std::function<bool(std::vector<Story>&)>& on_page) {
    BackfillResult res;
    std::string token;
    for (;;) {
        venue::HttpRequest req;
        req.url = page_url(start_ns, token);
        req.idempotent = true;
        req.headers.emplace_back("APCA-API-KEY-ID", opt_.key_id);
        req.headers.emplace_back("APCA-API-SECRET-KEY", opt_.secret);
        req.headers.emplace_back("Accept", "application/json");
        const venue::HttpResponse r = http_->send(req);
        if (!r.error.empty()) {
            res.error = "news backfill: " + r.error;
            return res;
        }
        if (r.status == 429) {
            if (res.rate_limited >= opt_.max_rate_limit_waits) {
                res.error = "news backfill: still rate limited (429) after " + std::to_string(res.rate_limited) + " waits";
                return res;
            }
            const auto d = rate_limit_wait(r, res.rate_limited);
            ++res.rate_limited;
            if (on_rate_limit_) on_rate_limit_(d);
            if (!wait_(d)) {
                res.error = "news backfill: stopped";
                return res;
            }
            continue;  // the same page again
        }
        if (r.status != 200) {
            // 403 forbidden (keys), 422 unprocessable (a parameter), 5xx.
            res.error = "news backfill: HTTP " + std::to_string(r.status) + " " + error_text(dec_, r.body);
            return res;
        }
        NewsPage page;
        try {
            page = parse_news_page(dec_, r.body);
        } catch (const simdjson::simdjson_error& e) {
            res.error = std::string("news backfill: unreadable page: ") + e.what();
            return res;
        }
        ++res.pages;
        if (!on_page(page.stories)) {
            res.error = "news backfill: stopped";
            return res;
        }
        if (page.next_page_token.empty()) break;
        if (page.next_page_token == token) {
            res.error = "news backfill: the same page token twice";
            return res;
        }
        token = std::move(page.next_page_token);
    }
    res.complete = true;
    return res;
}

}  // namespace tradehost::alpaca_news
