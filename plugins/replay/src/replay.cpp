// The replay feed instance; see replay.hpp.
#include "replay.hpp"

#include "cursor.hpp"

namespace tradehost::replay {

namespace {
Format parse_format(const std::string& s) {
    if (s == "bars") return Format::Bars;
    if (s == "quotes") return Format::Quotes;
    throw ConfigError("format: expected 'bars' or 'quotes', got '" + s + "'");
}
}  // namespace

Replay::Replay(Host host, const Config& cfg)
    : host_(host),
      path_(cfg.get_string("file")),
      format_(parse_format(cfg.get_string("format"))),
      interval_s_(0),
      pacer_(cfg.get_float("rate"), cfg.get_int("batch")) {
    const int64_t interval = cfg.get_int("interval_s");
    if (interval < 1 || interval > 0xffffffffLL) throw ConfigError("interval_s: must be between 1 and 4294967295");
    interval_s_ = static_cast<uint32_t>(interval);
    if (cfg.get_float("rate") < 0) throw ConfigError("rate: must be >= 0 (0 = as fast as possible)");
    if (cfg.get_int("batch") < 1) throw ConfigError("batch: must be >= 1");
    if (path_.empty()) throw ConfigError("file: must name a CSV file");
    rows_ = load_file(path_, format_, [this](const std::string& sym) { return host_.intern(sym); });
    host_.info("replay: " + std::to_string(rows_.size()) + " " + (format_ == Format::Bars ? "bars" : "quotes") +
               " from " + path_);
}

void Replay::start() {
    if (finished_ || timer_active_) return;
    timer_ = host_.timer_start(0, pacer_.period_ns());
    timer_active_ = true;
}

void Replay::stop() {
    if (timer_active_) host_.timer_cancel(timer_);
    timer_active_ = false;
}

void Replay::finish() {
    stop();
    finished_ = true;
    host_.source_finished();
}

th_status Replay::publish(const Row& r) {
    if (format_ == Format::Bars) {
        th_bar b = make_event<th_bar>(r.ts);
        b.instrument = r.instrument;
        b.interval_s = interval_s_;
        b.open = r.v[kOpen];
        b.high = r.v[kHigh];
        b.low = r.v[kLow];
        b.close = r.v[kClose];
        b.volume = r.v[kVolume];
        return host_.try_publish(kPortBars, b.hdr);
    }
    th_quote q = make_event<th_quote>(r.ts);
    q.instrument = r.instrument;
    q.bid_px = r.v[kBid];
    q.bid_qty = r.v[kBidQty];
    q.ask_px = r.v[kAsk];
    q.ask_qty = r.v[kAskQty];
    return host_.try_publish(kPortQuotes, q.hdr);
}

void Replay::on_timer(uint64_t id, th_time_ns) {
    if (!timer_active_ || id != timer_) return;
    for (uint64_t n = pacer_.on_tick(); n > 0 && cursor_ < rows_.size(); --n) {
        const th_status s = publish(rows_[cursor_]);
        if (s == TH_ERR_AGAIN) {  // the session is ending: stop publishing; the row stays next
            stop();
            return;
        }
        if (s != TH_OK) throw_status(s, "publish");
        ++cursor_;
    }
    if (cursor_ >= rows_.size()) finish();
}

std::string Replay::snapshot() { return encode_cursor(cursor_, rows_.size()); }

void Replay::restore(std::string_view blob) { cursor_ = decode_cursor(blob, rows_.size()); }

}  // namespace tradehost::replay
