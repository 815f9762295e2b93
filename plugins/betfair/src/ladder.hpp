// betfair: the exchange's price ladder for odds markets (CLASSIC). Betfair accepts only these
// prices; any other is refused with INVALID_ODDS ("Odds not on price ladder - either edit or
// placement"). Bands from the API-NG reference, "Betfair Price Increments" (read 2026-12-02):
//   1.01-2 by 0.01, 2-3 by 0.02, 3-4 by 0.05, 4-6 by 0.1, 6-10 by 0.2, 10-20 by 0.5,
//   20-30 by 1, 30-50 by 2, 50-100 by 5, 100-1000 by 10: 350 prices.
// Asian handicap and total goals markets use 1.01-1000 by 0.01 (FINEST), not this ladder.
// Pure integer arithmetic on th_fixed: no double anywhere.
#pragma once

#include <tradehost/plugin.h>

#include <cstddef>
#include <optional>
#include <string>

namespace tradehost::betfair::ladder {

inline constexpr th_fixed kMin = 101000000;           ///< 1.01
inline constexpr th_fixed kMax = 100000000000;        ///< 1000
inline constexpr std::size_t kTicks = 350;

/// The increment that applies at `px` when moving up from it (px in [1.01, 1000)).
th_fixed tick_above(th_fixed px) noexcept;
/// True when `px` is a price on the ladder.
bool on_ladder(th_fixed px) noexcept;
/// The ladder's i-th price (0: 1.01, 349: 1000); i < kTicks.
th_fixed price_at(std::size_t i) noexcept;
/// Index of a ladder price; nullopt off the ladder.
std::optional<std::size_t> index_of(th_fixed px) noexcept;

enum class Round { nearest, down, up };
/// The ladder price for `px`: nearest (ties go to the price better for the backer: up),
/// the one at or below, or at or above. Clamped to [1.01, 1000].
th_fixed snap(th_fixed px, Round how = Round::nearest) noexcept;
/// `px` moved `n` ticks (negative: down), clamped to the ladder's ends; px must be on it.
th_fixed ticks_away(th_fixed px, int n) noexcept;
/// Ticks from a to b (b above a: positive); both must be on the ladder.
int ticks_between(th_fixed a, th_fixed b) noexcept;

/// The local refusal of an off-ladder price, in the venue's words:
/// "INVALID_ODDS Odds not on price ladder: 2.03 (nearest 2.02, 2.04)".
std::string off_ladder_reason(th_fixed px);

}  // namespace tradehost::betfair::ladder
