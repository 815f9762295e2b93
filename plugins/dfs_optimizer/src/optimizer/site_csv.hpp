// The sites' CSV files: the salary export (DraftKings "DKSalaries.csv", FanDuel's players
// list), a projections file, the upload file of lineups, and the entries file late swap edits.
// Errors are std::runtime_error with "file:line: what".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lineup_model.hpp"
#include "site_rules.hpp"
#include "slate.hpp"

namespace dfs {

// DraftKings columns: Position, Name, ID, Salary, Game Info ("AWY@HOM 01/04/2025 04:30PM ET"),
// TeamAbbrev. FanDuel: Id, Position, Nickname (or First/Last Name), Salary, Game ("AWY@HOM"),
// Team, Opponent. Positions like "PG/SG" give multi-position eligibility.
Slate read_salary_csv(const std::string& path, Site site);

// Columns `id` (or `name`, matched with `team` when present) and `projection` (or `fpts`),
// optional `stddev` and `game_start` ("MM/DD/YYYY hh:mmAM"). Players not in the file get no
// projection and are left out of lineups. Returns the rows that matched no player.
std::vector<std::string> read_projections_csv(const std::string& path, Slate& slate);

// The site's upload CSV: one header row of slot names, one row of player ids per lineup.
std::string upload_csv(const SiteRules& rules, const Slate& slate, const std::vector<Lineup>& lineups);

// Lineups from an upload or entries CSV (DraftKings' entries file has Entry ID and contest
// columns first; cells are "id", "Name (id)" or FanDuel's "id:Name").
std::vector<Lineup> read_lineups_csv(const std::string& path, const SiteRules& rules, const Slate& slate);

// "MM/DD/YYYY hh:mmAM" (as DraftKings writes game times) in minutes since 1970-01-01 on the
// same wall clock; -1 when malformed.
int64_t parse_game_time(std::string_view text);

}  // namespace dfs
