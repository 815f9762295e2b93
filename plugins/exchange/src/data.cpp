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
        if (!reconnect) return;
        auto st = venue_status(TH_VENUE_GAP, dialect_.name(), "market data: quotes and trades may have been missed",
                               host_.now());
        host_.try_publish(kPortStatus, st.hdr);
    };
    hooks.message = [this](std::string_view text) { on_message(text); };
    link_ = std::make_unique<StreamLink>(host_, std::string(dialect_.name()), "market data", std::move(o),
                                         dialect_.market_subscribe(cfg_.symbols), std::move(hooks));
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
    MarketMessage m;
    try {
        m = dialect_.parse_market_message(decoder_, text);
    } catch (const std::exception& e) {
        host_.warn(std::string("market data: unparsable message: ") + e.what());
        return;
    }
    if (const Ticker* t = std::get_if<Ticker>(&m)) {
        auto q = to_quote(*t, instrument(t->symbol), host_.now());
        host_.try_publish(kPortQuotes, q.hdr);
    } else if (const PublicTrade* p = std::get_if<PublicTrade>(&m)) {
        auto e = to_trade(*p, instrument(p->symbol), host_.now());
        host_.try_publish(kPortTrades, e.hdr);
    }
}

}  // namespace tradehost::exchange
