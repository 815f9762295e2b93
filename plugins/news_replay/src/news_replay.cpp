// The news_replay source; see news_replay.hpp.
#include "news_replay.hpp"

#include <tradehost/pacer.hpp>

namespace tradehost::news_replay {

NewsReplay::NewsReplay(Host host, const Config& cfg) : host_(host), batch_(cfg.get_int("batch")) {
    const std::string file = cfg.get_string("file");
    if (file.empty()) throw ConfigError("file: must name a recording");
    records_ = load_recording(file, [this](const std::string& sym) { return host_.intern(sym); });
    host_.info("news_replay: " + std::to_string(records_.size()) + " records from " + file);
}

void NewsReplay::start() {
    if (finished_ || timer_on_) return;
    // Batches on a short timer keep the executor free for the other instances in between.
    timer_ = host_.timer_start(0, Pacer::kFastPeriodNs);
    timer_on_ = true;
}

void NewsReplay::stop() {
    if (timer_on_) host_.timer_cancel(timer_);
    timer_on_ = false;
}

void NewsReplay::on_timer(uint64_t id, th_time_ns) {
    if (!timer_on_ || id != timer_) return;
    for (int64_t n = 0; n < batch_ && cursor_ < records_.size(); ++n) {
        Record& r = records_[cursor_];
        const th_status s = r.is_news ? host_.try_publish(kNewsOut, r.news.hdr) : host_.try_publish(kQuotesOut, r.quote.hdr);
        if (s == TH_ERR_AGAIN) {  // the session is ending; this record stays next
            stop();
            return;
        }
        if (s != TH_OK) throw_status(s, "publish");
        host_.metric_add(r.is_news ? "stories" : "quotes", 1);
        ++cursor_;
    }
    if (cursor_ == records_.size()) {
        stop();
        finished_ = true;
        host_.source_finished();
    }
}

}  // namespace tradehost::news_replay
