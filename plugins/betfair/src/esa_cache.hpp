// betfair: the ESA market cache: applies `mcm` market changes (`mc`) to per-runner books.
// Runner change fields (ESA documentation, "RunnerChange", read 2026-12-03):
//   atb/atl   [price,size]        full-depth available to back / lay; size 0 removes the price
//   batb/batl [level,price,size]  best offers by level (EX_BEST_OFFERS); size 0 removes the level
//   trd       [price,size]        traded volume at a price (the total, not an increment)
//   ltp, tv                       last traded price, total traded volume
// `img: true` on a market replaces it (SUB_IMAGE, or a market re-imaged within a delta);
// marketDefinition replaces the definition (status, inPlay, bettingType, runners).
//
// Sides: a book's bid is "available to back" and its ask "available to lay", as replay's
// exchange mode and paper_book read them: the best back price (highest odds) is the best bid,
// the best lay price (lowest odds) the best ask, so an uncrossed market has bid < ask.
#pragma once

#include <tradehost/plugin.h>
#include <tradehost/venue/book.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tradehost::betfair::esa {

struct RunnerDef {
    int64_t id = 0;
    th_fixed handicap = 0;
    std::string status;   ///< ACTIVE, WINNER, LOSER, REMOVED, ...
    std::string name;     ///< from listMarketCatalogue (the stream does not carry names)
    int sort_priority = 0;
};

struct MarketDef {
    std::string status;          ///< OPEN, SUSPENDED, CLOSED
    bool in_play = false;
    std::string betting_type;    ///< ODDS, ASIAN_HANDICAP_DOUBLE_LINE, LINE, ...
    std::string event_id, event_type_id, market_type, market_time;
    int64_t version = 0;
    std::vector<RunnerDef> runners;
};

struct Runner {
    int64_t id = 0;
    th_fixed handicap = 0;
    venue::Book full{400};       ///< atb (bid) / atl (ask): Betfair's ladder has 350 prices
    venue::Book best{10};        ///< batb / batl, rebuilt from the levels below
    std::vector<venue::BookLevel> batb, batl;   ///< index = level (0 best); qty 0 = empty
    std::map<th_fixed, th_fixed> traded;        ///< trd: price -> traded total
    th_fixed ltp = 0, tv = 0;
};

struct Market {
    std::string id;
    MarketDef def;
    bool has_def = false;
    th_fixed tv = 0;
    std::map<std::pair<int64_t, th_fixed>, Runner> runners;   ///< (selectionId, handicap)
};

/// What one mcm changed, for publishing.
struct Changes {
    struct RunnerRef {
        std::string market_id;
        int64_t selection_id = 0;
        th_fixed handicap = 0;
        bool book = false;                        ///< atb/atl/batb/batl changed
        std::vector<venue::BookLevel> trades;     ///< trd levels whose total grew: price, size traded since
    };
    std::vector<RunnerRef> runners;
    std::vector<std::string> definitions;        ///< markets whose definition changed
    std::vector<std::string> errors;             ///< malformed parts, with where ("mc[0].rc[1].atb[2]: ...")
};

class MarketCache {
public:
    /// Applies the `mc` array of one mcm (`img` handled per market).
    Changes apply(const nlohmann::json& mc);
    const Market* market(const std::string& id) const;
    const Runner* runner(const std::string& market_id, int64_t selection_id, th_fixed handicap = 0) const;
    std::size_t size() const noexcept { return markets_.size(); }
    void clear() noexcept { markets_.clear(); }

private:
    std::map<std::string, Market> markets_;
};

}  // namespace tradehost::betfair::esa
