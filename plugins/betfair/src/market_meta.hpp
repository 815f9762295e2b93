// betfair: instrument metadata of the streamed markets. Each runner (instrument
// "<marketId>:<selectionId>[:<handicap>]", as for orders and books) gets
//  - the ABI's metadata record (instrument_set_info, as polymarket registers its tokens):
//    a betting selection, prices 1.01..1000 on the price ladder (tick 0: the ladder is
//    checked by the adapter), `group` its market id, `expiry` the market's start time;
//  - an event on the `instruments` port (th_custom, custom_type kRunnerMetaType) whose payload
//    is one JSON object: market_id, selection_id, handicap, name, market_name, market_type,
//    event_id, event_name, start_time, market_status, in_play, runner_status, instrument.
//    The ABI's record has no room for names or states (docs/decisions.md), hence the event.
// Sources: listMarketCatalogue (names, types, event) and the stream's marketDefinition
// (market status OPEN/SUSPENDED/CLOSED, inPlay, runner status ACTIVE/WINNER/LOSER/REMOVED);
// an event goes out when either changes what a runner shows. Thread-safe (discovery thread
// and the market stream's thread).
#pragma once

#include "discovery.hpp"
#include "esa_cache.hpp"

#include <tradehost/plugin.hpp>

#include <map>
#include <mutex>
#include <string>

namespace tradehost::betfair {

inline constexpr uint32_t kRunnerMetaType = 0x42460001;   ///< "BF" 1: runner metadata as JSON

class MarketMeta {
public:
    MarketMeta(Host host, uint32_t port) : host_(host), port_(port) {}
    /// A market listMarketCatalogue found: names; publishes its runners.
    void from_catalogue(const CatalogueMarket& m);
    /// The stream's definition of `market_id` changed: states; publishes runners that changed.
    void from_definition(const std::string& market_id, const esa::MarketDef& def);
    std::size_t published() const;

private:
    struct RunnerState {
        std::string name, status;
        th_fixed handicap = 0;
        std::string last;   ///< the payload last published, to publish changes only
    };
    struct MarketState {
        CatalogueMarket cat;
        bool has_cat = false;
        std::string status;
        bool in_play = false;
        std::map<std::pair<int64_t, th_fixed>, RunnerState> runners;
    };
    void publish(const std::string& market_id, MarketState& m, int64_t selection, RunnerState& r);

    Host host_;
    uint32_t port_;
    mutable std::mutex mu_;
    std::map<std::string, MarketState> markets_;
    std::size_t published_ = 0;
};

}  // namespace tradehost::betfair
