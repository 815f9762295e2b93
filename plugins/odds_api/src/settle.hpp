// Results of selections from final scores: which back bets on a head-to-head, spread or total
// outcome won, lost or were pushed (stakes returned). Pure functions.
#pragma once

#include "parse.hpp"

#include <optional>
#include <string>

namespace tradehost::odds_api {

/// A selection as the feed published it: the market key without its "_lay" suffix, the line,
/// the outcome's name.
struct Selection {
    std::string market;  ///< "h2h", "spreads", "totals", ...
    bool has_point = false;
    th_fixed point = 0;
    std::string outcome;
    bool market_has_draw = false;  ///< h2h: "Draw" is one of the market's outcomes (3-way)
};

/// A quarter (Asian) line, x.25 or x.75, is two half stakes on the neighbouring lines (-0.25 is
/// 0 and -0.5), so besides won, lost and push it can be half won (one half won, the other
/// pushed) or half lost (one half lost, the other pushed).
enum class Result { Won, Lost, Push, HalfWon, HalfLost };

/// The result of `sel` given a completed event's scores; nullopt when the scores cannot
/// settle it: a market other than h2h/spreads/totals, an outcome that names no team in the
/// scores, a score that is not a number, or a line that is not a multiple of 0.25. A tie in
/// a two-way h2h market (no draw priced) is a push, as bookmakers void it.
std::optional<Result> settle(const Selection& sel, const ScoreRow& final_score);

const char* result_name(Result r);

/// The result as the settlement event's price ("score" of the selection per unit staked, in
/// th_fixed): won 1, half won 0.75, push 0.5, half lost 0.25, lost 0. Pushes are published as
/// VOID (stakes back), the rest as RESOLVED; 1 and 0 are what they always were, so a
/// consumer that knows only won/lost reads whole and half lines as before.
th_fixed result_score(Result r);

}  // namespace tradehost::odds_api
