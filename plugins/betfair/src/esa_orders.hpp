// betfair: the ESA order stream (`ocm`) as BetStates, the same records listCurrentOrders
// gives (orders.hpp), so the stream and REST go through one fill_update(): a matched total is
// the fill "<betId>:<sizeMatched>" whichever path saw it first, and the ledger counts it once.
// Order fields (ESA documentation, "Order", read 2026-12-03): id, p, s, side B/L, status
// E (executable) / EC (execution complete), pt (persistence L/P/MOC), ot, pd/md/cd/ld (ms),
// avp, sm, sr, sl, sc, sv, rfo (customerOrderRef), rfs (customerStrategyRef).
// `mb`/`ml` (matched backs/lays by price) are the runner's position, not bets: counted in
// `matched_*`, never as fills (the bets in `uo` carry them already).
#pragma once

#include "orders.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace tradehost::betfair::esa {

struct OrderChanges {
    std::vector<BetState> bets;
    /// Per runner "<marketId>:<selectionId>" the matched backs and lays by price (mb/ml).
    struct Position {
        std::string symbol;
        std::vector<std::pair<th_fixed, th_fixed>> matched_backs, matched_lays;
    };
    std::vector<Position> positions;
    std::vector<std::string> errors;  ///< "oc[0].orc[1].uo[2]: ..."
};

/// One unmatched-order record of runner `selection_id` in `market_id`.
BetState order_of(const nlohmann::json& uo, const std::string& market_id, int64_t selection_id, th_fixed handicap);
/// The `oc` array of one ocm.
OrderChanges apply_ocm(const nlohmann::json& oc);

}  // namespace tradehost::betfair::esa
