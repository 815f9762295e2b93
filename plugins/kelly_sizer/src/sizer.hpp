// The Kelly sizer's arithmetic and book-keeping, without the host: the latest price of each
// selection at each bookmaker, the value opportunities still current per market, what this
// sizer has already staked per selection and per event, and the bankroll. It turns one
// signal into at most one stake.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace tradehost::kelly_sizer {

struct SizerSettings {
    double bankroll = 1000;        ///< until a balance event says otherwise
    double kelly_multiplier = 0.25;
    double max_stake = 0;          ///< per bet; 0: no cap
    double max_event_stake = 0;    ///< per event, all its markets; 0: no cap
    double min_stake = 1;          ///< smaller stakes are not sent
    double stake_step = 0.01;      ///< stakes are rounded down to this
    double surebet_stake = 100;    ///< a surebet's total before caps
    int64_t signal_ttl_ns = 0;     ///< value opportunities older than this leave the simultaneous set
};

/// Where a selection trades: its event and market (from the odds events that named it).
struct SelectionInfo {
    std::string event_id, market;  ///< market: key plus line, e.g. "spreads/-4.5"
};

struct Stake {
    double stake = 0;
    double price = 0;       ///< decimal odds to back (or lay) at
    double liability = 0;   ///< a lay's stake x (odds - 1): what it risks; a back's is its stake
    double fraction = 0;    ///< of the bankroll Kelly asked for (before the multiplier and caps)
    std::string why;        ///< for the log: how the stake was reached
};

class Sizer {
public:
    explicit Sizer(SizerSettings s) : s_(s) {}

    void on_price(const std::string& symbol, const std::string& bookmaker, const SelectionInfo& where, double price);
    /// An exchange's lay price of a selection.
    void on_lay_price(const std::string& symbol, const std::string& exchange, const SelectionInfo& where, double price);
    void set_bankroll(double b) { s_.bankroll = b; }
    double bankroll() const { return s_.bankroll; }

    /// A value signal: `edge` = price x p - 1 at `bookmaker`. The stake by fractional Kelly,
    /// simultaneous over the market's other current value outcomes; nullopt with `why` set
    /// when nothing is to be sent.
    std::optional<Stake> on_value(const std::string& symbol, const std::string& bookmaker, double edge, int64_t ts,
                                  std::string& why);
    /// A lay value signal: `edge` = 1 - p x lay odds, the expected profit per unit of lay stake
    /// at `exchange`. Laying at L is backing "not this" at L / (L - 1), so Kelly's fraction of
    /// the bankroll to risk, the liability, is 1 - p L; the lay stake is liability / (L - 1).
    /// Caps apply to the liability (the money at risk).
    std::optional<Stake> on_lay_value(const std::string& symbol, const std::string& exchange, double edge, std::string& why);
    /// A surebet leg: `share` of the surebet's total at `bookmaker` (`lay`: laid on an
    /// exchange at its lay price). The legs of one surebet
    /// (same market, `ts` and `roi`) share the total fixed at its first leg, which reserves
    /// room under the caps for all of them: no leg is sent whose partners would be refused.
    std::optional<Stake> on_surebet(const std::string& symbol, const std::string& bookmaker, double share, double roi,
                                    int64_t ts, std::string& why, bool lay = false);

    /// Record a stake sent (so caps and later targets count it); for a lay, its liability.
    void staked(const std::string& symbol, double stake);
    double staked_on(const std::string& symbol) const;
    double staked_on_event(const std::string& event_id) const;

    /// "symbol\tstake" lines; decode throws std::runtime_error on a blob this did not write.
    std::string encode() const;
    void decode(const std::string& blob);

private:
    struct Opportunity {
        double price = 0, p = 0;
        int64_t ts = 0;
    };
    std::optional<double> price_of(const std::string& symbol, const std::string& bookmaker) const;
    double capped(const std::string& symbol, double target, std::string& why) const;

    SizerSettings s_;
    std::map<std::pair<std::string, std::string>, double> prices_;  // (symbol, bookmaker) -> price
    std::map<std::pair<std::string, std::string>, double> lay_prices_;  // (symbol, exchange) -> lay price
    std::map<std::string, SelectionInfo> where_;                     // symbol -> event, market
    std::map<std::string, std::map<std::string, Opportunity>> open_; // event/market -> symbol -> best current value
    std::map<std::string, double> staked_;                           // symbol -> stake sent
    struct SurebetPlan {
        int64_t ts = 0;
        double roi = 0, total = 0;
    };
    std::map<std::string, SurebetPlan> surebets_;                    // event/market -> the surebet being placed
};

}  // namespace tradehost::kelly_sizer
