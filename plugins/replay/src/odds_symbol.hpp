// A betting selection's symbol, as odds_api, value_bets and paper_book spell it
// (EVENT/MARKET[/POINT]/OUTCOME), read back into its parts: what an exchange ladder replayed
// from a books file needs to be published as odds events. Pure, no host.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <string>

namespace tradehost::replay {

struct OddsSymbol {
    std::string event_id, market, outcome;
    bool has_point = false;
    th_fixed point = 0;
    uint8_t kind = TH_ODDS_OTHER;  ///< th_odds_market from the market key
};

/// Parses `symbol`; "" on success, else what is wrong with it. The third part is a line when
/// it is a number and an outcome follows it ("ev/spreads/-0.25/Kings"); an outcome may hold
/// '/' itself.
std::string parse_odds_symbol(const std::string& symbol, OddsSymbol& out);

}  // namespace tradehost::replay
