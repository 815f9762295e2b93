// The news_dedup plugin; see news_dedup.hpp.
#include "news_dedup.hpp"

namespace tradehost::news_dedup {

namespace {

constexpr const char* kStateKey = "window";

DedupSettings read_settings(const Config& cfg) {
    DedupSettings s;
    s.max_distance = static_cast<int>(cfg.get_int("max_distance"));
    s.shingle_words = static_cast<size_t>(cfg.get_int("shingle_words"));
    s.window_ns = cfg.get_duration_ns("window");
    if (s.window_ns <= 0) throw ConfigError("window: must be longer than 0");
    return s;
}

}  // namespace

NewsDedup::NewsDedup(Host host, const Config& cfg) : host_(host), dedup_(read_settings(cfg)) {}

void NewsDedup::start() {
    if (loaded_) return;
    loaded_ = true;
    std::string blob;
    if (host_.state_get(kStateKey, blob)) {
        try {
            dedup_.restore(blob);
            host_.info("restored " + std::to_string(dedup_.kept_count()) + " stories of the window");
        } catch (const std::exception& e) {
            host_.warn(std::string("ignoring saved window: ") + e.what());
        }
    }
}

void NewsDedup::on_event(uint32_t port, const th_event_header& ev) {
    th_news scratch;
    const th_news* n = port == kNewsIn ? event_as<th_news>(ev, scratch) : nullptr;
    if (n == nullptr) throw InvalidArgument("news_dedup: expected a news event on port 'news'");
    const Decision d = dedup_.offer(*n);
    if (d.verdict == Verdict::kKept) {
        th_news out = *n;
        out.hdr.size = sizeof(th_news);
        if (!host_.publish(kNewsOut, out)) return;
        host_.metric_add("kept", 1);
        // Write-ahead: the story is out, then the window that remembers it is saved.
        host_.state_put(kStateKey, dedup_.save());
        return;
    }
    const bool exact = d.verdict == Verdict::kExact;
    host_.metric_add(exact ? "exact_duplicates" : "near_duplicates", 1);
    host_.log(TH_LOG_DEBUG, std::string(exact ? "exact" : "near") + " duplicate '" + std::string(n->id) + "' of '" +
                                d.duplicate_of + (exact ? "'" : "' at distance " + std::to_string(d.distance)));
}

std::string NewsDedup::snapshot() { return dedup_.save(); }

void NewsDedup::restore(std::string_view blob) {
    dedup_.restore(blob);
    loaded_ = true;
}

}  // namespace tradehost::news_dedup
