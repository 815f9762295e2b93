// alpaca: market data stream -> quotes (port 5), trades (port 6), bars (port 8), status (port 7).
#include "data.hpp"

#include "ports.hpp"

namespace tradehost::alpaca {

MarketData::MarketData(Host host, const AlpacaConfig& cfg, const std::string& key_id, const std::string& secret)
    : host_(host), lot_size_(cfg.quote_lot_size) {
    StreamOptions so;
    so.url = cfg.data_stream_url;
    so.key_id = key_id;
    so.secret = secret;
    so.verify_tls = cfg.verify_tls;
    so.reconnect_min = cfg.reconnect_min;
    so.reconnect_max = cfg.reconnect_max;
    const std::vector<std::string> none;
    std::string sub = subscribe_message(cfg.trades ? cfg.symbols : none, cfg.quotes ? cfg.symbols : none,
                                        cfg.bars ? cfg.symbols : none);
    DataStream::Handlers h;
    h.on_ready = [this] { on_ready(); };
    h.on_data = [this](const DataMessage& m) { on_data(m); };
    h.on_down = [this](std::string reason) {
        down_ = true;
        host_.metric_add("reconnects", 1);
        host_.warn("market data stream down: " + reason);
        publish_status(host_, TH_VENUE_DISCONNECTED, "data: " + reason);
    };
    h.on_error = [this](int64_t code, std::string msg) {
        // 402 auth failed, 406 connection limit exceeded, 409 insufficient subscription, ...
        host_.error("market data stream error " + std::to_string(code) + ": " + msg);
        publish_status(host_, TH_VENUE_DISCONNECTED, "data: error " + std::to_string(code) + " " + msg);
    };
    stream_ = std::make_unique<DataStream>(std::move(so), std::move(sub), std::move(h));
}

MarketData::~MarketData() { stop(); }

void MarketData::start() { stream_->start(); }
void MarketData::stop() { stream_->stop(); }

void MarketData::on_ready() {
    const uint64_t n = ++ready_count_;
    publish_status(host_, TH_VENUE_CONNECTED, "data: subscribed");
    // Anything sent while we were away (a reconnect, or a first connect after failed ones) is
    // gone: consumers must not assume continuity.
    const bool was_down = down_.exchange(false);
    if (n > 1 || was_down) publish_status(host_, TH_VENUE_GAP, "data: reconnected, updates may be missing");
}

th_instrument MarketData::instrument(const std::string& symbol) {
    auto it = ids_.find(symbol);
    if (it != ids_.end()) return it->second;
    const th_instrument id = host_.intern(symbol);
    ids_.emplace(symbol, id);
    return id;
}

void MarketData::on_data(const DataMessage& m) {
    const th_instrument id = instrument(m.symbol);
    switch (m.kind) {
    case DataMessage::Kind::quote: {
        th_quote q = to_quote(m, id, lot_size_);
        host_.try_publish(kPortQuotes, q.hdr);
        break;
    }
    case DataMessage::Kind::trade: {
        th_trade t = to_trade(m, id);
        host_.try_publish(kPortTrades, t.hdr);
        break;
    }
    case DataMessage::Kind::bar: {
        th_bar b = to_bar(m, id);
        host_.try_publish(kPortBars, b.hdr);
        break;
    }
    default: break;
    }
}

}  // namespace tradehost::alpaca
