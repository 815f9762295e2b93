// The tables are transcribed from the sites' rules pages; README.md names the pages and the
// date they were checked. Values are centi-points (1 point = 100).
#include "scoring.hpp"

namespace dfs {

std::optional<Site> parse_site(std::string_view t) {
    if (t == "draftkings" || t == "dk" || t == "DraftKings" || t == "DK") return Site::draftkings;
    if (t == "fanduel" || t == "fd" || t == "FanDuel" || t == "FD") return Site::fanduel;
    return std::nullopt;
}

std::optional<Sport> parse_sport(std::string_view t) {
    if (t == "nfl" || t == "NFL") return Sport::nfl;
    if (t == "nba" || t == "NBA") return Sport::nba;
    return std::nullopt;
}

const char* site_name(Site s) { return s == Site::draftkings ? "draftkings" : "fanduel"; }
const char* sport_name(Sport s) { return s == Sport::nfl ? "nfl" : "nba"; }

CentiPoints points_allowed_score(int32_t pa) {
    if (pa <= 0) return 1000;
    if (pa <= 6) return 700;
    if (pa <= 13) return 400;
    if (pa <= 20) return 100;
    if (pa <= 27) return 0;
    if (pa <= 34) return -100;
    return -400;
}

namespace {

// Per-unit values of one site's NFL offensive table.
struct NflOffenseTable {
    CentiPoints passing_yard, passing_td, interception, rushing_yard, rushing_td, reception,
        receiving_yard, receiving_td, return_td, fumble_lost, two_point, fumble_recovery_td;
    CentiPoints bonus_300_passing, bonus_100_rushing, bonus_100_receiving;
};

// DraftKings NFL classic: full point per reception, +3 at 300 passing / 100 rushing /
// 100 receiving yards.
constexpr NflOffenseTable kDraftKingsNfl{4, 400, -100, 10, 600, 100, 10, 600, 600, -100, 200, 600,
                                         300, 300, 300};
// FanDuel NFL: half point per reception, fumble lost -2, no yardage bonuses.
constexpr NflOffenseTable kFanDuelNfl{4, 400, -100, 10, 600, 50, 10, 600, 600, -200, 200, 600,
                                      0, 0, 0};

CentiPoints offense(const NflOffenseTable& t, const NflStatLine& l) {
    CentiPoints p = 0;
    p += t.passing_yard * l.passing_yards + t.passing_td * l.passing_tds;
    p += t.interception * l.interceptions_thrown;
    p += t.rushing_yard * l.rushing_yards + t.rushing_td * l.rushing_tds;
    p += t.reception * l.receptions;
    p += t.receiving_yard * l.receiving_yards + t.receiving_td * l.receiving_tds;
    p += t.return_td * l.return_tds + t.fumble_lost * l.fumbles_lost;
    p += t.two_point * l.two_point_conversions + t.fumble_recovery_td * l.offensive_fumble_recovery_tds;
    if (l.passing_yards >= 300) p += t.bonus_300_passing;
    if (l.rushing_yards >= 100) p += t.bonus_100_rushing;
    if (l.receiving_yards >= 100) p += t.bonus_100_receiving;
    return p;
}

// Both sites score a team defense the same way: sack 1, interception 2, fumble recovery 2,
// any defensive or return touchdown 6, safety 2, blocked kick 2, extra-point return 2, plus
// the points-allowed bracket.
CentiPoints defense(const NflStatLine& l) {
    CentiPoints p = 100 * l.sacks + 200 * l.interceptions + 200 * l.fumble_recoveries;
    p += 600 * l.defensive_tds + 600 * l.return_tds + 200 * l.safeties + 200 * l.blocked_kicks;
    p += 200 * l.extra_point_returns;
    return p + points_allowed_score(l.points_allowed);
}

// FanDuel kickers: 3 / 4 / 5 by field-goal distance, 1 per extra point.
CentiPoints kicker(const NflStatLine& l) {
    return 300 * l.field_goals_0_39 + 400 * l.field_goals_40_49 + 500 * l.field_goals_50_plus +
           100 * l.extra_points_made;
}

}  // namespace

CentiPoints nfl_points(Site site, NflRole role, const NflStatLine& l) {
    const NflOffenseTable& t = site == Site::draftkings ? kDraftKingsNfl : kFanDuelNfl;
    switch (role) {
        case NflRole::defense: return defense(l);
        case NflRole::kicker: return kicker(l) + offense(t, l);
        case NflRole::offense: break;
    }
    return offense(t, l);
}

CentiPoints nba_points(Site site, const NbaStatLine& l) {
    if (site == Site::fanduel) {
        // Points as scored (a three is 3), rebound 1.2, assist 1.5, steal 3, block 3, turnover -1.
        return 100 * l.points + 120 * l.rebounds + 150 * l.assists + 300 * l.steals +
               300 * l.blocks - 100 * l.turnovers;
    }
    CentiPoints p = 100 * l.points + 50 * l.three_pointers_made + 125 * l.rebounds +
                    150 * l.assists + 200 * l.steals + 200 * l.blocks - 50 * l.turnovers;
    // Double-double and triple-double count ten or more in points, rebounds, assists, blocks
    // and steals; a triple-double earns both bonuses (1.5 + 3), at most one of each.
    const int tens = (l.points >= 10) + (l.rebounds >= 10) + (l.assists >= 10) +
                     (l.blocks >= 10) + (l.steals >= 10);
    if (tens >= 2) p += 150;
    if (tens >= 3) p += 300;
    return p;
}

}  // namespace dfs
