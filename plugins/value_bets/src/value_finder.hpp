// The value-bet finder's book: the latest price of every outcome from every bookmaker, per
// market; the fair line from the reference bookmakers with their margin removed; and the
// prices elsewhere that beat it by the edge asked for, each with its Kelly stake.
#pragma once

#include "odds_math.hpp"

#include <cstdint>
#include <map>
#include <tuple>
#include <string>
#include <vector>

namespace tradehost::betting {

struct FinderSettings {
    MarginMethod method = MarginMethod::Shin;
    std::vector<std::string> reference;  ///< bookmakers whose de-margined prices are the fair line
    double min_edge = 0.02;              ///< price * fair probability - 1 at least this
    double kelly_multiplier = 0.25;      ///< fractional Kelly
    int64_t max_age_ns = 0;              ///< prices older than the market's newest by more are ignored; 0: never
};

/// One market: an event's market, with its line for spreads and totals.
struct MarketId {
    std::string event_id;
    std::string market;  ///< the market kind or the venue's key ("h2h", "totals", ...)
    std::string point;   ///< the line as text, "" for none
    bool operator<(const MarketId& o) const {
        return std::tie(event_id, market, point) < std::tie(o.event_id, o.market, o.point);
    }
};

struct ValueBet {
    MarketId market;
    std::string outcome, bookmaker;
    double price = 0;           ///< the bookmaker's decimal price
    double fair_probability = 0;
    double edge = 0;            ///< price * fair_probability - 1
    double stake_fraction = 0;  ///< of the bankroll: kelly_multiplier * Kelly
};

class ValueFinder {
public:
    explicit ValueFinder(FinderSettings s) : s_(std::move(s)) {}

    /// A bookmaker's back price of one outcome. Returns the value bets this makes new (a
    /// price already reported is not reported again until it changes).
    std::vector<ValueBet> on_price(const MarketId& m, const std::string& bookmaker, const std::string& outcome, double price,
                                   int64_t ts);

    /// The fair probability of each outcome of `m` from the reference bookmakers (averaged over
    /// those that price every outcome seen, with inverses summing to 1 or more, as a whole
    /// book's do); empty when none does yet.
    std::map<std::string, double> fair_line(const MarketId& m) const;

private:
    struct Price {
        double price = 0;
        int64_t ts = 0;
    };
    struct Market {
        std::map<std::string, std::map<std::string, Price>> prices;  // outcome -> bookmaker -> price
        std::map<std::string, double> reported;                       // "outcome\x1fbookmaker" -> price reported
        int64_t newest = 0;
    };
    bool fresh(const Market& mk, const Price& p) const { return s_.max_age_ns <= 0 || mk.newest - p.ts <= s_.max_age_ns; }
    bool is_reference(const std::string& bookmaker) const;

    FinderSettings s_;
    std::map<MarketId, Market> markets_;
};

}  // namespace tradehost::betting
