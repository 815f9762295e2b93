// See arb_finder.hpp. The arithmetic (net prices, stakes) is value_bets' odds_math::surebet.
#include "arb_finder.hpp"

#include "odds_math.hpp"  // plugins/value_bets

#include <sstream>

namespace tradehost::surebet {

bool ArbFinder::whole_book(const Market& mk) const {
    // Two outcomes of a three-way market priced everywhere would look like a surebet. Trust
    // the outcome set only when one bookmaker prices all of it, fresh, and its inverses sum
    // to 1 or more, as a whole book's do (a book missing its draw sums below 1).
    std::map<std::string, std::pair<size_t, double>> per_book;  // bookmaker -> outcomes, inverse sum
    for (const auto& [outcome, books] : mk.prices)
        for (const auto& [book, p] : books)
            if (fresh(mk, p)) {
                auto& b = per_book[book];
                ++b.first;
                b.second += 1 / p.price;
            }
    for (const auto& [book, b] : per_book)
        if (b.first == mk.prices.size() && b.second >= 1) return true;
    return false;
}

std::optional<Arb> ArbFinder::on_price(const MarketKey& m, const std::string& bookmaker, const std::string& outcome,
                                       double price, int64_t ts, uint32_t instrument) {
    Market& mk = markets_[m];
    mk.prices[outcome][bookmaker] = Price{price, ts};
    if (instrument != 0) mk.instruments[outcome] = instrument;
    if (ts > mk.newest) mk.newest = ts;
    if (mk.prices.size() < 2 || !whole_book(mk)) return std::nullopt;

    Arb arb;
    arb.market = m;
    std::vector<double> odds, commission;
    for (const auto& [name, books] : mk.prices) {
        // The best net price of this outcome among fresh prices.
        const std::string* best_book = nullptr;
        double best = 0, best_net = 0;
        for (const auto& [book, p] : books) {
            if (!fresh(mk, p)) continue;
            auto c = s_.commission.find(book);
            const double comm = c == s_.commission.end() ? 0 : c->second;
            const double net = 1 + (p.price - 1) * (1 - comm);
            if (net > best_net) best_net = net, best = p.price, best_book = &book;
        }
        if (best_book == nullptr) return std::nullopt;  // every price of this outcome is stale
        Leg leg;
        leg.outcome = name;
        leg.bookmaker = *best_book;
        leg.price = best;
        auto in = mk.instruments.find(name);
        leg.instrument = in == mk.instruments.end() ? 0 : in->second;
        arb.legs.push_back(leg);
        odds.push_back(best);
        auto c = s_.commission.find(*best_book);
        commission.push_back(c == s_.commission.end() ? 0 : c->second);
    }
    const betting::Surebet s = betting::surebet(odds, commission, s_.total_stake);
    std::ostringstream key;
    for (const Leg& l : arb.legs) key << l.outcome << '@' << l.bookmaker << '=' << l.price << ';';
    if (!s.arbitrage || s.profit / s_.total_stake < s_.min_profit) {
        mk.reported.clear();  // gone: report it again if it comes back
        return std::nullopt;
    }
    if (key.str() == mk.reported) return std::nullopt;
    mk.reported = key.str();
    for (size_t i = 0; i < arb.legs.size(); ++i) arb.legs[i].stake = s.stakes[i];
    arb.inverse_sum = s.inverse_sum;
    arb.profit = s.profit;
    arb.roi = s.profit / s_.total_stake;
    return arb;
}

}  // namespace tradehost::surebet
