// betfair: the market subscription as events (see market_stream.hpp).
#include "market_stream.hpp"

#include "orders.hpp"

#include <tradehost/venue/book.hpp>
#include <tradehost/venue/ports.hpp>

#include <sstream>

namespace tradehost::betfair {

using namespace venue::ports;
constexpr uint32_t kPortBooks = kFirstExtraPort;

std::vector<std::string> MarketStream::split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string part; std::getline(ss, part, ',');) {
        const auto b = part.find_first_not_of(' '), e = part.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(part.substr(b, e - b + 1));
    }
    return out;
}

MarketStream::MarketStream(Host host, const BetfairConfig& cfg, std::vector<std::string> markets, std::string app_key,
                           std::function<std::string()> token, MarketMeta* meta)
    : host_(host), meta_(meta), depth_(cfg.book_depth), scratch_(std::make_unique<th_book>()) {
    esa::StreamOptions o;
    o.net.host = cfg.stream_host;
    o.net.port = cfg.stream_port;
    o.net.verify_tls = cfg.verify_tls;
    o.session.kind = esa::Kind::market;
    o.session.market.market_ids = std::move(markets);
    o.session.market.fields = split(cfg.stream_fields);
    o.session.market.ladder_levels = cfg.stream_ladder_levels;
    o.session.market.heartbeat_ms = cfg.stream_heartbeat.count();
    o.session.market.conflate_ms = cfg.stream_conflate.count();
    o.session.subscribe_timeout = cfg.subscribe_timeout;
    o.app_key = std::move(app_key);
    o.session_token = std::move(token);
    esa::StreamCallbacks cb;
    cb.on_market = [this](const esa::MarketCache& c, const esa::Changes& ch) { on_market(c, ch); };
    cb.on_status = [this](bool up, const std::string& why) {
        if (up) {
            status(TH_VENUE_CONNECTED, "market stream subscribed");
        } else {
            host_.warn("betfair market stream: " + why);
            status(TH_VENUE_DISCONNECTED, "market stream: " + why);
        }
    };
    cb.on_error = [this](const std::string& what) {
        host_.metric_add("stream_parts_skipped", 1);
        host_.warn("betfair " + what);
    };
    stream_ = std::make_unique<esa::Stream>(std::move(o), std::move(cb));
}

MarketStream::~MarketStream() {
    if (stream_) stream_->stop();
}

void MarketStream::status(uint32_t state, const std::string& text) {
    th_venue_status s = make_event<th_venue_status>(host_.now());
    s.state = state;
    copy_str(s.venue, "betfair");
    copy_str(s.text, text);
    host_.try_publish(kPortStatus, s.hdr);
}

th_instrument MarketStream::instrument(const std::string& market_id, int64_t selection_id, th_fixed handicap) {
    const std::string sym = symbol_of(Selection{market_id, selection_id, handicap});
    auto it = ids_.find(sym);
    if (it == ids_.end()) it = ids_.emplace(sym, host_.intern(sym)).first;
    return it->second;
}

void MarketStream::on_market(const esa::MarketCache& cache, const esa::Changes& ch) {
    const th_time_ns now = host_.now();
    if (meta_)
        for (const std::string& id : ch.definitions)
            if (const esa::Market* m = cache.market(id); m && m->has_def) meta_->from_definition(id, m->def);
    for (const auto& r : ch.runners) {
        const esa::Runner* rr = cache.runner(r.market_id, r.selection_id, r.handicap);
        if (!rr) continue;
        const th_instrument id = instrument(r.market_id, r.selection_id, r.handicap);
        if (r.book) {
            // Full depth when subscribed to it (EX_ALL_OFFERS), else the best offers.
            const venue::Book& b = rr->full.empty() ? rr->best : rr->full;
            venue::fill_book_event(b, id, now, *scratch_, depth_);
            host_.try_publish(kPortBooks, scratch_->hdr);
        }
        for (const auto& t : r.trades) {
            th_trade e = make_event<th_trade>(now);
            e.instrument = id;
            e.aggressor = TH_SIDE_NONE;  // ESA gives traded volume by price, not who took it
            e.px = t.px;
            e.qty = t.qty;
            host_.try_publish(kPortTrades, e.hdr);
        }
    }
}

}  // namespace tradehost::betfair
