// The surebet finder's back/lay half: back an outcome at a bookmaker and lay the same outcome
// on an exchange. When the back price, net of the bookmaker's commission, beats the lay price
// by more than the exchange's commission takes, the lay stake
// back_stake x back_odds / (lay_odds - commission) returns the same whatever happens, and that
// is a locked profit (odds_math back_lay()). Prices per market and outcome: the best back over
// bookmakers and the lowest lay over exchanges, both fresh.
#pragma once

#include "arb_finder.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace tradehost::surebet {

struct BackLayArb {
    MarketKey market;
    std::string outcome;
    std::string bookmaker, exchange;
    double back_odds = 0, lay_odds = 0;
    double back_stake = 0;   ///< total_stake
    double lay_stake = 0;
    double liability = 0;    ///< lay_stake x (lay_odds - 1): what the lay risks
    double profit = 0;       ///< the same whether the outcome wins or loses
    double roi = 0;          ///< profit / (back_stake + liability): per unit of money committed
    uint32_t instrument = 0;
};

class BackLayFinder {
public:
    explicit BackLayFinder(ArbSettings s) : s_(std::move(s)) {}

    /// A back price (bookmaker) or a lay price (exchange) of one outcome. Returns the back/lay
    /// surebet this makes for that outcome, once until its legs change.
    std::optional<BackLayArb> on_price(const MarketKey& m, const std::string& venue, const std::string& outcome,
                                       bool lay, double price, int64_t ts, uint32_t instrument);

private:
    struct Price {
        double price = 0;
        int64_t ts = 0;
    };
    struct Outcome {
        std::map<std::string, Price> backs, lays;  // venue -> price
        uint32_t instrument = 0;
        std::string reported;
    };
    struct Market {
        std::map<std::string, Outcome> outcomes;
        int64_t newest = 0;
    };
    double commission(const std::string& venue) const {
        auto it = s_.commission.find(venue);
        return it == s_.commission.end() ? 0 : it->second;
    }

    ArbSettings s_;
    std::map<MarketKey, Market> markets_;
};

}  // namespace tradehost::surebet
