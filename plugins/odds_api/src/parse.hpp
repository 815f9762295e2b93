// The Odds API v4 JSON -> plain rows: the odds of every bookmaker, market and outcome of every
// event, and the scores of events. Pure functions, no host: the feed turns rows into events.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::venue::json {
class Decoder;
}

namespace tradehost::odds_api {

enum class OddsFormat { Decimal, American };

/// One price: an outcome of one bookmaker's market of one event.
struct OddsRow {
    std::string event_id, sport_key, home_team, away_team;
    int64_t commence_ns = 0;
    std::string bookmaker;   ///< the bookmaker's key ("pinnacle", "betfair_ex_uk")
    int64_t last_update_ns = 0;  ///< the market's last_update, else the bookmaker's
    std::string market_key;  ///< "h2h", "spreads", "totals", "outrights", "h2h_lay", ...
    std::string outcome;     ///< the outcome's name ("Dallas Cowboys", "Draw", "Over")
    std::string description; ///< player markets: the player; else ""
    th_fixed price = 0;      ///< decimal odds, exact
    bool has_point = false;
    th_fixed point = 0;      ///< the handicap or total line
};

/// One event of /scores.
struct ScoreRow {
    std::string event_id, sport_key, home_team, away_team;
    int64_t commence_ns = 0;
    bool completed = false;
    bool has_scores = false;  ///< false while "scores" is null (not started)
    std::vector<std::pair<std::string, std::string>> scores;  ///< team name, score as sent
    int64_t last_update_ns = 0;  ///< 0 when null
};

/// American odds to decimal, exactly to 1e-8 (rounded half up): +240 -> 3.4, -303 -> 1.33003300.
/// Throws std::invalid_argument for |american| < 100.
th_fixed american_to_decimal_fixed(th_fixed american);

/// The body of GET /v4/sports/{sport}/odds. Throws std::runtime_error naming the event and
/// field for a document that is not the documented shape (a missing id, price or name).
std::vector<OddsRow> parse_odds(std::string_view body, OddsFormat format);
/// The same with a reused decoder, into `out` (cleared first): what a feed polling every
/// few seconds and decode_bench use.
void parse_odds(venue::json::Decoder& dec, std::string_view body, OddsFormat format, std::vector<OddsRow>& out);

/// The body of GET /v4/sports/{sport}/scores. Throws std::runtime_error as parse_odds.
std::vector<ScoreRow> parse_scores(std::string_view body);

/// The API's error body {"message", "error_code", "details_url"}; both empty when the body is
/// not that shape.
struct ApiError {
    std::string code, message;
};
ApiError parse_error(std::string_view body);

}  // namespace tradehost::odds_api
