// The surebet finder's book: the latest back price of every outcome from every bookmaker, per
// market; for each market the best price of each outcome across bookmakers, net of each
// bookmaker's commission, and the stakes that lock a profit when their inverses sum below 1.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace tradehost::surebet {

struct ArbSettings {
    double total_stake = 100;   ///< stakes are for this total
    double min_profit = 0.005;  ///< report when profit / total is at least this
    int64_t max_age_ns = 0;     ///< prices older than the market's newest by more are stale; 0: never
    std::map<std::string, double> commission;  ///< bookmaker -> commission on winnings (exchanges)
};

/// One market: an event's market, with its line for spreads and totals.
struct MarketKey {
    std::string event_id, market, point;
    bool operator<(const MarketKey& o) const { return std::tie(event_id, market, point) < std::tie(o.event_id, o.market, o.point); }
};

struct Leg {
    std::string outcome, bookmaker;
    double price = 0;  ///< the bookmaker's decimal price
    double stake = 0;  ///< for the configured total
    uint32_t instrument = 0;
};

struct Arb {
    MarketKey market;
    std::vector<Leg> legs;      ///< one per outcome, in outcome order
    double inverse_sum = 0;     ///< of the net prices; below 1
    double profit = 0;          ///< locked, whatever wins, for total_stake
    double roi = 0;             ///< profit / total_stake
};

class ArbFinder {
public:
    explicit ArbFinder(ArbSettings s) : s_(std::move(s)) {}

    /// A bookmaker's back price of one outcome. Returns the surebet this makes in its market,
    /// if there is one worth min_profit that has not been reported with these same legs.
    std::optional<Arb> on_price(const MarketKey& m, const std::string& bookmaker, const std::string& outcome, double price,
                                int64_t ts, uint32_t instrument);

private:
    struct Price {
        double price = 0;
        int64_t ts = 0;
    };
    struct Market {
        std::map<std::string, std::map<std::string, Price>> prices;  // outcome -> bookmaker -> price
        std::map<std::string, uint32_t> instruments;                  // outcome -> instrument
        std::string reported;  // the legs last reported ("" none): reported once until they change
        int64_t newest = 0;
    };
    bool fresh(const Market& mk, const Price& p) const { return s_.max_age_ns <= 0 || mk.newest - p.ts <= s_.max_age_ns; }
    bool whole_book(const Market& mk) const;

    ArbSettings s_;
    std::map<MarketKey, Market> markets_;
};

}  // namespace tradehost::surebet
