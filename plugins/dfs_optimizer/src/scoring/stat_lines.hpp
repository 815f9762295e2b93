// Box-score stat lines that the sites' classic scoring tables read. Plain counts, as the
// leagues publish them; nothing here knows about a site.
#pragma once

#include <cstdint>

namespace dfs {

// One NFL player's (or one team defense's) game. Fields a position never records stay 0.
struct NflStatLine {
    // offense
    int32_t passing_yards = 0;
    int32_t passing_tds = 0;
    int32_t interceptions_thrown = 0;
    int32_t rushing_yards = 0;
    int32_t rushing_tds = 0;
    int32_t receptions = 0;
    int32_t receiving_yards = 0;
    int32_t receiving_tds = 0;
    int32_t return_tds = 0;             // punt, kickoff or field-goal return touchdowns
    int32_t fumbles_lost = 0;
    int32_t two_point_conversions = 0;  // passing, rushing or receiving
    int32_t offensive_fumble_recovery_tds = 0;
    // kicker (FanDuel; DraftKings classic has no kicker)
    int32_t field_goals_0_39 = 0;
    int32_t field_goals_40_49 = 0;
    int32_t field_goals_50_plus = 0;
    int32_t extra_points_made = 0;
    // team defense / special teams
    int32_t sacks = 0;
    int32_t interceptions = 0;
    int32_t fumble_recoveries = 0;
    int32_t defensive_tds = 0;          // interception, fumble, blocked-kick and return TDs
    int32_t safeties = 0;
    int32_t blocked_kicks = 0;
    int32_t extra_point_returns = 0;    // two-point conversion or extra point returned
    int32_t points_allowed = 0;
};

struct NbaStatLine {
    int32_t points = 0;
    int32_t three_pointers_made = 0;
    int32_t rebounds = 0;
    int32_t assists = 0;
    int32_t steals = 0;
    int32_t blocks = 0;
    int32_t turnovers = 0;
};

}  // namespace dfs
