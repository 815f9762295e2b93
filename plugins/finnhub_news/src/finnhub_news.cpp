// The finnhub_news plugin; see finnhub_news.hpp. Endpoints, parameters, the X-Finnhub-Token
// header and the rate limit (60 calls/minute on the free plan, 30 calls/second on any, 429
// beyond) from https://finnhub.io/docs/api (checked 2026-12-02).
#include "finnhub_news.hpp"

#include "item_ids.hpp"         // plugins/news_common
#include "length_prefixed.hpp"  // plugins/news_common
#include "utf8.hpp"             // plugins/news_common

#include <tradehost/venue/encoding.hpp>

#include <algorithm>

namespace tradehost::finnhub_news {

namespace {

constexpr const char* kStateKey = "news";
constexpr int64_t kSecond = 1000000000;
constexpr int64_t kDay = 86400 * kSecond;

std::string seconds_text(int64_t ns) { return std::to_string((ns + kSecond - 1) / kSecond) + "s"; }

}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
    s.base_url = cfg.get_string("base_url");
    while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
    if (s.base_url.rfind("https://", 0) != 0 && s.base_url.rfind("http://", 0) != 0)
        throw ConfigError("base_url: expected an https:// URL, got '" + s.base_url + "'");
    s.token_env = cfg.get_string("token_env");
    if (s.token_env.empty()) throw ConfigError("token_env: must name an environment variable");
    s.categories = cfg.get_list("categories");
    for (const auto& c : s.categories)
        if (c != "general" && c != "forex" && c != "crypto" && c != "merger")
            throw ConfigError("categories: '" + c + "' is not one of Finnhub's: general, forex, crypto, merger");
    s.symbols = cfg.get_list("symbols");
    for (const auto& sym : s.symbols)
        if (sym.empty() || sym.find_first_of(", ") != std::string::npos)
            throw ConfigError("symbols: '" + sym + "' is not a symbol");
    if (s.categories.empty() && s.symbols.empty())
        throw ConfigError("categories, symbols: name at least one category or symbol to poll");
    s.interval_ns = cfg.get_duration_ns("interval");
    if (s.interval_ns < kSecond) throw ConfigError("interval: must be at least 1s");
    const int64_t per_minute = cfg.get_int("calls_per_minute");
    s.spacing_ns = 60 * kSecond / per_minute;
    s.lookback_ns = cfg.get_duration_ns("company_lookback");
    s.rate_limit_backoff_ns = cfg.get_duration_ns("rate_limit_backoff");
    s.max_backoff_ns = cfg.get_duration_ns("max_backoff");
    if (s.max_backoff_ns < s.rate_limit_backoff_ns)
        throw ConfigError("max_backoff: must not be below rate_limit_backoff");
    s.timeout_ns = cfg.get_duration_ns("timeout");
    s.language = cfg.get_string("language");
    s.remember = static_cast<size_t>(cfg.get_int("remember"));
    s.verify_tls = cfg.get_bool("verify_tls");
    return s;
}

FinnhubNews::FinnhubNews(Host host, const Config& cfg) : host_(host), s_(read_settings(cfg)) {
    for (const auto& c : s_.categories) queries_.push_back(Query{false, c, 0, 0, 0});
    for (const auto& sym : s_.symbols) queries_.push_back(Query{true, sym, 0, 0, 0});
    venue::HttpOptions o;
    o.max_attempts = 1;   // the plugin's own backoff and the rate limit decide retries
    o.retry_429 = false;
    o.verify_tls = s_.verify_tls;
    o.timeout = std::chrono::milliseconds(s_.timeout_ns / 1000000);
    o.connect_timeout = o.timeout;
    o.user_agent = "tradehost-finnhub-news/1";
    http_ = std::make_unique<venue::HttpClient>(o);
}

void FinnhubNews::start() {
    // The key from the environment variable the config names; never logged, sent only in
    // the X-Finnhub-Token header (not the `token` query parameter, which ends up in logs).
    token_ = host_.secret(s_.token_env);
    if (!loaded_) {
        loaded_ = true;
        load();
    }
    const th_time_ns now = host_.now();
    for (auto& q : queries_) q.next_due = now;
    timer_ = host_.timer_start(0, std::min(kSecond, s_.spacing_ns));
    timer_on_ = true;
}

void FinnhubNews::stop() {
    if (timer_on_) host_.timer_cancel(timer_);
    timer_on_ = false;
}

std::string FinnhubNews::url(const Query& q, th_time_ns now) const {
    if (!q.company) {
        std::string u = s_.base_url + "/news?category=" + venue::url_encode(q.key);
        if (q.min_id > 0) u += "&minId=" + std::to_string(q.min_id);
        return u;
    }
    return s_.base_url + "/company-news?symbol=" + venue::url_encode(q.key) + "&from=" + ymd(now - s_.lookback_ns) +
           "&to=" + ymd(now);
}

void FinnhubNews::on_timer(uint64_t, th_time_ns now) {
    if (now < blocked_until_ || now < next_call_) return;
    // One call per spacing: the query due longest.
    Query* due = nullptr;
    for (auto& q : queries_)
        if (q.next_due <= now && (due == nullptr || q.next_due < due->next_due)) due = &q;
    if (due == nullptr) return;
    next_call_ = now + s_.spacing_ns;
    poll(*due, now);
}

void FinnhubNews::poll(Query& q, th_time_ns now) {
    venue::HttpRequest req;
    req.url = url(q, now);
    req.idempotent = true;
    req.headers.emplace_back("X-Finnhub-Token", token_);
    req.headers.emplace_back("Accept", "application/json");
    const venue::HttpResponse r = http_->send(req);
    host_.metric_add("calls", 1);
    if (!r.error.empty()) return failed(q, r.error, now);
    if (r.status == 429) return rate_limited(r, now);
    if (r.status != 200) return failed(q, "HTTP " + std::to_string(r.status) + " " + error_text(dec_, r.body), now);
    std::vector<Article> articles;
    try {
        articles = parse_articles(dec_, r.body);
    } catch (const simdjson::simdjson_error& e) {
        return failed(q, std::string("unreadable answer: ") + e.what(), now);
    }
    limited_in_a_row_ = 0;
    q.failures = 0;
    q.next_due = now + s_.interval_ns;
    if (down_ || !announced_) {
        status(TH_VENUE_CONNECTED, down_ ? "finnhub: recovered" : "finnhub: polling");
        down_ = false;
        announced_ = true;
    }
    publish_new(q, articles);
}

void FinnhubNews::publish_new(Query& q, std::vector<Article>& articles) {
    // Finnhub lists newest first: publish oldest first.
    std::stable_sort(articles.begin(), articles.end(),
                     [](const Article& a, const Article& b) { return a.datetime_ns < b.datetime_ns; });
    bool changed = false;
    for (const Article& a : articles) {
        if (!q.company && a.id > q.min_id) {
            q.min_id = a.id;
            changed = true;
        }
        if (seen(a.id)) {
            host_.metric_add("repeats", 1);
            continue;
        }
        auto ev = make_event<th_news>(a.datetime_ns != 0 ? a.datetime_ns : host_.now());
        news::copy_utf8(ev.id, std::to_string(a.id));
        news::copy_utf8(ev.source, a.source.empty() ? "finnhub" : a.source);
        news::copy_utf8(ev.language, s_.language);
        news::copy_utf8(ev.headline, a.headline);
        news::copy_utf8(ev.url, news::normalize_url(a.url));
        news::copy_utf8(ev.summary, a.summary);
        auto add = [&](const std::string& sym) {
            const th_instrument id = host_.intern(sym);
            for (uint16_t i = 0; i < ev.instrument_count; ++i)
                if (ev.instruments[i] == id) return;
            if (ev.instrument_count < TH_NEWS_MAX_INSTRUMENTS) ev.instruments[ev.instrument_count++] = id;
        };
        if (q.company) add(q.key);
        for (const auto& sym : a.related) add(sym);
        if (!host_.publish(kNewsOut, ev)) break;
        host_.metric_add("stories", 1);
        remember(a.id);
        changed = true;
    }
    if (changed) save();  // after publishing: write-ahead, as the state API asks
}

void FinnhubNews::failed(Query& q, const std::string& why, th_time_ns now) {
    ++q.failures;
    host_.metric_add("failures", 1);
    int64_t wait = s_.interval_ns;
    for (int k = 0; k < q.failures && wait < s_.max_backoff_ns; ++k) wait *= 2;
    wait = std::min(wait, s_.max_backoff_ns);
    q.next_due = now + wait;
    const std::string text = "finnhub " + std::string(q.company ? "company-news " : "news ") + q.key + ": " + why +
                             "; retry in " + seconds_text(wait);
    host_.warn(text);
    status(TH_VENUE_DISCONNECTED, text);
    down_ = true;
}

void FinnhubNews::rate_limited(const venue::HttpResponse& r, th_time_ns now) {
    // The limit is per key: every query waits. Retry-After when Finnhub sends one, else the
    // configured backoff, doubled per 429 in a row.
    int64_t wait = s_.rate_limit_backoff_ns;
    for (int k = 0; k < limited_in_a_row_ && wait < s_.max_backoff_ns; ++k) wait *= 2;
    if (const std::string* ra = r.header("Retry-After")) {
        try {
            wait = std::stoll(*ra) * kSecond;
        } catch (const std::exception&) {
        }
    }
    wait = std::clamp<int64_t>(wait, s_.spacing_ns, s_.max_backoff_ns);
    ++limited_in_a_row_;
    blocked_until_ = now + wait;
    host_.metric_add("rate_limited", 1);
    const std::string text = "finnhub: rate limited (429); retry in " + seconds_text(wait);
    host_.warn(text);
    status(TH_VENUE_DISCONNECTED, text);
    down_ = true;
}

void FinnhubNews::status(th_venue_state state, const std::string& text) {
    auto ev = make_event<th_venue_status>(host_.now());
    ev.state = state;
    news::copy_utf8(ev.venue, host_.instance_name());
    news::copy_utf8(ev.text, text);
    host_.publish(kStatusOut, ev);
}

void FinnhubNews::remember(int64_t id) {
    if (!seen_.insert(id).second) return;
    order_.push_back(id);
    while (order_.size() > s_.remember) {
        seen_.erase(order_.front());
        order_.pop_front();
    }
}

// Versioned text: "finnhub_news_state 1", "min <category> <id>" per market query (category
// as <length>:<bytes>), "seen <id>" lines oldest first.
void FinnhubNews::save() {
    std::string out = "finnhub_news_state 1\n";
    for (const auto& q : queries_) {
        if (q.company || q.min_id == 0) continue;
        out += "min ";
        news::put_string(out, q.key);
        out += " " + std::to_string(q.min_id) + "\n";
    }
    for (int64_t id : order_) out += "seen " + std::to_string(id) + "\n";
    host_.state_put(kStateKey, out);
}

void FinnhubNews::load() {
    std::string blob;
    if (!host_.state_get(kStateKey, blob)) return;
    try {
        news::LengthPrefixedReader r(blob, "finnhub_news state");
        if (r.word() != "finnhub_news_state" || r.word() != "1") r.fail("'finnhub_news_state 1'");
        std::vector<std::pair<std::string, int64_t>> mins;
        std::vector<int64_t> ids;
        while (!r.done()) {
            const std::string_view tag = r.word();
            if (tag == "min") {
                std::string key = r.str();
                mins.emplace_back(std::move(key), r.integer());
            } else if (tag == "seen") {
                ids.push_back(r.integer());
            } else {
                r.fail("'min' or 'seen'");
            }
        }
        for (auto& q : queries_)
            for (const auto& [key, id] : mins)
                if (!q.company && q.key == key) q.min_id = id;
        for (int64_t id : ids) remember(id);
    } catch (const std::exception& e) {
        // Costs only repeats, which news_dedup downstream drops.
        host_.warn(std::string("ignoring saved news state: ") + e.what());
    }
}

}  // namespace tradehost::finnhub_news
