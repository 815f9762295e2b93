// The rss plugin; see rss_feed.hpp.
#include "rss_feed.hpp"

#include "item_ids.hpp"  // plugins/news_common
#include "redirects.hpp"
#include "utf8.hpp"      // plugins/news_common

#include <algorithm>
#include <sstream>

namespace tradehost::rss {

using news::normalize_url;
using news::story_id;
using news::copy_utf8;

namespace {

constexpr const char* kStateKey = "feeds";
constexpr int64_t kSecond = 1000000000;

std::string seconds_text(int64_t ns) {
    std::ostringstream o;
    o << (ns / kSecond) << "s";
    return o.str();
}

}  // namespace

std::string url_host(const std::string& url) {
    const size_t colon = url.find("://");
    if (colon == std::string::npos) return "";
    const size_t b = colon + 3, e = url.find_first_of(":/?#", b);
    return url.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

Settings read_settings(const Config& cfg) {
    Settings s;
    const int64_t interval = cfg.get_duration_ns("interval");
    const auto list = cfg.get_list("feeds");
    if (list.empty()) throw ConfigError("feeds: at least one feed URL is required");
    for (size_t i = 0; i < list.size(); ++i) {
        std::istringstream in(list[i]);
        std::string url, every, extra;
        in >> url >> every >> extra;
        const std::string where = "feeds[" + std::to_string(i) + "] '" + list[i] + "': ";
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
            throw ConfigError(where + "expected an http:// or https:// URL, optionally followed by an interval");
        int64_t ns = interval;
        if (!every.empty() && !parse_duration_ns(every, ns)) throw ConfigError(where + "'" + every + "' is not a duration");
        if (!extra.empty()) throw ConfigError(where + "expected 'URL [interval]'");
        if (ns < kSecond / 10) throw ConfigError(where + "the interval must be at least 100ms");
        for (const auto& [u, _] : s.feeds)
            if (u == url) throw ConfigError(where + "listed twice");
        s.feeds.emplace_back(url, ns);
    }
    s.max_backoff_ns = cfg.get_duration_ns("max_backoff");
    s.timeout_ns = cfg.get_duration_ns("timeout");
    s.max_age_ns = cfg.get_duration_ns("max_age");
    s.source = cfg.get_string("source");
    s.language = cfg.get_string("language");
    s.remember = static_cast<size_t>(cfg.get_int("remember"));
    s.verify_tls = cfg.get_bool("verify_tls");
    return s;
}

RssFeed::RssFeed(Host host, const Config& cfg) : host_(host), s_(read_settings(cfg)) {
    for (const auto& [url, interval] : s_.feeds) {
        FeedState f;
        f.url = url;
        f.interval_ns = interval;
        feeds_.emplace(url, std::move(f));
    }
    venue::HttpOptions opts;
    opts.max_attempts = 1;  // the plugin's own backoff decides when to try again
    opts.verify_tls = s_.verify_tls;
    opts.timeout = std::chrono::milliseconds(s_.timeout_ns / 1000000);
    opts.connect_timeout = opts.timeout;
    opts.user_agent = "tradehost-rss/1";
    http_ = std::make_unique<venue::HttpClient>(opts);
}

void RssFeed::start() {
    // The saved validators and ids are read here, not in create: `tradehost validate`
    // creates instances without a journal.
    if (!loaded_) {
        loaded_ = true;
        std::string blob;
        if (host_.state_get(kStateKey, blob)) {
            try {
                decode_state(blob, feeds_, s_.remember);
            } catch (const std::exception& e) {
                // A damaged blob costs only re-fetching: dedup downstream drops repeats.
                host_.warn(std::string("ignoring saved feed state: ") + e.what());
            }
        }
    }
    // One tick drives every feed; it is as fine as the shortest interval, at most 1s.
    int64_t tick = kSecond;
    for (const auto& [url, f] : feeds_) tick = std::min(tick, f.interval_ns);
    const th_time_ns now = host_.now();
    for (auto& [url, f] : feeds_) f.next_due = now;
    timer_ = host_.timer_start(0, tick);
    timer_on_ = true;
}

void RssFeed::stop() {
    if (timer_on_) host_.timer_cancel(timer_);
    timer_on_ = false;
}

void RssFeed::on_timer(uint64_t, th_time_ns now) {
    for (auto& [url, f] : feeds_)
        if (f.next_due <= now) poll(f, now);
}

void RssFeed::poll(FeedState& f, th_time_ns now) {
    venue::HttpRequest req;
    req.url = f.url;
    req.idempotent = true;
    req.headers.emplace_back("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8");
    if (!f.etag.empty()) req.headers.emplace_back("If-None-Match", f.etag);
    if (!f.last_modified.empty()) req.headers.emplace_back("If-Modified-Since", f.last_modified);
    venue::HttpResponse resp = http_->send(req);
    host_.metric_add("polls", 1);
    // The venue kit's client never follows redirects (for a venue API one is an error);
    // feeds move, so follow up to five, each as a conditional request to the new place.
    for (int hop = 0; hop < 5 && resp.error.empty() && is_redirect(resp.status); ++hop) {
        const std::string* location = resp.header("Location");
        if (location == nullptr || location->empty()) break;
        req.url = resolve_location(req.url, *location);
        resp = http_->send(req);
        host_.metric_add("redirects", 1);
    }
    if (!resp.error.empty()) return failed(f, resp.error, now);
    if (resp.status == 304) {
        host_.metric_add("not_modified", 1);
    } else if (resp.status == 200) {
        FeedDocument doc;
        try {
            doc = parse_feed(resp.body);
        } catch (const std::exception& e) {
            return failed(f, std::string("malformed feed: ") + e.what(), now);
        }
        if (const std::string* etag = resp.header("ETag")) f.etag = *etag;
        if (const std::string* lm = resp.header("Last-Modified")) f.last_modified = *lm;
        publish_new(f, doc, now);
    } else {
        return failed(f, "HTTP " + std::to_string(resp.status), now);
    }
    if (f.reported_down) {
        f.reported_down = false;
        // The instance is up only when every feed is: the host's /healthz shows this state.
        std::string down;
        for (const auto& [url, o] : feeds_)
            if (o.reported_down) down += (down.empty() ? "" : ", ") + url;
        if (down.empty()) status(TH_VENUE_CONNECTED, f.url + ": recovered", now);
        else status(TH_VENUE_DISCONNECTED, f.url + ": recovered; still failing: " + down, now);
    }
    f.failures = 0;
    f.next_due = now + f.interval_ns;
}

void RssFeed::publish_new(FeedState& f, const FeedDocument& doc, th_time_ns now) {
    struct New {
        const FeedItem* item;
        std::string id;
        th_time_ns ts;
    };
    std::vector<New> fresh;
    for (const FeedItem& it : doc.items) {
        std::string id = story_id(it.id, it.link, it.title.empty() ? it.summary : it.title);
        if (id.empty() || f.seen(id)) continue;
        if (!it.bad_date.empty()) host_.warn(f.url + ": unreadable date '" + it.bad_date + "' on " + id);
        fresh.push_back(New{&it, std::move(id), it.published.value_or(now)});
    }
    // Oldest first, so consumers see stories in the order they were published.
    std::stable_sort(fresh.begin(), fresh.end(), [](const New& a, const New& b) { return a.ts < b.ts; });
    const std::string source = s_.source.empty() ? url_host(f.url) : s_.source;
    bool changed = false;
    for (const New& n : fresh) {
        const bool too_old = s_.max_age_ns > 0 && n.ts < now - s_.max_age_ns;
        if (!too_old) {
            auto ev = make_event<th_news>(n.ts);
            const FeedItem& it = *n.item;
            if (it.updated && *it.updated != n.ts) ev.updated = *it.updated;
            copy_utf8(ev.id, n.id);
            copy_utf8(ev.source, source);
            copy_utf8(ev.language, s_.language);
            copy_utf8(ev.headline, it.title.empty() ? it.summary : it.title);
            copy_utf8(ev.url, normalize_url(it.link));
            copy_utf8(ev.summary, it.summary);
            if (!host_.publish(kNewsOut, ev)) return;
            host_.metric_add("stories", 1);
        } else {
            host_.metric_add("too_old", 1);
        }
        f.remember(n.id, s_.remember);
        changed = true;
    }
    if (changed || !f.etag.empty() || !f.last_modified.empty()) save();
}

void RssFeed::failed(FeedState& f, const std::string& why, th_time_ns now) {
    ++f.failures;
    host_.metric_add("failures", 1);
    // Exponential backoff from the feed's interval, capped; deterministic so a replayed
    // session polls at the same times.
    int64_t wait = f.interval_ns;
    for (int k = 0; k < f.failures && wait < s_.max_backoff_ns; ++k) wait *= 2;
    wait = std::min(wait, s_.max_backoff_ns);
    f.next_due = now + wait;
    const std::string text = f.url + ": " + why + "; retry in " + seconds_text(wait);
    host_.warn(text + " (failure " + std::to_string(f.failures) + ")");
    // Every failure says so (not GAP, which the host reads as "connected again, something
    // may have been missed"): a feed that keeps failing keeps the instance degraded.
    status(TH_VENUE_DISCONNECTED, text, now);
    f.reported_down = true;
}

void RssFeed::status(th_venue_state state, const std::string& text, th_time_ns now) {
    auto ev = make_event<th_venue_status>(now);
    ev.state = state;
    copy_utf8(ev.venue, host_.instance_name());
    copy_utf8(ev.text, text);
    host_.publish(kStatusOut, ev);
}

void RssFeed::save() { host_.state_put(kStateKey, encode_state(feeds_)); }

}  // namespace tradehost::rss
