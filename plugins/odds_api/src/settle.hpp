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

enum class Result { Won, Lost, Push };

/// The result of `sel` given a completed event's scores; nullopt when the scores cannot
/// settle it: a market other than h2h/spreads/totals, an outcome that names no team in the
/// scores, a score that is not a number, or a quarter (Asian) line, which this feed does not
/// split. A tie in a two-way h2h market (no draw priced) is a push, as bookmakers void it.
std::optional<Result> settle(const Selection& sel, const ScoreRow& final_score);

const char* result_name(Result r);

}  // namespace tradehost::odds_api
