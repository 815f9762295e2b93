// Odds arithmetic a bettor's pipeline needs: formats, the bookmaker's margin removed three
// ways, Kelly stakes and the stakes that lock a surebet. Plain functions on doubles: the
// value finder, a Kelly sizer and the paper betting venue share them.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tradehost::betting {

/// American odds to decimal: +150 -> 2.5, -200 -> 1.5. Throws std::invalid_argument for
/// |american| < 100, which no American price has.
double american_to_decimal(double american);
/// Decimal to American: 2.5 -> +150, 1.5 -> -200 (evens, 2.0, is +100).
double decimal_to_american(double decimal);
/// Fractional ("5/2") to decimal (3.5).
double fractional_to_decimal(double numerator, double denominator);

/// How the margin is taken out of a set of prices of mutually exclusive outcomes.
enum class MarginMethod {
    Multiplicative,  ///< 1/o_i divided by the booksum (the "basic" or "normalised" method)
    Power,           ///< (1/o_i)^k with k such that they sum to 1 (Buchdahl's "logarithmic")
    Shin,            ///< Shin (1992, 1993) with Jullien & Salanié's iteration for z
};

/// Parses "multiplicative", "power" or "shin"; false if none.
bool parse_margin_method(const std::string& s, MarginMethod& out);

struct FairProbabilities {
    std::vector<double> p;  ///< one per outcome, summing to 1
    double booksum = 0;     ///< sum of 1/o_i: 1 + the margin
    double z = 0;           ///< Shin: the estimated share of insider money; else 0
    double k = 1;           ///< Power: the exponent; else 1
    int iterations = 0;
};

/// Fair probabilities from the decimal prices of every outcome of one market. Throws
/// std::invalid_argument for fewer than two outcomes or a price <= 1.
FairProbabilities fair_probabilities(const std::vector<double>& decimal_odds, MarginMethod method);

/// The fraction of the bankroll Kelly stakes on one bet at decimal odds `odds` that wins with
/// probability `p`: (p * odds - 1) / (odds - 1), or 0 when the bet has no edge.
double kelly_fraction(double p, double odds);

/// Kelly for several mutually exclusive outcomes of one event, backed at once (Smoczynski &
/// Tomkins, 2010): the fractions of the bankroll on each; 0 for outcomes not worth backing.
std::vector<double> simultaneous_kelly(const std::vector<double>& p, const std::vector<double>& odds);

/// A surebet: back every outcome of one market, each at its best decimal price net of its
/// commission on winnings (0.02 = 2 %). `stakes` (for a total `total_stake`) return the same
/// whatever wins; `profit` is that return minus the total. `arbitrage` is false (and the
/// stakes still balanced) when the net prices' inverses sum to 1 or more.
struct Surebet {
    bool arbitrage = false;
    double inverse_sum = 0;  ///< sum of 1/net price
    std::vector<double> stakes;
    double profit = 0;
};
Surebet surebet(const std::vector<double>& decimal_odds, const std::vector<double>& commission, double total_stake);

/// Back at a bookmaker and lay the same outcome on an exchange: the lay stake that makes the
/// result equal whether the outcome wins or loses, and that result. `lay_commission` is the
/// exchange's on net winnings.
struct BackLay {
    double lay_stake = 0;
    double liability = 0;  ///< lay_stake * (lay_odds - 1)
    double profit = 0;     ///< the same either way
};
BackLay back_lay(double back_stake, double back_odds, double lay_odds, double lay_commission);

/// The bound of a commission rate: rates in [0, max], or [0, max) when `inclusive` is false.
struct RateBound {
    double max = 1;
    bool inclusive = true;
};

/// Reads a commission list of 'NAME RATE' entries (a bookmaker or venue and its rate on
/// winnings, "betfair_ex_uk 0.05") into name -> rate. Throws std::invalid_argument
/// "[i] '<entry>': <expected>" for an entry that is not one name and one number, or whose rate
/// is outside `bound` (`expected` is the plugin's own wording of what it takes), and
/// "[i]: <name> listed twice" for a repeated name; the caller prefixes its config key.
std::map<std::string, double> parse_rate_list(const std::vector<std::string>& list, RateBound bound,
                                              const std::string& expected);

}  // namespace tradehost::betting
