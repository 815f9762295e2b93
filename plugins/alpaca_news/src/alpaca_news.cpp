// The alpaca_news plugin; see alpaca_news.hpp.
#include "alpaca_news.hpp"

#include "item_ids.hpp"    // plugins/news_common
#include "utf8.hpp"        // plugins/news_common
#include "websocket.hpp"   // plugins/alpaca: the market-data stream's handshake and reconnects

#include <tradehost/venue/sign.hpp>

#include <algorithm>

namespace tradehost::alpaca_news {

namespace {

constexpr const char* kStateKey = "news";
constexpr int64_t kSecond = 1000000000;

std::chrono::milliseconds ms(int64_t ns) { return std::chrono::milliseconds(ns / 1000000); }

std::string trim_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
    s.stream_url = cfg.get_string("stream_url");
    if (s.stream_url.rfind("wss://", 0) != 0 && s.stream_url.rfind("ws://", 0) != 0)
        throw ConfigError("stream_url: expected a wss:// URL, got '" + s.stream_url + "'");
    s.rest_url = trim_slash(cfg.get_string("rest_url"));
    if (s.rest_url.rfind("https://", 0) != 0 && s.rest_url.rfind("http://", 0) != 0)
        throw ConfigError("rest_url: expected an https:// URL, got '" + s.rest_url + "'");
    s.key_env = cfg.get_string("key_env");
    s.secret_env = cfg.get_string("secret_env");
    if (s.key_env.empty() || s.secret_env.empty())
        throw ConfigError("key_env and secret_env: must name environment variables");
    s.symbols = cfg.get_list("symbols");
    for (const auto& sym : s.symbols)
        if (sym.empty() || sym.find_first_of(", \"") != std::string::npos)
            throw ConfigError("symbols: '" + sym + "' is not a symbol");
    if (s.symbols.size() == 1 && s.symbols[0] == "*") s.symbols.clear();
    s.language = cfg.get_string("language");
    s.verify_tls = cfg.get_bool("verify_tls");
    s.reconnect_min = ms(cfg.get_duration_ns("reconnect_min"));
    s.reconnect_max = ms(cfg.get_duration_ns("reconnect_max"));
    if (s.reconnect_max < s.reconnect_min) throw ConfigError("reconnect_max: must not be below reconnect_min");
    s.http_timeout = ms(cfg.get_duration_ns("http_timeout"));
    s.rate_limit_backoff = ms(cfg.get_duration_ns("rate_limit_backoff"));
    s.max_rate_limit_waits = static_cast<int>(cfg.get_int("max_rate_limit_waits"));
    s.overlap_ns = cfg.get_duration_ns("backfill_overlap");
    s.max_backfill_ns = cfg.get_duration_ns("max_backfill");
    if (s.max_backfill_ns <= 0) throw ConfigError("max_backfill: must be positive");
    s.backfill_on_start = cfg.get_bool("backfill_on_start");
    s.remember = static_cast<size_t>(cfg.get_int("remember"));
    return s;
}

std::string news_subscribe_message(const std::vector<std::string>& symbols) {
    std::string s = "{\"action\":\"subscribe\",\"news\":[";
    if (symbols.empty()) s += "\"*\"";
    for (size_t i = 0; i < symbols.size(); ++i) s += (i ? "," : "") + venue::json::quote(symbols[i]);
    return s + "]}";
}

AlpacaNews::AlpacaNews(Host host, const Config& cfg) : host_(host), s_(read_settings(cfg)), seen_(s_.remember) {}

AlpacaNews::~AlpacaNews() { stop(); }

void AlpacaNews::start() {
    name_ = host_.instance_name();
    // Saved ids are read here, not in create: `tradehost validate` creates without a journal.
    if (!loaded_) {
        loaded_ = true;
        std::string blob;
        if (host_.state_get(kStateKey, blob)) {
            try {
                seen_.decode(blob);
            } catch (const std::exception& e) {
                host_.warn(std::string("ignoring saved news state: ") + e.what());
            }
            // A restart owes the stories created while the host was down.
            if (s_.backfill_on_start && seen_.owed_ns() == 0 && seen_.newest_ns() > 0) seen_.set_owed(seen_.newest_ns());
        }
    }
    // Credentials from the environment variables the config names; never logged.
    std::string key = host_.secret(s_.key_env);
    std::string secret = host_.secret(s_.secret_env);

    BackfillOptions bo;
    bo.rest_url = s_.rest_url;
    bo.key_id = key;
    bo.secret = secret;
    bo.symbols = s_.symbols;
    bo.verify_tls = s_.verify_tls;
    bo.timeout = s_.http_timeout;
    bo.rate_limit_backoff = s_.rate_limit_backoff;
    bo.max_rate_limit_waits = s_.max_rate_limit_waits;
    backfill_ = std::make_unique<Backfill>(
        std::move(bo), [this](std::chrono::milliseconds d) { return wait_for(d); },
        [this](std::chrono::milliseconds d) {
            host_.metric_add("rate_limited", 1);
            host_.warn("news backfill rate limited (429); retrying in " + std::to_string(d.count()) + "ms");
        });

    alpaca::StreamOptions so;
    so.url = s_.stream_url;
    so.key_id = key;
    so.secret = secret;
    so.verify_tls = s_.verify_tls;
    so.reconnect_min = s_.reconnect_min;
    so.reconnect_max = s_.reconnect_max;
    venue::secure_clear(secret);
    alpaca::DataStream::Handlers h;
    h.on_ready = [this] { on_ready(); };
    h.on_down = [this](std::string reason) { on_down(reason); };
    h.on_error = [this](int64_t code, std::string msg) { on_error(code, msg); };
    h.on_other = [this](std::string_view frame) { on_frame(frame); };
    stopping_ = false;
    stream_ = std::make_unique<alpaca::DataStream>(std::move(so), news_subscribe_message(s_.symbols), std::move(h));
    stream_->start();
    host_.info("alpaca news at " + s_.stream_url + (s_.symbols.empty() ? " (all symbols)" : ""));
}

void AlpacaNews::stop() {
    {
        std::lock_guard<std::mutex> l(wait_mu_);
        stopping_ = true;
    }
    wait_cv_.notify_all();
    if (stream_) stream_->stop();  // joins the stream thread: nothing below runs after this
    stream_.reset();
    backfill_.reset();
}

bool AlpacaNews::wait_for(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> l(wait_mu_);
    return !wait_cv_.wait_for(l, d, [this] { return stopping_.load(); });
}

void AlpacaNews::on_ready() {
    status(TH_VENUE_CONNECTED, "news: subscribed");
    const bool first = first_ready_;
    first_ready_ = false;
    if (seen_.owed_ns() != 0) backfill(seen_.owed_ns());
    else if (!first) host_.warn("news stream reconnected with nothing to backfill from");
}

void AlpacaNews::on_down(const std::string& reason) {
    host_.metric_add("reconnects", 1);
    host_.warn("news stream down: " + reason);
    status(TH_VENUE_DISCONNECTED, "news: " + reason);
    // What is created from here on comes back through the backfill after the reconnect. With
    // no story seen yet, from the time the stream went down.
    if (seen_.owed_ns() == 0) {
        seen_.set_owed(seen_.newest_ns() > 0 ? seen_.newest_ns() : host_.now());
        save();  // a restart during the outage owes the same
    }
}

void AlpacaNews::on_error(int64_t code, const std::string& msg) {
    // 402 auth failed, 406 connection limit exceeded, 409 insufficient subscription, ...:
    // Alpaca closes the connection after these; the stream reconnects with backoff.
    host_.error("news stream error " + std::to_string(code) + ": " + msg);
    status(TH_VENUE_DISCONNECTED, "news: error " + std::to_string(code) + " " + msg);
}

void AlpacaNews::on_frame(std::string_view frame) {
    std::vector<Story> stories;
    try {
        stories = parse_stream_news(dec_, frame);
    } catch (const simdjson::simdjson_error& e) {
        host_.warn(std::string("unreadable news frame: ") + e.what());
        return;
    }
    bool any = false;
    publish_new(stories, any);
    if (any) save();
}

void AlpacaNews::backfill(int64_t from_ns) {
    int64_t start = from_ns - s_.overlap_ns;
    const int64_t floor = host_.now() - s_.max_backfill_ns;
    if (start < floor) {
        host_.warn("news backfill limited to max_backfill; older stories are not read back");
        start = floor;
    }
    host_.metric_add("backfills", 1);
    bool ended = false;
    const BackfillResult r = backfill_->run(start, [&](std::vector<Story>& page) {
        bool any = false;
        if (!publish_new(page, any)) ended = true;
        if (any) save();
        return !ended;
    });
    host_.metric_add("backfill_pages", r.pages);
    if (r.complete) {
        seen_.set_owed(0);
        save();
        host_.info("news backfill from " + rfc3339_seconds(start) + " done (" + std::to_string(r.pages) + " pages)");
    } else if (!stopping_ && !ended) {
        // Owed still (and saved): the next reconnect or restart tries again.
        status(TH_VENUE_GAP, "news: gap since " + rfc3339_seconds(start) + ": " + r.error);
        host_.warn(r.error);
    }
}

bool AlpacaNews::publish_new(std::vector<Story>& stories, bool& any) {
    // The stream sends in creation order; a page is sorted by update time: publish by creation.
    std::stable_sort(stories.begin(), stories.end(),
                     [](const Story& a, const Story& b) { return a.created_ns < b.created_ns; });
    for (const Story& st : stories) {
        if (seen_.seen(st.id)) {
            host_.metric_add("repeats", 1);
            continue;
        }
        auto ev = make_event<th_news>(st.created_ns != 0 ? st.created_ns : host_.now());
        if (st.updated_ns != 0 && st.updated_ns != st.created_ns) ev.updated = st.updated_ns;
        news::copy_utf8(ev.id, std::to_string(st.id));
        news::copy_utf8(ev.source, st.source.empty() ? "alpaca" : st.source);
        news::copy_utf8(ev.language, s_.language);
        news::copy_utf8(ev.headline, st.headline);
        news::copy_utf8(ev.url, news::normalize_url(st.url));
        news::copy_utf8(ev.summary, st.summary);
        for (const std::string& sym : st.symbols) {
            if (ev.instrument_count == TH_NEWS_MAX_INSTRUMENTS) break;
            ev.instruments[ev.instrument_count++] = host_.intern(sym);
        }
        const th_status rc = host_.try_publish(kNewsOut, ev.hdr);
        if (rc == TH_ERR_AGAIN) return false;  // the session is ending: not remembered, not lost
        if (rc != TH_OK) {
            host_.error("news publish failed: " + std::to_string(rc));
            return false;
        }
        host_.metric_add("stories", 1);
        seen_.remember(st.id, st.created_ns);
        any = true;
    }
    return true;
}

void AlpacaNews::status(th_venue_state state, const std::string& text) {
    auto ev = make_event<th_venue_status>(host_.now());
    ev.state = state;
    news::copy_utf8(ev.venue, name_);
    news::copy_utf8(ev.text, text);
    host_.try_publish(kStatusOut, ev.hdr);
}

void AlpacaNews::save() {
    host_.state_put(kStateKey, seen_.encode());
}

}  // namespace tradehost::alpaca_news
