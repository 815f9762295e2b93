// See sizer.hpp. Kelly and simultaneous Kelly are value_bets' odds_math.
#include "sizer.hpp"

#include "odds_math.hpp"  // plugins/value_bets

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace tradehost::kelly_sizer {

namespace {
std::string money(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}
}  // namespace

void Sizer::on_price(const std::string& symbol, const std::string& bookmaker, const SelectionInfo& where, double price) {
    prices_[{symbol, bookmaker}] = price;
    where_[symbol] = where;
}

void Sizer::on_lay_price(const std::string& symbol, const std::string& exchange, const SelectionInfo& where, double price) {
    lay_prices_[{symbol, exchange}] = price;
    where_[symbol] = where;
}

std::optional<Stake> Sizer::on_lay_value(const std::string& symbol, const std::string& exchange, double edge,
                                         std::string& why) {
    auto it = lay_prices_.find({symbol, exchange});
    if (it == lay_prices_.end()) {
        why = "no lay price of " + symbol + " at " + exchange + " yet";
        return std::nullopt;
    }
    const double lay = it->second;
    const double p = (1 - edge) / lay;  // edge = 1 - p x lay
    if (!(p > 0 && p < 1) || !(lay > 1) || !(edge > 0)) {
        why = "lay edge " + std::to_string(edge) + " at " + std::to_string(lay) + " is no probability";
        return std::nullopt;
    }
    const double f = edge;  // Kelly's fraction of the bankroll to risk as liability: 1 - p x lay
    const double target = s_.kelly_multiplier * f * s_.bankroll;
    why = "lay Kelly " + std::to_string(f) + " x " + std::to_string(s_.kelly_multiplier) + " of bankroll " + money(s_.bankroll) +
          " = liability " + money(target);
    if (staked_on(symbol) > 0) why += ", already at risk " + money(staked_on(symbol));
    const double liability = capped(symbol, target, why);
    const double stake = std::floor(liability / (lay - 1) / s_.stake_step + 1e-9) * s_.stake_step;
    why += ", lay stake " + money(stake);
    if (stake < s_.min_stake) {
        why += "; below min_stake " + money(s_.min_stake);
        return std::nullopt;
    }
    return Stake{stake, lay, stake * (lay - 1), f, why};
}

std::optional<double> Sizer::price_of(const std::string& symbol, const std::string& bookmaker) const {
    auto it = prices_.find({symbol, bookmaker});
    if (it == prices_.end()) return std::nullopt;
    return it->second;
}

double Sizer::staked_on(const std::string& symbol) const {
    auto it = staked_.find(symbol);
    return it == staked_.end() ? 0 : it->second;
}

double Sizer::staked_on_event(const std::string& event_id) const {
    double sum = 0;
    for (const auto& [sym, st] : staked_) {
        auto w = where_.find(sym);
        if (w != where_.end() && w->second.event_id == event_id) sum += st;
        else if (w == where_.end() && sym.compare(0, event_id.size() + 1, event_id + "/") == 0) sum += st;  // restored, not priced yet
    }
    return sum;
}

void Sizer::staked(const std::string& symbol, double stake) { staked_[symbol] += stake; }

double Sizer::capped(const std::string& symbol, double target, std::string& why) const {
    double stake = target - staked_on(symbol);
    if (s_.max_stake > 0 && staked_on(symbol) + stake > s_.max_stake) {
        stake = s_.max_stake - staked_on(symbol);
        why += ", capped per bet at " + money(s_.max_stake);
    }
    auto w = where_.find(symbol);
    if (s_.max_event_stake > 0 && w != where_.end()) {
        const double room = s_.max_event_stake - staked_on_event(w->second.event_id);
        if (stake > room) {
            stake = room;
            why += ", capped per event at " + money(s_.max_event_stake);
        }
    }
    return std::floor(stake / s_.stake_step + 1e-9) * s_.stake_step;
}

std::optional<Stake> Sizer::on_value(const std::string& symbol, const std::string& bookmaker, double edge, int64_t ts,
                                     std::string& why) {
    const auto price = price_of(symbol, bookmaker);
    auto w = where_.find(symbol);
    if (!price || w == where_.end()) {
        why = "no price of " + symbol + " at " + bookmaker + " yet";
        return std::nullopt;
    }
    const double p = (1 + edge) / *price;
    if (!(p > 0 && p < 1)) {
        why = "edge " + std::to_string(edge) + " at " + std::to_string(*price) + " is no probability";
        return std::nullopt;
    }
    // The market's current value outcomes, one opportunity per selection (the latest).
    auto& open = open_[w->second.event_id + "/" + w->second.market];
    open[symbol] = Opportunity{*price, p, ts};
    for (auto it = open.begin(); it != open.end();)
        it = s_.signal_ttl_ns > 0 && ts - it->second.ts > s_.signal_ttl_ns ? open.erase(it) : std::next(it);
    double f = 0;
    if (open.size() == 1) {
        f = betting::kelly_fraction(p, *price);
        why = "Kelly " + std::to_string(f);
    } else {
        std::vector<double> ps, os;
        size_t mine = 0;
        for (const auto& [sym, o] : open) {
            if (sym == symbol) mine = ps.size();
            ps.push_back(o.p);
            os.push_back(o.price);
        }
        f = betting::simultaneous_kelly(ps, os)[mine];
        why = "simultaneous Kelly over " + std::to_string(open.size()) + " outcomes " + std::to_string(f);
    }
    const double target = s_.kelly_multiplier * f * s_.bankroll;
    why += " x " + std::to_string(s_.kelly_multiplier) + " of bankroll " + money(s_.bankroll) + " = " + money(target);
    if (staked_on(symbol) > 0) why += ", already staked " + money(staked_on(symbol));
    const double stake = capped(symbol, target, why);
    if (stake < s_.min_stake) {
        why += "; stake " + money(std::max(0.0, stake)) + " below min_stake " + money(s_.min_stake);
        return std::nullopt;
    }
    return Stake{stake, *price, stake, f, why};
}

std::optional<Stake> Sizer::on_surebet(const std::string& symbol, const std::string& bookmaker, double share, double roi,
                                       int64_t ts, std::string& why, bool lay) {
    std::optional<double> price;
    if (!lay) price = price_of(symbol, bookmaker);
    else if (auto it = lay_prices_.find({symbol, bookmaker}); it != lay_prices_.end()) price = it->second;
    auto w = where_.find(symbol);
    if (!price || w == where_.end()) {
        why = "no price of " + symbol + " at " + bookmaker + " yet";
        return std::nullopt;
    }
    // Every leg gets its share of one total, so the caps bound the total, not a leg: a leg cut
    // or refused on its own would leave the others unhedged. The first leg fixes the total
    // within the event's remaining room; its partners (same market, time and profit) use it.
    SurebetPlan& plan = surebets_[w->second.event_id + "/" + w->second.market];
    if (plan.ts != ts || plan.roi != roi) {
        double total = std::min(s_.surebet_stake, s_.bankroll);
        if (s_.max_stake > 0) total = std::min(total, s_.max_stake);
        if (s_.max_event_stake > 0) total = std::min(total, s_.max_event_stake - staked_on_event(w->second.event_id));
        plan = SurebetPlan{ts, roi, std::max(0.0, total)};
    }
    const double stake = std::floor(share * plan.total / s_.stake_step + 1e-9) * s_.stake_step;
    why = "surebet leg " + std::to_string(share) + " of " + money(plan.total);
    if (stake < s_.min_stake) {
        why += "; stake " + money(stake) + " below min_stake " + money(s_.min_stake);
        return std::nullopt;
    }
    return Stake{stake, *price, lay ? stake * (*price - 1) : stake, share, why};
}

std::string Sizer::encode() const {
    std::ostringstream o;
    o.precision(17);
    for (const auto& [sym, st] : staked_) o << sym << '\t' << st << '\n';
    return o.str();
}

void Sizer::decode(const std::string& blob) {
    std::map<std::string, double> fresh;
    std::istringstream in(blob);
    std::string line;
    while (std::getline(in, line)) {
        const size_t tab = line.rfind('\t');
        if (tab == std::string::npos) throw std::runtime_error("not a stake record: '" + line + "'");
        try {
            fresh[line.substr(0, tab)] = std::stod(line.substr(tab + 1));
        } catch (const std::exception&) {
            throw std::runtime_error("not a stake record: '" + line + "'");
        }
    }
    staked_ = std::move(fresh);
}

}  // namespace tradehost::kelly_sizer
