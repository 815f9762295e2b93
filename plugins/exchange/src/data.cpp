// exchange: market data stream (see data.hpp).
#include "data.hpp"

#include "parse.hpp"
#include "ports.hpp"

namespace tradehost::exchange {

MarketData::MarketData(Host host, const Dialect& dialect, const ExchangeConfig& cfg)
    : host_(host), dialect_(dialect), cfg_(cfg) {}

MarketData::~MarketData() { stop(); }

void MarketData::start() {
    if (cfg_.symbols.empty()) return;
    for (const auto& s : cfg_.symbols) ids_[s] = host_.intern(s);
    venue::WsOptions o;
    o.url = dialect_.market_stream_url(cfg_.urls.stream, cfg_.symbols);
    o.verify_tls = cfg_.verify_tls;
    o.reconnect_min = cfg_.reconnect_min;
    o.reconnect_max = cfg_.reconnect_max;
    StreamLink::Hooks hooks;
    hooks.opened = [this](bool reconnect) {
        last_sequence_.reset();  // sequence numbers are per connection (Coinbase)
        if (!reconnect) return;
        auto st = venue_status(TH_VENUE_GAP, dialect_.name(), "market data: quotes and trades may have been missed",
                               host_.now());
        host_.try_publish(kPortStatus, st.hdr);
    };
    hooks.message = [this](std::string_view text) { on_message(text); };
    // The dialect is const and thread-safe; the symbols are copied for the stream's thread.
    StreamLink::Subscribe subscribe = [d = &dialect_, symbols = cfg_.symbols] { return d->market_subscribe(symbols); };
    link_ = std::make_unique<StreamLink>(host_, std::string(dialect_.name()), "market data", std::move(o),
                                         std::move(subscribe), std::move(hooks));
    link_->start();
}

void MarketData::stop() {
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
    }
    if (!last_sequence_ || seq > *last_sequence_) last_sequence_ = seq;
}

}  // namespace tradehost::exchange
