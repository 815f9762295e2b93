// betfair: the Exchange Stream API's market subscription as plugin events. For the markets in
// `stream_markets`, each runner's book (full depth from EX_ALL_OFFERS, else the best offers
// from EX_BEST_OFFERS) goes out as a th_book snapshot of its top `book_depth` levels after
// every change that touched it (bid = available to back, ask = available to lay); traded
// volume added at a price goes out as a th_trade; the stream's up/down as venue status (what
// /healthz shows). Instruments are "<marketId>:<selectionId>[:<handicap>]", as for orders.
// Each market definition change goes to `meta` (status, in-play, runner states). Runs on the
// stream's thread; publishes are thread-safe.
#pragma once

#include "config.hpp"
#include "esa_stream.hpp"
#include "market_meta.hpp"

#include <tradehost/plugin.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tradehost::betfair {

class MarketStream {
public:
    /// Subscribes `markets` (stream_markets and what discovery found).
    MarketStream(Host host, const BetfairConfig& cfg, std::vector<std::string> markets, std::string app_key,
                 std::function<std::string()> token, MarketMeta* meta);
    /// Splits a comma-separated list of market ids.
    static std::vector<std::string> split(const std::string& s);
    ~MarketStream();
    void start() { stream_->start(); }
    void stop() { stream_->stop(); }

private:
    void on_market(const esa::MarketCache& cache, const esa::Changes& ch);
    void status(uint32_t state, const std::string& text);
    th_instrument instrument(const std::string& market_id, int64_t selection_id, th_fixed handicap);

    Host host_;
    MarketMeta* meta_;
    std::size_t depth_;
    std::map<std::string, th_instrument> ids_;   // the stream's thread only
    std::unique_ptr<th_book> scratch_;           // the stream's thread only
    std::unique_ptr<esa::Stream> stream_;        // last: stopped first
};

}  // namespace tradehost::betfair
