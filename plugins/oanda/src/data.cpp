// oanda: pricing stream -> quotes and venue status.
#include "data.hpp"

#include "stream.hpp"

namespace tradehost::oanda {

MarketData::MarketData(Host host, const OandaConfig& cfg) : host_(host), cfg_(cfg) {}

MarketData::~MarketData() { stop(); }

void MarketData::start(const std::string& url, const venue::Headers& headers) {
    if (cfg_.symbols.empty() || stream_) return;
    venue::LineStream::Handlers h;
    h.on_open = [this] {
        // A reconnect means quotes may have been missed while the stream was down.
        if (opens_.fetch_add(1) == 0) {
            publish_status(host_, TH_VENUE_CONNECTED, "pricing stream connected");
        } else {
            publish_status(host_, TH_VENUE_CONNECTED, "pricing stream reconnected");
            publish_status(host_, TH_VENUE_GAP, "pricing stream: quotes may have been missed");
            host_.metric_add("reconnects", 1);
        }
    };
    h.on_line = [this](std::string_view line) { on_line(line); };
    h.on_close = [this](std::string_view reason, bool) {
        publish_status(host_, TH_VENUE_DISCONNECTED, "pricing stream: " + std::string(reason));
    };
    stream_ = std::make_unique<venue::LineStream>(stream_options(cfg_, url, headers), std::move(h));
    stream_->start();
}

void MarketData::stop() {
    if (!stream_) return;
    stream_->stop();
    stream_.reset();
}

Price MarketData::last(const std::string& symbol) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = last_.find(symbol);
    return it == last_.end() ? Price{} : it->second;
}

void MarketData::on_line(std::string_view line) {
    StreamLine& msg = line_;
    try {
        parse_stream_line(decoder_, line, msg);
    } catch (const std::exception& e) {
        host_.warn(std::string("pricing stream: undecodable line: ") + e.what());
        return;
    }
    if (msg.kind != StreamLine::kPrice || msg.price.instrument.empty()) return;  // heartbeats
    {
        std::lock_guard<std::mutex> lk(mu_);
        last_[msg.price.instrument] = msg.price;
    }
    auto it = ids_.find(msg.price.instrument);
    if (it == ids_.end()) it = ids_.emplace(msg.price.instrument, host_.intern(msg.price.instrument)).first;
    th_quote q = to_quote(msg.price, it->second);
    host_.try_publish(kPortQuotes, q.hdr);
}

}  // namespace tradehost::oanda
