// See back_lay_finder.hpp. The stakes are value_bets' odds_math::back_lay.
#include "back_lay_finder.hpp"

#include "odds_math.hpp"  // plugins/value_bets

#include <sstream>

namespace tradehost::surebet {

std::optional<BackLayArb> BackLayFinder::on_price(const MarketKey& m, const std::string& venue, const std::string& outcome,
                                                  bool lay, double price, int64_t ts, uint32_t instrument) {
    Market& mk = markets_[m];
    Outcome& o = mk.outcomes[outcome];
    (lay ? o.lays : o.backs)[venue] = Price{price, ts};
    if (instrument != 0 && lay) o.instrument = instrument;  // the exchange's selection: where the lay goes
    if (instrument != 0 && o.instrument == 0) o.instrument = instrument;
    if (ts > mk.newest) mk.newest = ts;
    auto fresh = [&](const Price& p) { return s_.max_age_ns <= 0 || mk.newest - p.ts <= s_.max_age_ns; };

    // The best back, net of its bookmaker's commission on winnings, and the cheapest lay.
    const std::string* book = nullptr;
    double back = 0, back_net = 0;
    for (const auto& [v, p] : o.backs) {
        if (!fresh(p)) continue;
        const double net = 1 + (p.price - 1) * (1 - commission(v));
        if (net > back_net) back_net = net, back = p.price, book = &v;
    }
    const std::string* exchange = nullptr;
    double lay_odds = 0;
    for (const auto& [v, p] : o.lays) {
        if (!fresh(p)) continue;
        if (exchange == nullptr || p.price < lay_odds) lay_odds = p.price, exchange = &v;
    }
    if (book == nullptr || exchange == nullptr || *book == *exchange) return std::nullopt;

    const betting::BackLay bl = betting::back_lay(s_.total_stake, back_net, lay_odds, commission(*exchange));
    const double roi = bl.profit / (s_.total_stake + bl.liability);
    std::ostringstream key;
    key << *book << '=' << back << ';' << *exchange << '=' << lay_odds;
    if (!(bl.profit > 0) || roi < s_.min_profit) {
        o.reported.clear();
        return std::nullopt;
    }
    if (key.str() == o.reported) return std::nullopt;
    o.reported = key.str();
    BackLayArb a;
    a.market = m;
    a.outcome = outcome;
    a.bookmaker = *book;
    a.exchange = *exchange;
    a.back_odds = back;
    a.lay_odds = lay_odds;
    a.back_stake = s_.total_stake;
    a.lay_stake = bl.lay_stake;
    a.liability = bl.liability;
    a.profit = bl.profit;
    a.roi = roi;
    a.instrument = o.instrument;
    return a;
}

}  // namespace tradehost::surebet
