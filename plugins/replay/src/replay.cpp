// The replay feed instance; see replay.hpp.
#include "replay.hpp"

#include "cursor.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace tradehost::replay {

namespace {
Format parse_format(const std::string& s) {
    if (s == "bars") return Format::Bars;
    if (s == "quotes") return Format::Quotes;
    if (s == "books") return Format::Books;
    throw ConfigError("format: expected 'bars', 'quotes' or 'books', got '" + s + "'");
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
    auto intern = [this](const std::string& sym) { return host_.intern(sym); };
    if (format_ == Format::Books) updates_ = load_books(path_, intern);
    else rows_ = load_file(path_, format_, intern);
    exchange_ = cfg.get_string("exchange");
    if (!exchange_.empty() && format_ != Format::Books) throw ConfigError("exchange: needs format: books (an exchange's ladders)");
    if (exchange_.size() >= sizeof(th_odds::bookmaker)) throw ConfigError("exchange: at most 31 bytes");
    for (const BookUpdate& u : exchange_.empty() ? std::vector<BookUpdate>{} : updates_) {
        if (selections_.count(u.instrument)) continue;
        OddsSymbol sel;
        const std::string why = parse_odds_symbol(host_.symbol(u.instrument), sel);
        if (!why.empty()) throw ConfigError(path_ + ": exchange: " + why);
        if (sel.event_id.size() >= sizeof(th_odds::event_id) || sel.market.size() >= sizeof(th_odds::market_key) ||
            sel.outcome.size() >= sizeof(th_odds::outcome))
            throw ConfigError(path_ + ": exchange: '" + host_.symbol(u.instrument) + "': a part is too long for an odds event");
        selections_.emplace(u.instrument, sel);
    }
    host_.info("replay: " + std::to_string(size()) + " " +
               (format_ == Format::Bars ? "bars" : format_ == Format::Quotes ? "quotes" : "book updates") + " from " + path_);
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

th_status Replay::publish(const BookUpdate& u) {
    th_book b;  // 16 KB on the stack; only the used levels are written and sent
    std::memset(&b, 0, offsetof(th_book, levels));
    b.hdr.type = TH_EV_BOOK;
    b.hdr.version = 1;
    b.hdr.ts = u.ts;
    b.instrument = u.instrument;
    b.snapshot = u.snapshot ? 1 : 0;
    b.bid_count = static_cast<uint16_t>(u.bids.size());
    b.ask_count = static_cast<uint16_t>(u.asks.size());
    std::copy(u.bids.begin(), u.bids.end(), b.levels);
    std::copy(u.asks.begin(), u.asks.end(), b.levels + u.bids.size());
    finish_book(b);
    venue::Book& book = books_.try_emplace(u.instrument, 200).first->second;
    venue::apply_book_event(book, b.hdr);
    // The top first, then the book: a venue that matches resting orders against quotes (paper)
    // sees the price the book now shows before the strategies reading the book react to it,
    // as on an exchange, where the order that moved the book met the resting orders first.
    if (!exchange_.empty())
        if (const th_status s = publish_odds(u, book); s != TH_OK) return s;
    const auto bid = book.best_bid();
    const auto ask = book.best_ask();
    if (bid && ask) {  // a one-sided book has no quote
        th_quote q = make_event<th_quote>(u.ts);
        q.instrument = u.instrument;
        q.bid_px = bid->px;
        q.bid_qty = bid->qty;
        q.ask_px = ask->px;
        q.ask_qty = ask->qty;
        const th_status s = host_.try_publish(kPortQuotes, q.hdr);
        if (s != TH_OK) return s;
    }
    return host_.try_publish(kPortBooks, b.hdr);
}

// An exchange's ladder in decimal odds: bids are the prices available to back (the best the
// highest), asks those available to lay (the best the lowest), as Betfair's atb and atl.
th_status Replay::publish_odds(const BookUpdate& u, const venue::Book& book) {
    const OddsSymbol& sel = selections_.at(u.instrument);
    for (const uint8_t side : {uint8_t{TH_SIDE_BUY}, uint8_t{TH_SIDE_SELL}}) {
        const auto top = side == TH_SIDE_BUY ? book.best_bid() : book.best_ask();
        if (!top) continue;  // an emptied side: odds events cannot withdraw a price; the last one stands
        th_odds o = make_event<th_odds>(u.ts);
        o.instrument = u.instrument;
        o.market = sel.kind;
        o.side = side;
        o.has_point = sel.has_point ? 1 : 0;
        o.point = sel.point;
        o.price = top->px;
        o.size = top->qty;
        // Lengths were checked when the file was loaded: whole names, never cut.
        std::memcpy(o.event_id, sel.event_id.data(), sel.event_id.size());
        std::memcpy(o.bookmaker, exchange_.data(), exchange_.size());
        std::memcpy(o.outcome, sel.outcome.data(), sel.outcome.size());
        std::memcpy(o.market_key, sel.market.data(), sel.market.size());
        const th_status s = host_.try_publish(kPortOdds, o.hdr);
        if (s != TH_OK) return s;
    }
    return TH_OK;
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
    for (uint64_t n = pacer_.on_tick(); n > 0 && cursor_ < size(); --n) {
        const th_status s = format_ == Format::Books ? publish(updates_[cursor_]) : publish(rows_[cursor_]);
        if (s == TH_ERR_AGAIN) {  // the session is ending: stop publishing; the row stays next
            stop();
            return;
        }
        if (s != TH_OK) throw_status(s, "publish");
        ++cursor_;
    }
    if (cursor_ >= size()) finish();
}

std::string Replay::snapshot() { return encode_cursor(cursor_, size()); }

// Books are rebuilt from the updates already published, so the next quotes are the books'.
void Replay::restore(std::string_view blob) {
    cursor_ = decode_cursor(blob, size());
    books_.clear();
    th_book b;
    for (size_t i = 0; i < cursor_ && format_ == Format::Books; ++i) {
        const BookUpdate& u = updates_[i];
        std::memset(&b, 0, offsetof(th_book, levels));
        b.hdr.type = TH_EV_BOOK;
        b.instrument = u.instrument;
        b.snapshot = u.snapshot ? 1 : 0;
        b.bid_count = static_cast<uint16_t>(u.bids.size());
        b.ask_count = static_cast<uint16_t>(u.asks.size());
        std::copy(u.bids.begin(), u.bids.end(), b.levels);
        std::copy(u.asks.begin(), u.asks.end(), b.levels + u.bids.size());
        finish_book(b);
        venue::apply_book_event(books_.try_emplace(u.instrument, 200).first->second, b.hdr);
    }
}

}  // namespace tradehost::replay
