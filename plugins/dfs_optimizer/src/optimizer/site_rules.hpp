// Classic-contest roster rules of each site and sport: slots with the positions each one
// accepts, the salary cap and the team/game spread every lineup needs.
#pragma once

#include <string>
#include <vector>

#include "../scoring/scoring.hpp"

namespace dfs {

struct RosterSlot {
    std::string name;                   // the upload CSV's column header
    std::vector<std::string> accepts;   // real positions that may fill it
};

struct SiteRules {
    Site site;
    Sport sport;
    std::vector<RosterSlot> slots;
    int salary_cap = 0;
    int min_games = 2;
    int min_teams = 2;
    int max_per_team = 0;               // 0: no limit
    std::string defense_position;       // "DST" (DraftKings) or "D" (FanDuel), NFL only
    bool showdown = false;              // one game: CPT at 1.5x salary and points + 5 FLEX

    int roster_size() const { return static_cast<int>(slots.size()); }
};

SiteRules site_rules(Site site, Sport sport);

// DraftKings showdown (one game): a captain (CPT) and 5 FLEX (NBA: UTIL) under $50,000, players
// from both teams. The salary export lists every player twice, as a CPT row (its own id, 1.5x
// salary) and a FLEX (UTIL) row; the captain's points count 1.5x. Throws std::invalid_argument for FanDuel
// (its single-game contests pay an MVP 1.5x points at no salary premium: not done).
SiteRules showdown_rules(Site site, Sport sport);

}  // namespace dfs
