// exchange: market data stream (see data.hpp).
#include "data.hpp"

#include "parse.hpp"
#include "ports.hpp"

#include <algorithm>

namespace tradehost::exchange {

MarketData::MarketData(Host host, const Dialect& dialect, const ExchangeConfig& cfg)
    : host_(host), dialect_(dialect), cfg_(cfg) {}

MarketData::~MarketData() { stop(); }

void MarketData::start() {
    if (cfg_.symbols.empty()) return;
    for (const auto& s : cfg_.symbols) ids_[s] = host_.intern(s);
    const bool books = cfg_.book_depth > 0 && dialect_.book_sync() != BookSync::none;
    if (books) {
        // A book keeps what the venue can send: the REST snapshot's depth (Binance; levels
        // deeper than it arrive by deltas too) or the subscribed window.
        const int window = dialect_.book_window(cfg_.book_depth);
        const std::size_t levels = static_cast<std::size_t>(
            window > 0 ? window : std::max(cfg_.book_snapshot_limit, cfg_.book_depth) * 2);
        for (const auto& s : cfg_.symbols) {
            auto f = std::make_unique<BookFeed>(levels);
            f->symbol = s;
            f->id = ids_[s];
            feeds_.emplace(s, std::move(f));
        }
        event_ = std::make_unique<th_book>();
        if (dialect_.book_sync() == BookSync::rest_snapshot) {
            RestOptions o;
            o.base_url = cfg_.urls.rest;
            o.http.verify_tls = cfg_.verify_tls;
            o.http.timeout = cfg_.request_timeout;
            o.max_retries = cfg_.max_retries;
            rest_ = std::make_unique<RestSession>(dialect_, std::move(o));
        }
    }
    venue::WsOptions o;
    o.url = books ? dialect_.book_stream_url(cfg_.urls.stream, cfg_.symbols, cfg_.book_depth)
                  : dialect_.market_stream_url(cfg_.urls.stream, cfg_.symbols);
    o.verify_tls = cfg_.verify_tls;
    o.reconnect_min = cfg_.reconnect_min;
    o.reconnect_max = cfg_.reconnect_max;
    StreamLink::Hooks hooks;
    hooks.opened = [this](bool reconnect) {
        last_sequence_.reset();  // sequence numbers are per connection (Coinbase)
        // Every book syncs again on a new connection (the subscribe sent a new snapshot, or
        // Binance's next event starts the REST sync).
        for (auto& [symbol, f] : feeds_) {
            f->book.invalidate();
            f->synced = false;
            f->pending.clear();
        }
        if (!reconnect) return;
        auto st = venue_status(TH_VENUE_GAP, dialect_.name(), "market data: quotes and trades may have been missed",
                               host_.now());
        host_.try_publish(kPortStatus, st.hdr);
    };
    hooks.message = [this](std::string_view text) { on_message(text); };
    // The dialect is const and thread-safe; the symbols are copied for the stream's thread.
    StreamLink::Subscribe subscribe = [d = &dialect_, symbols = cfg_.symbols, books, depth = cfg_.book_depth] {
        return books ? d->book_subscribe(symbols, depth) : d->market_subscribe(symbols);
    };
    link_ = std::make_unique<StreamLink>(host_, std::string(dialect_.name()), "market data", std::move(o),
                                         std::move(subscribe), std::move(hooks));
    link_->start();
}

void MarketData::stop() {
    if (rest_) rest_->stop();
    if (link_) link_->stop();
}

th_instrument MarketData::instrument(const std::string& symbol) {
    auto it = ids_.find(symbol);
    if (it != ids_.end()) return it->second;
    th_instrument id = host_.intern(symbol);
    ids_.emplace(symbol, id);
    return id;
}

void MarketData::on_message(std::string_view text) {
    MarketMessage& m = message_;
    m.clear();
    try {
        dialect_.read_market_message(decoder_, text, m);
    } catch (const std::exception& e) {
        host_.warn(std::string("market data: unparsable message: ") + e.what());
        return;
    }
    if (m.sequence) check_sequence(*m.sequence);
    for (const Ticker& t : m.tickers) {
        auto q = to_quote(t, instrument(t.symbol), host_.now());
        host_.try_publish(kPortQuotes, q.hdr);
    }
    for (const PublicTrade& p : m.trades) {
        auto e = to_trade(p, instrument(p.symbol), host_.now());
        host_.try_publish(kPortTrades, e.hdr);
    }
    for (std::size_t i = 0; i < m.books(); ++i) on_book(m.book(i));
}

void MarketData::check_sequence(int64_t seq) {
    // A jump means the venue dropped messages on this connection: quotes/trades were missed.
    if (last_sequence_ && seq > *last_sequence_ + 1) {
        host_.metric_add("sequence_gaps", 1);
        auto st = venue_status(TH_VENUE_GAP, dialect_.name(),
                               "market data: sequence gap, expected " + std::to_string(*last_sequence_ + 1) +
                                   ", got " + std::to_string(seq),
                               host_.now());
        host_.try_publish(kPortStatus, st.hdr);
        // Books kept from this connection missed an update too: each syncs again.
        for (auto& [symbol, f] : feeds_)
            if (f->synced) book_lost(*f, "book: sequence gap");
    }
    if (!last_sequence_ || seq > *last_sequence_) last_sequence_ = seq;
}

// Order books --------------------------------------------------------------------------------

void MarketData::apply_levels(venue::Book& b, const BookUpdate& u) {
    for (const BookLevel& l : u.bids) b.set(venue::BookSide::bid, l.px, l.qty);
    for (const BookLevel& l : u.asks) b.set(venue::BookSide::ask, l.px, l.qty);
}

void MarketData::on_book(const BookUpdate& u) {
    auto it = feeds_.find(u.symbol);
    if (it == feeds_.end()) return;  // not configured, or books off
    BookFeed& f = *it->second;
    if (dialect_.book_sync() == BookSync::rest_snapshot)
        on_rest_synced_book(f, u);
    else
        on_stream_book(f, u);
}

void MarketData::on_rest_synced_book(BookFeed& f, const BookUpdate& u) {
    if (!f.synced) {
        f.pending.push_back(u);
        if (!sync_from_rest(f)) f.pending.clear();  // the next event starts again
        return;
    }
    switch (f.book.check_range(u.first_seq, u.last_seq)) {
    case venue::SeqCheck::stale: return;
    case venue::SeqCheck::gap:
        book_lost(f, "book: update id gap, expected U <= " + std::to_string(f.book.seq() + 1) + ", got U " +
                         std::to_string(u.first_seq));
        f.pending.push_back(u);  // Binance: restart the process with this event buffered
        if (!sync_from_rest(f)) f.pending.clear();
        return;
    case venue::SeqCheck::apply: break;
    }
    apply_levels(f.book, u);
    f.book.set_seq(u.first_seq, u.last_seq);
    if (f.book.crossed()) {
        host_.metric_add("book_crossed", 1);
        f.book.uncross(u.bids.empty() ? venue::BookSide::ask : venue::BookSide::bid);
    }
    publish_book(f, false);
}

bool MarketData::sync_from_rest(BookFeed& f) {
    if (!rest_ || f.pending.empty()) return false;
    const uint64_t first_u = f.pending.front().first_seq;
    OrderBook snap;
    bool have = false;
    // Binance: "If the lastUpdateId from the snapshot is strictly less than the U from step 2,
    // go back to step 3" (the snapshot is older than the first buffered event).
    for (int attempt = 0; attempt < 3 && !have; ++attempt) {
        try {
            RestResult r = rest_->call(dialect_.order_book(f.symbol, cfg_.book_snapshot_limit));
            if (!r.ok()) {
                host_.warn("book " + f.symbol + ": snapshot failed: " + r.error.message);
                return false;
            }
            snap = dialect_.parse_order_book(rest_->decoder(), f.symbol, r.response.body);
        } catch (const RestStopped&) {
            return false;
        } catch (const std::exception& e) {
            host_.warn("book " + f.symbol + ": snapshot unreadable: " + e.what());
            return false;
        }
        host_.metric_add("book_snapshots", 1);
        have = static_cast<uint64_t>(snap.update_id) >= first_u;
    }
    if (!have) {
        host_.warn("book " + f.symbol + ": snapshot stays older than the stream; syncing again at the next event");
        return false;
    }
    f.book.begin_snapshot();
    for (const BookLevel& l : snap.bids) f.book.snapshot_level(venue::BookSide::bid, l.px, l.qty);
    for (const BookLevel& l : snap.asks) f.book.snapshot_level(venue::BookSide::ask, l.px, l.qty);
    f.book.end_snapshot(static_cast<uint64_t>(snap.update_id));
    for (const BookUpdate& e : f.pending) {
        const auto c = f.book.check_range(e.first_seq, e.last_seq);
        if (c == venue::SeqCheck::stale) continue;  // "discard any event where u <= lastUpdateId"
        if (c == venue::SeqCheck::gap) {
            host_.warn("book " + f.symbol + ": buffered events do not follow the snapshot; syncing again");
            f.book.invalidate();
            return false;
        }
        apply_levels(f.book, e);
        f.book.set_seq(e.first_seq, e.last_seq);
    }
    f.pending.clear();
    f.synced = true;
    publish_book(f, false);
    return true;
}

void MarketData::on_stream_book(BookFeed& f, const BookUpdate& u) {
    if (u.snapshot) {
        f.book.begin_snapshot();
        for (const BookLevel& l : u.bids) f.book.snapshot_level(venue::BookSide::bid, l.px, l.qty);
        for (const BookLevel& l : u.asks) f.book.snapshot_level(venue::BookSide::ask, l.px, l.qty);
        f.book.end_snapshot(u.last_seq);
        f.price_decimals = u.price_decimals;
        f.qty_decimals = u.qty_decimals;
        f.synced = true;
    } else {
        if (!f.synced) return;  // waiting for the snapshot
        apply_levels(f.book, u);
        if (u.last_seq) f.book.set_seq(u.last_seq);
        f.price_decimals = std::max(f.price_decimals, u.price_decimals);
        f.qty_decimals = std::max(f.qty_decimals, u.qty_decimals);
    }
    if (const int window = dialect_.book_window(cfg_.book_depth); window > 0)
        f.book.truncate(static_cast<std::size_t>(window));
    bool verified = false;
    if (u.checksum && f.price_decimals >= 0 && f.qty_decimals >= 0) {
        const auto ours = dialect_.book_checksum(f.book, f.price_decimals, f.qty_decimals);
        if (ours && *ours != *u.checksum) {
            host_.metric_add("book_checksum_mismatches", 1);
            book_lost(f, "book: checksum mismatch, venue " + std::to_string(*u.checksum) + ", ours " +
                             std::to_string(*ours));
            return;
        }
        verified = ours.has_value();
    }
    if (f.book.crossed()) {
        host_.metric_add("book_crossed", 1);
        f.book.uncross(u.bids.empty() ? venue::BookSide::ask : venue::BookSide::bid);
    }
    publish_book(f, verified);
}

void MarketData::publish_book(BookFeed& f, bool checksum_verified) {
    venue::fill_book_event(f.book, f.id, host_.now(), *event_, static_cast<std::size_t>(cfg_.book_depth),
                           checksum_verified);
    host_.try_publish(kPortBooks, event_->hdr);
}

void MarketData::book_lost(BookFeed& f, const std::string& why) {
    host_.metric_add("book_resyncs", 1);
    f.book.invalidate();
    f.synced = false;
    auto st = venue_status(TH_VENUE_GAP, dialect_.name(), why + " (" + f.symbol + "): resyncing", host_.now());
    host_.try_publish(kPortStatus, st.hdr);
    if (dialect_.book_sync() == BookSync::stream) resubscribe(f);
}

void MarketData::resubscribe(BookFeed& f) {
    if (!link_) return;
    for (auto& m : dialect_.book_resubscribe(f.symbol, cfg_.book_depth)) link_->send(std::move(m));
}

}  // namespace tradehost::exchange
