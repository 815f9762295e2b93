// The odds_api feed; see odds_feed.hpp.
#include "odds_feed.hpp"

#include "utf8.hpp"  // plugins/news_common

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

namespace tradehost::odds_api {

using news::copy_utf8;

namespace {

constexpr const char* kStateKey = "selections";
constexpr int64_t kSecond = 1000000000;

std::string seconds_text(int64_t ns) { return std::to_string(ns / kSecond) + "s"; }

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::optional<int64_t> header_int(const venue::HttpResponse& r, const char* name) {
    const std::string* h = r.header(name);
    if (h == nullptr) return std::nullopt;
    double v = 0;  // x-requests-used may be fractional on some plans; the metric rounds down
    const auto [p, ec] = std::from_chars(h->data(), h->data() + h->size(), v);
    if (ec != std::errc() || v < 0) return std::nullopt;
    return static_cast<int64_t>(v);
}

uint8_t market_kind(const std::string& m) {
    if (m == "h2h") return TH_ODDS_H2H;
    if (m == "spreads") return TH_ODDS_SPREAD;
    if (m == "totals") return TH_ODDS_TOTAL;
    if (m == "outrights") return TH_ODDS_OUTRIGHT;
    return TH_ODDS_OTHER;
}

// Names travel in a tab-separated state blob and in symbols: no control characters.
std::string clean(std::string s) {
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return s;
}

}  // namespace

std::string OddsFeed::Poll::path() const { return "/v4/sports/" + sport + (kind == Kind::Odds ? "/odds" : "/scores"); }

OddsFeed::OddsFeed(Host host, const Config& cfg) : host_(host), s_(read_settings(cfg)) {
    for (const auto& sport : s_.sports) {
        polls_.push_back(Poll{sport, Kind::Odds, s_.interval_ns});
        if (s_.scores_interval_ns > 0) polls_.push_back(Poll{sport, Kind::Scores, s_.scores_interval_ns});
    }
    venue::HttpOptions opts;
    opts.max_attempts = 1;  // the feed's own backoff and quota pacing decide when to try again
    opts.verify_tls = s_.verify_tls;
    opts.timeout = std::chrono::milliseconds(s_.timeout_ns / 1000000);
    opts.connect_timeout = opts.timeout;
    opts.user_agent = "tradehost-odds_api/1";
    http_ = std::make_unique<venue::HttpClient>(opts);
}

std::string OddsFeed::url_of(const Poll& p) const {
    // The key goes first only in this string, which is never logged: messages use path().
    std::string url = s_.base_url + p.path() + "?apiKey=" + key_;
    if (p.kind == Kind::Odds) {
        if (s_.bookmakers.empty()) url += "&regions=" + s_.regions;
        else url += "&bookmakers=" + join(s_.bookmakers);
        url += "&markets=" + join(s_.markets);
        url += std::string("&oddsFormat=") + (s_.format == OddsFormat::Decimal ? "decimal" : "american");
        url += "&dateFormat=iso";
    } else {
        url += "&daysFrom=" + std::to_string(s_.days_from) + "&dateFormat=iso";
    }
    return url;
}

void OddsFeed::start() {
    // The key and the saved selections are read here, not in create: `tradehost validate`
    // creates instances without the environment's secrets or a journal.
    if (s_.replay_dir.empty()) {
        try {
            key_ = host_.secret(s_.key_env);
        } catch (const NotFoundError&) {
            throw NotFoundError("key_env: the environment variable " + s_.key_env +
                                " (The Odds API key) is not set; set it, or use replay_dir to run offline");
        }
    }
    if (!loaded_) {
        loaded_ = true;
        std::string blob;
        if (host_.state_get(kStateKey, blob)) {
            try {
                selections_.decode(blob);
            } catch (const std::exception& e) {
                // Costs the settlements of events priced before the restart; say so loudly.
                host_.warn(std::string("ignoring saved selections (their events will not be settled): ") + e.what());
            }
        }
    }
    int64_t tick = kSecond;
    for (const Poll& p : polls_) tick = std::min(tick, p.interval_ns);
    const th_time_ns now = host_.now();
    for (Poll& p : polls_) p.next_due = now;
    timer_ = host_.timer_start(0, tick);
    timer_on_ = true;
}

void OddsFeed::stop() {
    if (timer_on_) host_.timer_cancel(timer_);
    timer_on_ = false;
}

void OddsFeed::on_timer(uint64_t, th_time_ns now) {
    if (!s_.replay_dir.empty()) {
        // One recorded response per poll per tick, in config order: the same events in the
        // same order on every run, however fast the clock runs.
        bool all_done = true;
        for (Poll& p : polls_) {
            if (!p.done) poll(p, now);
            all_done &= p.done;
        }
        if (all_done) {
            stop();
            host_.info("replay finished: every recorded response was read");
            host_.source_finished();
        }
        return;
    }
    for (Poll& p : polls_)
        if (p.next_due <= now) poll(p, now);
}

bool OddsFeed::replay(Poll& p, venue::HttpResponse& out) {
    const std::string file = s_.replay_dir + "/" + p.sport + (p.kind == Kind::Odds ? ".odds." : ".scores.") +
                             std::to_string(p.replayed + 1) + ".json";
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::ostringstream body;
    body << in.rdbuf();
    ++p.replayed;
    out.status = 200;
    out.body = body.str();
    return true;
}

void OddsFeed::poll(Poll& p, th_time_ns now) {
    venue::HttpResponse r;
    if (!s_.replay_dir.empty()) {
        if (!replay(p, r)) {
            p.done = true;
            return;
        }
    } else {
        venue::HttpRequest req;
        req.url = url_of(p);
        req.idempotent = true;
        req.headers.emplace_back("Accept", "application/json");
        r = http_->send(req);
    }
    host_.metric_add("requests", 1);
    if (!r.error.empty()) return failed(p, "no answer", r.error, 0, now);
    const bool spent = !read_quota(r, p, now);
    if (r.status == 200) {
        try {
            if (p.kind == Kind::Odds) on_odds(r.body, p, now);
            else on_scores(r.body, p, now);
        } catch (const std::exception& e) {
            return failed(p, "malformed response", e.what(), 0, now);
        }
        p.failures = 0;
        p.next_due = now + p.interval_ns * (slow_ ? s_.slow_factor : 1);
        if (spent) {
            // Stays DISCONNECTED (read_quota said so) until a poll after the pause succeeds.
            for (Poll& q : polls_) q.next_due = std::max(q.next_due, now + s_.quota_retry_ns);
            return;
        }
        recovered(p, now);
        return;
    }
    const ApiError e = parse_error(r.body);
    std::string why = "HTTP " + std::to_string(r.status);
    if (!e.code.empty()) why += " " + e.code;
    const std::string& detail = e.message;
    if (r.status == 429) {
        // EXCEEDED_FREQ_LIMIT: too many calls at once (30/s), not the quota. Honour
        // Retry-After when sent, else back off from one second.
        host_.metric_add("rate_limited", 1);
        int64_t wait = 0;
        if (auto ra = header_int(r, "Retry-After")) wait = *ra * kSecond;
        if (wait == 0) {
            wait = kSecond;
            for (int k = 0; k < p.failures && wait < s_.max_backoff_ns; ++k) wait *= 2;
        }
        return failed(p, why, detail, std::min(wait, s_.max_backoff_ns), now);
    }
    if (r.status == 401 && e.code == "OUT_OF_USAGE_CREDITS") return failed(p, why, detail, s_.quota_retry_ns, now);
    // A bad, missing or deactivated key (401) or a parameter the API refuses (422: an unknown
    // market or region) will not mend by itself: try again only after the longest backoff.
    if (r.status == 401 || r.status == 403 || r.status == 422) return failed(p, why, detail, s_.max_backoff_ns, now);
    failed(p, why, detail, 0, now);
}

bool OddsFeed::read_quota(const venue::HttpResponse& r, Poll& p, th_time_ns now) {
    const auto remaining = header_int(r, "x-requests-remaining");
    const auto used = header_int(r, "x-requests-used");
    const auto last = header_int(r, "x-requests-last");
    if (last) host_.metric_add("quota_spent", *last);
    if (used) gauge("quota_used", used_ = *used, used_gauge_);
    if (!remaining) return true;
    remaining_ = *remaining;
    gauge("quota_remaining", remaining_, remaining_gauge_);
    const bool slow = remaining_ < s_.slow_below;
    if (slow != slow_) {
        slow_ = slow;
        if (slow) host_.metric_add("quota_slowdowns", 1);
        const std::string text = slow ? "quota low: " + std::to_string(remaining_) + " requests left (below " +
                                            std::to_string(s_.slow_below) + "), polling " + std::to_string(s_.slow_factor) +
                                            "x less often"
                                      : "quota restored: " + std::to_string(remaining_) + " requests left, polling at full rate";
        host_.warn(text);
        bool any_down = false;
        for (const Poll& q : polls_) any_down |= q.down;
        status(any_down ? TH_VENUE_DISCONNECTED : TH_VENUE_CONNECTED, text, now);
    }
    // The dearest call this feed makes costs markets x regions; below that, stop until the
    // quota resets rather than be refused with OUT_OF_USAGE_CREDITS.
    const int64_t regions = s_.bookmakers.empty() ? 1 + std::count(s_.regions.begin(), s_.regions.end(), ',')
                                                  : static_cast<int64_t>((s_.bookmakers.size() + 9) / 10);
    const int64_t cost = std::max<int64_t>(static_cast<int64_t>(s_.markets.size()) * regions, s_.days_from > 1 ? 2 : 1);
    if (remaining_ >= cost) return true;
    host_.metric_add("quota_pauses", 1);
    const std::string text = "quota spent: " + std::to_string(remaining_) + " requests left, a poll costs up to " +
                             std::to_string(cost) + "; next try in " + seconds_text(s_.quota_retry_ns);
    host_.warn(text);
    status(TH_VENUE_DISCONNECTED, text, now);
    p.down = true;  // the next good poll after the pause says CONNECTED again
    return false;
}

void OddsFeed::gauge(const char* name, int64_t value, int64_t& last) {
    // Metrics are counters; a level is carried as the sum of its changes.
    host_.metric_add(name, value - last);
    last = value;
}

void OddsFeed::on_odds(const std::string& body, Poll&, th_time_ns now) {
    parse_odds(decoder_, body, s_.format, rows_);
    bool changed = false;
    for (const OddsRow& row : rows_) {
        const bool lay = row.market_key.size() > 4 && row.market_key.compare(row.market_key.size() - 4, 4, "_lay") == 0;
        Selection sel;
        sel.market = lay ? row.market_key.substr(0, row.market_key.size() - 4) : row.market_key;
        sel.has_point = row.has_point;
        sel.point = row.point;
        sel.outcome = clean(row.description.empty() ? row.outcome : row.description + " " + row.outcome);
        const std::string event_id = clean(row.event_id);
        const std::string symbol = selection_symbol(event_id, sel);
        const uint8_t side = lay ? TH_SIDE_SELL : TH_SIDE_BUY;
        const int64_t ts = row.last_update_ns != 0 ? row.last_update_ns : now;
        if (selections_.is_settled(event_id)) {
            host_.metric_add("odds_after_settlement", 1);  // a book still listing a finished game
            continue;
        }
        Last& l = last_[{symbol, row.bookmaker, side}];
        if (l.price == row.price && l.ts == ts) {
            host_.metric_add("odds_unchanged", 1);
            continue;
        }
        l = Last{row.price, ts};
        changed |= selections_.add(event_id, symbol, sel);
        auto ev = make_event<th_odds>(ts);
        ev.instrument = host_.intern(symbol);
        ev.market = market_kind(sel.market);
        ev.side = side;
        ev.has_point = row.has_point ? 1 : 0;
        ev.price = row.price;
        ev.point = row.point;
        copy_utf8(ev.event_id, event_id);
        copy_utf8(ev.bookmaker, row.bookmaker);
        copy_utf8(ev.outcome, sel.outcome);
        copy_utf8(ev.market_key, sel.market);
        if (!host_.publish(kOddsOut, ev)) break;
        host_.metric_add("odds", 1);
    }
    if (changed) save();
}

void OddsFeed::on_scores(const std::string& body, Poll&, th_time_ns now) {
    const std::vector<ScoreRow> rows = parse_scores(body);
    bool changed = false;
    for (const ScoreRow& row : rows) {
        if (!row.completed || !row.has_scores || selections_.is_settled(row.event_id)) continue;
        std::string line;
        for (const auto& [team, score] : row.scores) line += (line.empty() ? "" : " - ") + team + " " + score;
        for (const auto& [symbol, sel] : selections_.of(row.event_id)) {
            const auto result = settle(sel, row);
            if (!result) {
                host_.metric_add("unsettled_selections", 1);
                host_.warn(symbol + ": the final score (" + line + ") does not settle this market; settle it by hand");
                continue;
            }
            auto ev = make_event<th_settlement>(row.last_update_ns != 0 ? row.last_update_ns : now);
            ev.instrument = host_.intern(symbol);
            ev.kind = *result == Result::Push ? TH_SETTLE_VOID : TH_SETTLE_RESOLVED;
            // Push is VOID; otherwise the selection's score: 1 won, 0.75 half won, 0.25 half
            // lost, 0 lost (docs/decisions.md, "Asian quarter lines").
            ev.price = *result == Result::Push ? 0 : result_score(*result);
            copy_utf8(ev.event_id, row.event_id);
            copy_utf8(ev.text, std::string(result_name(*result)) + ": " + line);
            if (!host_.publish(kSettlementsOut, ev)) return;
            host_.metric_add("settlements", 1);
        }
        selections_.settled(row.event_id, s_.remember_events);
        // Its last prices go too: a settled event's odds are not published again, and a
        // feed that runs for a season must not keep every game it ever priced.
        const std::string prefix = row.event_id + "/";
        for (auto it = last_.lower_bound({prefix, std::string(), uint8_t{0}});
             it != last_.end() && std::get<0>(it->first).compare(0, prefix.size(), prefix) == 0;)
            it = last_.erase(it);
        changed = true;
    }
    if (changed) save();
}

void OddsFeed::failed(Poll& p, const std::string& why, const std::string& detail, int64_t wait_ns, th_time_ns now) {
    ++p.failures;
    host_.metric_add("failures", 1);
    if (wait_ns <= 0) {
        // Exponential from the poll's interval, capped; deterministic, so a replay polls at
        // the same times.
        wait_ns = p.interval_ns;
        for (int k = 0; k < p.failures && wait_ns < s_.max_backoff_ns; ++k) wait_ns *= 2;
        wait_ns = std::min(wait_ns, s_.max_backoff_ns);
    }
    p.next_due = now + wait_ns;
    // The status text holds 95 bytes: what and when first, the API's own words after.
    const std::string text = p.path() + ": " + why + "; retry in " + seconds_text(wait_ns) + (detail.empty() ? "" : ": " + detail);
    host_.warn(text + " (failure " + std::to_string(p.failures) + ")");
    status(TH_VENUE_DISCONNECTED, text, now);
    p.down = true;
}

void OddsFeed::recovered(Poll& p, th_time_ns now) {
    p.failures = 0;
    if (!p.down) return;
    p.down = false;
    std::string still;
    for (const Poll& q : polls_)
        if (q.down) still += (still.empty() ? "" : ", ") + q.path();
    if (still.empty()) status(TH_VENUE_CONNECTED, p.path() + ": recovered", now);
    else status(TH_VENUE_DISCONNECTED, p.path() + ": recovered; still failing: " + still, now);
}

void OddsFeed::status(th_venue_state state, const std::string& text, th_time_ns now) {
    auto ev = make_event<th_venue_status>(now);
    ev.state = state;
    copy_utf8(ev.venue, host_.instance_name());
    copy_utf8(ev.text, text);
    host_.publish(kStatusOut, ev);
}

void OddsFeed::save() { host_.state_put(kStateKey, selections_.encode()); }

}  // namespace tradehost::odds_api
