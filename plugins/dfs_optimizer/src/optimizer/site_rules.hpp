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

    int roster_size() const { return static_cast<int>(slots.size()); }
};

SiteRules site_rules(Site site, Sport sport);

}  // namespace dfs
