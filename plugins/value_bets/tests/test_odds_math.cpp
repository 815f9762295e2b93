// The arithmetic against published examples and independent checks.
#include "odds_math.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

using namespace tradehost::betting;

TEST(OddsMath, FormatsConvertExactly) {
    EXPECT_DOUBLE_EQ(american_to_decimal(150), 2.5);
    EXPECT_DOUBLE_EQ(american_to_decimal(-200), 1.5);
    EXPECT_DOUBLE_EQ(american_to_decimal(100), 2.0);
    EXPECT_DOUBLE_EQ(american_to_decimal(-110), 1 + 100.0 / 110);
    EXPECT_DOUBLE_EQ(decimal_to_american(2.5), 150);
    EXPECT_DOUBLE_EQ(decimal_to_american(1.5), -200);
    EXPECT_DOUBLE_EQ(fractional_to_decimal(5, 2), 3.5);
    EXPECT_DOUBLE_EQ(fractional_to_decimal(1, 4), 1.25);
    EXPECT_THROW(american_to_decimal(50), std::invalid_argument);
    EXPECT_THROW(decimal_to_american(1.0), std::invalid_argument);
}

// The example the reference implementation publishes (github.com/mberk/shin, README):
// calculate_implied_probabilities([2.6, 2.4, 4.3]) -> these, with z = 0.01694251276407055.
TEST(OddsMath, ShinMatchesTheReferenceImplementationsPublishedExample) {
    const FairProbabilities f = fair_probabilities({2.6, 2.4, 4.3}, MarginMethod::Shin);
    EXPECT_NEAR(f.p[0], 0.37299406033208965, 1e-12);
    EXPECT_NEAR(f.p[1], 0.4047794109200184, 1e-12);
    EXPECT_NEAR(f.p[2], 0.2222265287474275, 1e-12);
    EXPECT_NEAR(f.z, 0.01694251276407055, 1e-12);
    EXPECT_NEAR(f.p[0] + f.p[1] + f.p[2], 1, 1e-9);
}

// Two outcomes take Shin's closed form; it must agree with the three-outcome iteration's
// fixed point condition: the probabilities sum to 1.
TEST(OddsMath, ShinTwoOutcomesClosedFormSumsToOne) {
    const FairProbabilities f = fair_probabilities({1.8, 2.1}, MarginMethod::Shin);
    EXPECT_NEAR(f.p[0] + f.p[1], 1, 1e-12);
    EXPECT_GT(f.z, 0);
    // The favourite keeps more of its share than proportional scaling gives it (Shin's
    // correction of the favourite-longshot bias).
    const FairProbabilities basic = fair_probabilities({1.8, 2.1}, MarginMethod::Multiplicative);
    EXPECT_GT(f.p[0], basic.p[0]);
}

TEST(OddsMath, MultiplicativeAndPowerRemoveTheMargin) {
    const std::vector<double> odds = {2.6, 2.4, 4.3};
    const FairProbabilities m = fair_probabilities(odds, MarginMethod::Multiplicative);
    const double booksum = 1 / 2.6 + 1 / 2.4 + 1 / 4.3;
    EXPECT_DOUBLE_EQ(m.booksum, booksum);
    EXPECT_NEAR(m.p[0], (1 / 2.6) / booksum, 1e-15);
    const FairProbabilities p = fair_probabilities(odds, MarginMethod::Power);
    EXPECT_NEAR(std::accumulate(p.p.begin(), p.p.end(), 0.0), 1, 1e-12);
    EXPECT_GT(p.k, 1);  // a positive margin needs k > 1
    for (size_t i = 0; i < odds.size(); ++i) EXPECT_NEAR(std::log(p.p[i]) / std::log(1 / odds[i]), p.k, 1e-9);
    // Power takes more from the longshot than the multiplicative method does.
    EXPECT_LT(p.p[2], m.p[2]);
    EXPECT_THROW(fair_probabilities({2.0}, MarginMethod::Shin), std::invalid_argument);
    EXPECT_THROW(fair_probabilities({2.0, 1.0}, MarginMethod::Power), std::invalid_argument);
}

// Kelly's worked example: a 60 % coin at even money (decimal 2.0) stakes 20 %.
TEST(OddsMath, KellyOfOneBet) {
    EXPECT_DOUBLE_EQ(kelly_fraction(0.6, 2.0), 0.2);
    EXPECT_NEAR(kelly_fraction(0.5, 3.0), 0.25, 1e-15);  // (1.5 - 1) / 2
    EXPECT_EQ(kelly_fraction(0.4, 2.0), 0);              // no edge: no bet
}

// Simultaneous Kelly for exclusive outcomes maximises expected log wealth: checked against a
// brute-force search over a grid of stakes.
TEST(OddsMath, SimultaneousKellyMaximisesExpectedLogWealth) {
    // The prices carry a margin (1/2 + 1/3.4 + 1/4 = 1.044): no surebet hides in them.
    const std::vector<double> p = {0.5, 0.3, 0.2}, odds = {2.0, 3.4, 4.0};
    const std::vector<double> f = simultaneous_kelly(p, odds);
    auto growth = [&](const std::vector<double>& s) {
        const double staked = s[0] + s[1] + s[2];
        double g = 0;
        for (size_t i = 0; i < 3; ++i) g += p[i] * std::log(1 - staked + s[i] * odds[i]);
        return g;
    };
    double best = -1e9;
    std::vector<double> arg(3);
    for (int a = 0; a <= 60; ++a)
        for (int b = 0; b <= 60; ++b)
            for (int c = 0; c <= 60; ++c) {
                const std::vector<double> s = {a / 1000.0, b / 1000.0, c / 1000.0};
                const double g = growth(s);
                if (g > best) best = g, arg = s;
            }
    EXPECT_GE(growth(f), best - 1e-12) << "the grid found a better allocation";
    for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(f[i], arg[i], 0.0011) << i;
    EXPECT_GT(f[0], 0);
    EXPECT_GT(f[1], 0);  // 0.3 * 3.4 = 1.02: backed although its price alone is near fair
    EXPECT_EQ(f[2], 0);  // 0.2 * 4.0 = 0.8 < the reserve rate: not backed
}

// Two bookmakers each pricing one side of a two-way market at 2.10: 1/2.1 * 2 = 0.952, so
// 100 staked 50/50 returns 105 whatever wins.
TEST(OddsMath, SurebetStakesLockTheProfit) {
    const Surebet s = surebet({2.10, 2.10}, {0, 0}, 100);
    EXPECT_TRUE(s.arbitrage);
    EXPECT_NEAR(s.stakes[0], 50, 1e-12);
    EXPECT_NEAR(s.profit, 5, 1e-12);
    // Uneven prices: each stake times its price returns the same.
    const Surebet u = surebet({1.5, 4.0, 10.0}, {0, 0, 0}, 1000);
    EXPECT_NEAR(u.inverse_sum, 1 / 1.5 + 0.25 + 0.1, 1e-15);
    EXPECT_FALSE(u.arbitrage);  // 1.0167: a loss of 1.64 % whatever wins
    EXPECT_NEAR(u.stakes[0] * 1.5, u.stakes[1] * 4.0, 1e-9);
    EXPECT_NEAR(u.stakes[1] * 4.0, u.stakes[2] * 10.0, 1e-9);
    // Commission on an exchange's winnings turns 2.10 into 1 + 1.10 * 0.95 = 2.045.
    const Surebet c = surebet({2.10, 2.10}, {0, 0.05}, 100);
    EXPECT_NEAR(c.inverse_sum, 1 / 2.1 + 1 / 2.045, 1e-15);
}

// Back 100 at 3.0 with a bookmaker, lay at 2.8 on an exchange with 5 % commission: the lay
// stake 300 / 2.75 = 109.09 makes both results equal.
TEST(OddsMath, BackLayEqualisesBothResults) {
    const BackLay r = back_lay(100, 3.0, 2.8, 0.05);
    EXPECT_NEAR(r.lay_stake, 300 / 2.75, 1e-12);
    const double if_wins = 100 * 2.0 - r.lay_stake * 1.8;
    const double if_loses = -100 + r.lay_stake * 0.95;
    EXPECT_NEAR(if_wins, if_loses, 1e-9);
    EXPECT_NEAR(r.profit, if_loses, 1e-12);
    EXPECT_NEAR(r.liability, r.lay_stake * 1.8, 1e-12);
}

// The commission list every betting plugin reads ('NAME RATE'), with the plugin's bound.
TEST(OddsMath, RateListsReadNamesAndRatesWithinTheCallersBound) {
    const std::string expected = "expected 'NAME RATE'";
    auto r = parse_rate_list({"betfair_ex_uk 0.05", "smarkets  0.02", "matchbook 0"}, {0.5, true}, expected);
    EXPECT_EQ(r, (std::map<std::string, double>{{"betfair_ex_uk", 0.05}, {"smarkets", 0.02}, {"matchbook", 0}}));
    EXPECT_TRUE(parse_rate_list({}, {1, false}, expected).empty());
    // The bound: inclusive (paper_book's 0..0.5) or not (surebet's 0..1, where 1 takes every win).
    EXPECT_EQ(parse_rate_list({"x 0.5"}, {0.5, true}, expected).at("x"), 0.5);
    EXPECT_EQ(parse_rate_list({"x 0.999"}, {1, false}, expected).at("x"), 0.999);
    auto error_of = [&](const std::vector<std::string>& list, RateBound bound) {
        try {
            parse_rate_list(list, bound, expected);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error_of({"x 0.51"}, {0.5, true}), "[0] 'x 0.51': expected 'NAME RATE'");
    EXPECT_EQ(error_of({"a 0.1", "x 1"}, {1, false}), "[1] 'x 1': expected 'NAME RATE'");
    EXPECT_EQ(error_of({"x -0.01"}, {1, false}), "[0] 'x -0.01': expected 'NAME RATE'");
    EXPECT_EQ(error_of({"x five"}, {1, false}), "[0] 'x five': expected 'NAME RATE'");
    EXPECT_EQ(error_of({"x 5%"}, {1, false}), "[0] 'x 5%': expected 'NAME RATE'");
    EXPECT_EQ(error_of({"x 0.05 y"}, {1, false}), "[0] 'x 0.05 y': expected 'NAME RATE'");
    EXPECT_EQ(error_of({"0.05"}, {1, false}), "[0] '0.05': expected 'NAME RATE'");
    EXPECT_EQ(error_of({""}, {1, false}), "[0] '': expected 'NAME RATE'");
    EXPECT_EQ(error_of({"x 0.05", "x 0.02"}, {1, false}), "[1]: x listed twice");
}
