#include "market_data.hpp"

#include <tradehost/venue/ports.hpp>

namespace tradehost::polymarket {

using namespace venue::ports;
constexpr uint32_t kPortBooks = kFirstExtraPort;
constexpr uint32_t kPortSettlements = kFirstExtraPort + 1;

MarketData::MarketData(Host host, MarketDataOptions options,
                       std::function<void(const std::string&, th_fixed)> on_tick_change)
    : host_(host), opt_(std::move(options)), on_tick_change_(std::move(on_tick_change)),
      scratch_book_(std::make_unique<th_book>()) {
    const std::size_t per = std::max<std::size_t>(1, opt_.max_assets_per_connection);
    for (std::size_t i = 0; i < opt_.tokens.size(); ++i) {
        ids_[opt_.tokens[i]] = host_.intern(opt_.tokens[i]);
        if (i % per == 0) {
            shards_.push_back(std::make_unique<Shard>());
            shards_.back()->index = shards_.size() - 1;
        }
        shards_.back()->tokens.push_back(opt_.tokens[i]);
    }
    for (auto& sp : shards_) {
        Shard* s = sp.get();
        venue::WsOptions wo;
        wo.url = opt_.url;
        wo.verify_tls = opt_.verify_tls;
        wo.ping_interval = std::chrono::milliseconds(0);  // the venue's heartbeat is a text "PING"
        wo.idle_timeout = opt_.idle_timeout;
        wo.reconnect_min = opt_.reconnect_min;
        wo.reconnect_max = opt_.reconnect_max;
        venue::WsClient::Handlers h;
        h.on_open = [this, s](venue::WsClient& ws) { on_open(*s, ws); };
        h.on_message = [this, s](std::string_view text) { on_message(*s, text); };
        h.on_close = [this, s](std::string_view reason, bool retry) { on_close(*s, reason, retry); };
        s->ws = std::make_unique<venue::WsClient>(std::move(wo), std::move(h));
    }
}

MarketData::~MarketData() { stop(); }

void MarketData::start() {
    for (auto& s : shards_) s->ws->start();
    heartbeat_ = std::thread([this] { heartbeat(); });
}

void MarketData::stop() {
    {
        std::lock_guard lk(mu_);
        if (stopping_) return;
        stopping_ = true;
    }
    cv_.notify_all();
    if (heartbeat_.joinable()) heartbeat_.join();
    for (auto& s : shards_) s->ws->stop();
}

void MarketData::heartbeat() {
    std::unique_lock lk(mu_);
    while (!cv_.wait_for(lk, opt_.ping_interval, [&] { return stopping_; }))
        for (auto& s : shards_)
            if (s->ws->connected()) s->ws->send("PING");
}

void MarketData::status(uint32_t state, const std::string& text) {
    th_venue_status s = make_event<th_venue_status>(host_.now());
    s.state = state;
    copy_str(s.venue, "polymarket");
    copy_str(s.text, text);
    host_.try_publish(kPortStatus, s.hdr);
}

void MarketData::on_open(Shard& s, venue::WsClient& ws) {
    std::string sub = "{\"assets_ids\":[";
    for (std::size_t i = 0; i < s.tokens.size(); ++i) sub += (i ? ",\"" : "\"") + s.tokens[i] + "\"";
    // custom_feature_enabled: market_resolved (and best_bid_ask, new_market) are sent only then.
    sub += "],\"type\":\"market\",\"custom_feature_enabled\":true}";
    ws.send(std::move(sub));
    const std::string label = "market channel " + std::to_string(s.index);
    if (s.was_open) {
        // What changed while the connection was down is lost: the books are rebuilt from the
        // `book` snapshots the subscription brings.
        for (auto& [token, book] : s.books) book.invalidate();
        status(TH_VENUE_GAP, label + " reconnected: books rebuilt from fresh snapshots");
    }
    status(TH_VENUE_CONNECTED, label + " subscribed to " + std::to_string(s.tokens.size()) + " tokens");
    s.was_open = true;
}

void MarketData::on_close(Shard& s, std::string_view reason, bool will_retry) {
    if (!will_retry) return;
    const std::string text = "market channel " + std::to_string(s.index) + ": " + std::string(reason);
    host_.warn("polymarket " + text);
    status(TH_VENUE_DISCONNECTED, text);
}

void MarketData::publish_book(const std::string& token, const venue::Book& book, int64_t ts_ms) {
    std::lock_guard lk(book_mu_);
    venue::fill_book_event(book, ids_.at(token), ts_ms > 0 ? ts_ms * 1000000 : host_.now(), *scratch_book_,
                           opt_.book_depth);
    host_.try_publish(kPortBooks, scratch_book_->hdr);
}

void MarketData::on_message(Shard& s, std::string_view text) {
    if (text == "PONG") return;
    try {
        read_market_frame(s.dec, text, s.msgs);
    } catch (const std::exception& e) {
        host_.metric_add("market_messages_skipped", 1);
        host_.warn(std::string("polymarket market channel: message skipped: ") + e.what());
        return;
    }
    for (const MarketMessage& m : s.msgs) {
        switch (m.kind) {
        case MarketMessage::Kind::book: {
            if (!ids_.count(m.asset_id)) break;
            venue::Book& b = s.books[m.asset_id];
            b.begin_snapshot();
            for (const auto& l : m.bids) b.snapshot_level(venue::BookSide::bid, l.px, l.qty);
            for (const auto& l : m.asks) b.snapshot_level(venue::BookSide::ask, l.px, l.qty);
            b.end_snapshot();
            publish_book(m.asset_id, b, m.ts_ms);
            break;
        }
        case MarketMessage::Kind::price_change: {
            // Changes of several tokens may share a message: publish each changed book once.
            std::vector<const std::string*> touched;
            for (const PriceChange& c : m.changes) {
                auto it = s.books.find(c.asset_id);
                if (it == s.books.end() || !it->second.synced()) continue;  // no snapshot yet
                it->second.set(c.buy ? venue::BookSide::bid : venue::BookSide::ask, c.px, c.qty);
                bool seen = false;
                for (auto* t : touched) seen = seen || *t == c.asset_id;
                if (!seen) touched.push_back(&c.asset_id);
            }
            for (auto* t : touched) publish_book(*t, s.books.at(*t), m.ts_ms);
            break;
        }
        case MarketMessage::Kind::tick_size_change: {
            auto id = ids_.find(m.asset_id);
            if (id == ids_.end()) break;
            if (auto info = host_.instrument_info(id->second)) {
                info->tick_size = m.new_tick;
                info->min_price = m.new_tick;
                info->max_price = TH_FIXED_SCALE - m.new_tick;
                host_.set_instrument_info(id->second, *info);
            }
            host_.info("polymarket: tick size of " + m.asset_id + " is now " + venue::json::fixed_to_text(m.new_tick));
            if (on_tick_change_) on_tick_change_(m.asset_id, m.new_tick);
            break;
        }
        case MarketMessage::Kind::last_trade_price: {
            auto id = ids_.find(m.asset_id);
            if (id == ids_.end()) break;
            th_trade t = make_event<th_trade>(m.ts_ms > 0 ? m.ts_ms * 1000000 : host_.now());
            t.instrument = id->second;
            t.aggressor = m.buy ? TH_SIDE_BUY : TH_SIDE_SELL;
            t.px = m.px;
            t.qty = m.size;
            host_.try_publish(kPortTrades, t.hdr);
            break;
        }
        case MarketMessage::Kind::market_resolved: {
            // Every token of the market settles: the winner at 1, the others at 0.
            for (const std::string& token : m.assets_ids) {
                auto id = ids_.find(token);
                if (id == ids_.end()) continue;
                th_settlement st = make_event<th_settlement>(m.ts_ms > 0 ? m.ts_ms * 1000000 : host_.now());
                st.instrument = id->second;
                st.kind = TH_SETTLE_RESOLVED;
                st.price = token == m.winning_asset_id ? TH_FIXED_SCALE : 0;
                copy_str(st.event_id, m.market);  // the condition id, cut to the field
                copy_str(st.text, "winner: " + m.winning_outcome);
                host_.try_publish(kPortSettlements, st.hdr);
            }
            host_.info("polymarket: market " + m.market + " resolved: " + m.winning_outcome);
            break;
        }
        case MarketMessage::Kind::other:
            break;
        }
    }
}

}  // namespace tradehost::polymarket
