// A CSV of box-score stat lines, one player a row, scored by a site's table.
#pragma once

#include <string>
#include <vector>

#include "scoring.hpp"

namespace tradehost::fantasy_scoring {

struct ScoredLine {
    std::string player_id;
    dfs::CentiPoints points = 0;
};

// Header: `player_id`, optional `position` (NFL: DST/D score as a defense, K as a kicker),
// then any of the stat columns named like the fields of dfs::NflStatLine / dfs::NbaStatLine
// (passing_yards, rushing_tds, ..., points, rebounds, ...). Unknown columns are an error, so a
// misspelt stat never scores as 0 silently. Throws std::runtime_error "file:line: what".
std::vector<ScoredLine> score_file(const std::string& path, dfs::Site site, dfs::Sport sport);

}  // namespace tradehost::fantasy_scoring
