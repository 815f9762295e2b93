#include "value_finder.hpp"

#include <algorithm>

namespace tradehost::betting {

bool ValueFinder::is_reference(const std::string& bookmaker) const {
    return std::find(s_.reference.begin(), s_.reference.end(), bookmaker) != s_.reference.end();
}

std::map<std::string, double> ValueFinder::fair_line(const MarketId& m) const {
    std::map<std::string, double> fair;
    auto it = markets_.find(m);
    if (it == markets_.end()) return fair;
    const Market& mk = it->second;
    int books = 0;
    for (const std::string& ref : s_.reference) {
        // A reference counts only when it prices every outcome anyone prices: a partial book
        // has no margin to remove.
        std::vector<std::string> outcomes;
        std::vector<double> odds;
        for (const auto& [outcome, by_book] : mk.prices) {
            auto p = by_book.find(ref);
            if (p == by_book.end() || !fresh(mk, p->second)) break;
            outcomes.push_back(outcome);
            odds.push_back(p->second.price);
        }
        if (outcomes.size() != mk.prices.size() || outcomes.size() < 2) continue;
        // No one has priced the missing outcome yet (a draw, say): a partial book's inverses
        // sum below 1, where every bookmaker's whole book sums above (its margin).
        double booksum = 0;
        for (double o : odds) booksum += 1 / o;
        if (booksum < 1) continue;
        const FairProbabilities f = fair_probabilities(odds, s_.method);
        for (size_t i = 0; i < outcomes.size(); ++i) fair[outcomes[i]] += f.p[i];
        ++books;
    }
    if (books == 0) return {};
    for (auto& [outcome, p] : fair) p /= books;
    return fair;
}

std::vector<ValueBet> ValueFinder::on_price(const MarketId& m, const std::string& bookmaker, const std::string& outcome,
                                            double price, int64_t ts) {
    Market& mk = markets_[m];
    mk.prices[outcome][bookmaker] = Price{price, ts};
    mk.newest = std::max(mk.newest, ts);
    std::vector<ValueBet> found;
    const std::map<std::string, double> fair = fair_line(m);
    if (fair.empty()) return found;
    for (const auto& [out, by_book] : mk.prices) {
        auto f = fair.find(out);
        if (f == fair.end()) continue;
        for (const auto& [book, p] : by_book) {
            if (is_reference(book) || !fresh(mk, p)) continue;
            const double edge = p.price * f->second - 1;
            const std::string key = out + '\x1f' + book;
            if (edge < s_.min_edge) {
                mk.reported.erase(key);  // gone: report it again if it comes back
                continue;
            }
            auto r = mk.reported.find(key);
            if (r != mk.reported.end() && r->second == p.price) continue;
            mk.reported[key] = p.price;
            found.push_back({m, out, book, p.price, f->second, edge, s_.kelly_multiplier * kelly_fraction(f->second, p.price)});
        }
    }
    return found;
}

}  // namespace tradehost::betting
