#include "odds_math.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace tradehost::betting {

double american_to_decimal(double american) {
    if (!(std::fabs(american) >= 100)) throw std::invalid_argument("American odds are +100 or more, or -100 or less");
    return american > 0 ? 1 + american / 100 : 1 + 100 / -american;
}

double decimal_to_american(double decimal) {
    if (!(decimal > 1)) throw std::invalid_argument("decimal odds must be above 1");
    return decimal >= 2 ? (decimal - 1) * 100 : -100 / (decimal - 1);
}

double fractional_to_decimal(double numerator, double denominator) {
    if (!(numerator > 0) || !(denominator > 0)) throw std::invalid_argument("fractional odds need two positive numbers");
    return 1 + numerator / denominator;
}

bool parse_margin_method(const std::string& s, MarginMethod& out) {
    if (s == "multiplicative") out = MarginMethod::Multiplicative;
    else if (s == "power") out = MarginMethod::Power;
    else if (s == "shin") out = MarginMethod::Shin;
    else return false;
    return true;
}

namespace {

// Shin's probabilities for a given z.
double shin_p(double inverse_odds, double booksum, double z) {
    return (std::sqrt(z * z + 4 * (1 - z) * inverse_odds * inverse_odds / booksum) - z) / (2 * (1 - z));
}

}  // namespace

FairProbabilities fair_probabilities(const std::vector<double>& odds, MarginMethod method) {
    if (odds.size() < 2) throw std::invalid_argument("a market needs at least two outcomes");
    std::vector<double> inv;
    for (double o : odds) {
        if (!(o > 1) || !std::isfinite(o)) throw std::invalid_argument("decimal odds must be finite and above 1");
        inv.push_back(1 / o);
    }
    FairProbabilities f;
    f.booksum = std::accumulate(inv.begin(), inv.end(), 0.0);
    const size_t n = inv.size();
    switch (method) {
    case MarginMethod::Multiplicative:
        for (double i : inv) f.p.push_back(i / f.booksum);
        break;
    case MarginMethod::Power: {
        // sum (1/o_i)^k is decreasing in k: bisect for the k where it is 1 (k > 1 with a
        // margin, k < 1 with a negative one).
        auto total = [&](double k) {
            double s = 0;
            for (double i : inv) s += std::pow(i, k);
            return s;
        };
        double lo = 0.01, hi = 100;
        for (f.iterations = 0; f.iterations < 200 && hi - lo > 1e-15; ++f.iterations) {
            const double mid = (lo + hi) / 2;
            (total(mid) > 1 ? lo : hi) = mid;
        }
        f.k = (lo + hi) / 2;
        for (double i : inv) f.p.push_back(std::pow(i, f.k));
        break;
    }
    case MarginMethod::Shin: {
        double z = 0;
        if (n == 2) {
            // Two outcomes: z in closed form (Shin, as the reference implementation does).
            const double d = inv[0] - inv[1], b = f.booksum;
            z = ((b - 1) * (d * d - b)) / (b * (d * d - 1));
        } else {
            // Jullien & Salanié (1994): iterate z to its fixed point.
            double delta = INFINITY;
            for (f.iterations = 0; delta > 1e-12 && f.iterations < 1000; ++f.iterations) {
                const double z0 = z;
                double s = 0;
                for (double i : inv) s += std::sqrt(z * z + 4 * (1 - z) * i * i / f.booksum);
                z = (s - 2) / static_cast<double>(n - 2);
                delta = std::fabs(z - z0);
            }
        }
        f.z = z;
        for (double i : inv) f.p.push_back(shin_p(i, f.booksum, z));
        break;
    }
    }
    return f;
}

double kelly_fraction(double p, double odds) {
    if (!(odds > 1)) return 0;
    return std::max(0.0, (p * odds - 1) / (odds - 1));
}

std::vector<double> simultaneous_kelly(const std::vector<double>& p, const std::vector<double>& odds) {
    if (p.size() != odds.size()) throw std::invalid_argument("one probability per price");
    const size_t n = p.size();
    // Outcomes by expected return p*o, best first; add them while the reserve rate allows.
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] * odds[a] > p[b] * odds[b]; });
    double p_in = 0, inv_in = 0, reserve = 1;  // reserve rate R: the bankroll kept back
    size_t chosen = 0;
    for (size_t k = 0; k < n; ++k) {
        const size_t i = order[k];
        if (!(p[i] * odds[i] > reserve)) break;
        p_in += p[i];
        inv_in += 1 / odds[i];
        ++chosen;
        if (inv_in >= 1) break;  // backing these alone is already a book: no reserve needed
        reserve = (1 - p_in) / (1 - inv_in);
    }
    std::vector<double> f(n, 0.0);
    for (size_t k = 0; k < chosen; ++k) {
        const size_t i = order[k];
        f[i] = std::max(0.0, p[i] - reserve / odds[i]);
    }
    return f;
}

Surebet surebet(const std::vector<double>& odds, const std::vector<double>& commission, double total_stake) {
    if (odds.size() < 2 || commission.size() != odds.size()) throw std::invalid_argument("one commission per price, two or more prices");
    Surebet s;
    std::vector<double> net;
    for (size_t i = 0; i < odds.size(); ++i) {
        if (!(odds[i] > 1)) throw std::invalid_argument("decimal odds must be above 1");
        net.push_back(1 + (odds[i] - 1) * (1 - commission[i]));  // commission on winnings only
        s.inverse_sum += 1 / net.back();
    }
    // Stake each in proportion to 1/net price: every outcome returns total / inverse_sum.
    for (double o : net) s.stakes.push_back(total_stake / (o * s.inverse_sum));
    s.profit = total_stake / s.inverse_sum - total_stake;
    s.arbitrage = s.inverse_sum < 1;
    return s;
}

BackLay back_lay(double back_stake, double back_odds, double lay_odds, double lay_commission) {
    if (!(back_odds > 1) || !(lay_odds > 1)) throw std::invalid_argument("decimal odds must be above 1");
    BackLay r;
    // Wins: back_stake*(back_odds-1) - lay_stake*(lay_odds-1). Loses: -back_stake + lay_stake*(1-c).
    r.lay_stake = back_stake * back_odds / (lay_odds - lay_commission);
    r.liability = r.lay_stake * (lay_odds - 1);
    r.profit = r.lay_stake * (1 - lay_commission) - back_stake;
    return r;
}

std::map<std::string, double> parse_rate_list(const std::vector<std::string>& list, RateBound bound,
                                              const std::string& expected) {
    std::map<std::string, double> out;
    for (size_t i = 0; i < list.size(); ++i) {
        std::istringstream in(list[i]);
        std::string name, extra;
        double rate = -1;
        in >> name >> rate;
        const bool read = !in.fail();
        in >> extra;  // anything after the rate makes the entry ambiguous: refused
        const bool in_bound = rate >= 0 && (bound.inclusive ? rate <= bound.max : rate < bound.max);
        if (name.empty() || !read || !extra.empty() || !in_bound)
            throw std::invalid_argument("[" + std::to_string(i) + "] '" + list[i] + "': " + expected);
        if (!out.emplace(name, rate).second)
            throw std::invalid_argument("[" + std::to_string(i) + "]: " + name + " listed twice");
    }
    return out;
}

}  // namespace tradehost::betting
