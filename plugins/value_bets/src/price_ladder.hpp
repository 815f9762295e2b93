// Betfair's price ladder: the 350 prices from 1.01 to 1000 at which the exchange accepts
// bets, with an increment that grows with the price (Betfair Exchange API, "Betfair Price
// Increments"). Prices are kept in hundredths so that every step is exact.
#pragma once

namespace tradehost::betting {

class PriceLadder {
public:
    /// Prices on the ladder.
    static constexpr int kTicks = 350;

    /// The price at index 0..349 (1.01 ... 1000).
    static double price_at(int index);
    /// The index of `price` if it is on the ladder (within 1e-9), else -1.
    static int index_of(double price);
    static bool on_ladder(double price) { return index_of(price) >= 0; }

    enum class Round { Nearest, Down, Up };
    /// The ladder price nearest `price` (ties go down for backs' sake: the smaller price),
    /// or the one below or above it; clamped to 1.01 ... 1000.
    static double snap(double price, Round how = Round::Nearest);
    /// The price `ticks` steps from `price` (which must be on the ladder), clamped at the ends.
    static double ticks_away(double price, int ticks);
    /// Steps from `a` to `b` (both on the ladder; negative when b < a).
    static int ticks_between(double a, double b);
};

}  // namespace tradehost::betting
