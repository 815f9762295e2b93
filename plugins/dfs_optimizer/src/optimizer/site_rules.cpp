// Sources (README.md has the pages and the date checked):
// DraftKings NFL: QB, RB, RB, WR, WR, WR, TE, FLEX (RB/WR/TE), DST; $50,000; players from at
//   least 2 teams and 2 games.
// DraftKings NBA: PG, SG, SF, PF, C, G (PG/SG), F (SF/PF), UTIL; $50,000; 2 teams, 2 games.
// FanDuel NFL: QB, RB, RB, WR, WR, WR, TE, FLEX (RB/WR/TE), DEF; $60,000; at most 4 players
//   from one team, players from at least 3 teams.
// FanDuel NBA: PG, PG, SG, SG, SF, SF, PF, PF, C; $60,000; at most 4 from one team, 3 teams.
// DraftKings showdown: CPT (1.5x salary, 1.5x points) + 5 FLEX (NFL) or UTIL (NBA); $50,000;
//   players from both teams of the one game.
#include "site_rules.hpp"

#include <stdexcept>

namespace dfs {

SiteRules site_rules(Site site, Sport sport) {
    SiteRules r{site, sport, {}, 0, 2, 2, 0, {}, false};
    const std::vector<std::string> flex{"RB", "WR", "TE"};
    if (site == Site::draftkings && sport == Sport::nfl) {
        r.slots = {{"QB", {"QB"}}, {"RB", {"RB"}}, {"RB", {"RB"}}, {"WR", {"WR"}}, {"WR", {"WR"}},
                   {"WR", {"WR"}}, {"TE", {"TE"}}, {"FLEX", flex}, {"DST", {"DST"}}};
        r.salary_cap = 50000;
        r.defense_position = "DST";
    } else if (site == Site::draftkings) {
        r.slots = {{"PG", {"PG"}}, {"SG", {"SG"}}, {"SF", {"SF"}}, {"PF", {"PF"}}, {"C", {"C"}},
                   {"G", {"PG", "SG"}}, {"F", {"SF", "PF"}}, {"UTIL", {"PG", "SG", "SF", "PF", "C"}}};
        r.salary_cap = 50000;
    } else if (sport == Sport::nfl) {
        r.slots = {{"QB", {"QB"}}, {"RB", {"RB"}}, {"RB", {"RB"}}, {"WR", {"WR"}}, {"WR", {"WR"}},
                   {"WR", {"WR"}}, {"TE", {"TE"}}, {"FLEX", flex}, {"DEF", {"D"}}};
        r.salary_cap = 60000;
        r.min_teams = 3;
        r.max_per_team = 4;
        r.defense_position = "D";
    } else {
        r.slots = {{"PG", {"PG"}}, {"PG", {"PG"}}, {"SG", {"SG"}}, {"SG", {"SG"}}, {"SF", {"SF"}},
                   {"SF", {"SF"}}, {"PF", {"PF"}}, {"PF", {"PF"}}, {"C", {"C"}}};
        r.salary_cap = 60000;
        r.min_teams = 3;
        r.max_per_team = 4;
    }
    return r;
}

SiteRules showdown_rules(Site site, Sport sport) {
    if (site != Site::draftkings) throw std::invalid_argument("showdown: only DraftKings' captain mode is done");
    SiteRules r{site, sport, {}, 50000, 1, 2, 0, {}, true};
    const std::string flex = sport == Sport::nfl ? "FLEX" : "UTIL";  // what DraftKings calls the 5 others
    r.slots = {{"CPT", {"CPT"}}, {flex, {flex}}, {flex, {flex}}, {flex, {flex}}, {flex, {flex}}, {flex, {flex}}};
    if (sport == Sport::nfl) r.defense_position = "DST";
    return r;
}

}  // namespace dfs
