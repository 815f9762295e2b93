// The synthetic feed instance; see synthetic.hpp.
#include "synthetic.hpp"

namespace tradehost::synthetic {

namespace {
std::vector<th_instrument> intern_all(Host& host, const std::vector<std::string>& symbols) {
    std::vector<th_instrument> ids;
    ids.reserve(symbols.size());
    for (const auto& s : symbols) ids.push_back(host.intern(s));
    return ids;
}
}  // namespace

Synthetic::Synthetic(Host host, const Config& cfg)
    : host_(host),
      settings_(read_settings(cfg)),
      gen_(settings_, intern_all(host_, settings_.instruments)),
      pacer_(settings_.rate, settings_.batch) {}

void Synthetic::start() {
    if (finished_ || timer_active_) return;
    timer_ = host_.timer_start(0, pacer_.period_ns());
    timer_active_ = true;
}

void Synthetic::stop() {
    if (timer_active_) host_.timer_cancel(timer_);
    timer_active_ = false;
}

void Synthetic::finish() {
    stop();
    finished_ = true;
    host_.source_finished();
}

void Synthetic::on_timer(uint64_t id, th_time_ns) {
    if (!timer_active_ || id != timer_) return;
    for (uint64_t n = pacer_.on_tick(); n > 0 && !gen_.done(); --n) {
        gen_.next(step_);
        th_status s = host_.try_publish(kPortQuotes, step_.quote.hdr);
        if (s == TH_OK && settings_.book_levels > 0) s = publish_books();
        if (s == TH_OK && step_.has_trade) s = host_.try_publish(kPortTrades, step_.trade.hdr);
        if (s == TH_ERR_AGAIN) {  // the session is ending: stop publishing
            stop();
            return;
        }
        if (s != TH_OK) throw_status(s, "publish");
    }
    if (gen_.done()) {
        if (gen_.out_of_time())
            host_.warn("simulated time reached the end of th_time_ns after " + std::to_string(gen_.emitted()) +
                       " quotes; the feed is finished");
        finish();
    }
}

// The top first, then the book (as replay's `format: books`): a venue matching on quotes sees
// the price before anything reading the book reacts. Venue A's view, then venue B's.
th_status Synthetic::publish_books() {
    const th_fixed tick = settings_.tick_size;
    build_book(step_.quote, settings_.book_levels, tick, settings_.level_size, book_);
    th_status s = host_.try_publish(kPortBooks, book_.hdr);
    if (s != TH_OK) return s;
    th_quote alt = alt_quote(step_.quote, skew_ticks(step_.quote, settings_.alt_skew_bps, tick), tick,
                                   settings_.alt_level_size);
    s = host_.try_publish(kPortAltQuotes, alt.hdr);
    if (s != TH_OK) return s;
    build_book(alt, settings_.book_levels, tick, settings_.alt_level_size, alt_book_);
    return host_.try_publish(kPortAltBooks, alt_book_.hdr);
}

std::string Synthetic::snapshot() { return gen_.snapshot(); }

void Synthetic::restore(std::string_view blob) { gen_.restore(blob); }

}  // namespace tradehost::synthetic
