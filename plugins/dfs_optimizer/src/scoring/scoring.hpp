// Fantasy points from stat lines under each site's published classic scoring table.
//
// Points are returned in hundredths (centi-points) as integers: every published value is a
// multiple of 0.01 (DraftKings' 1.25 per rebound, 0.04 per passing yard), so sums are exact and
// a lineup's total never depends on the order of floating-point additions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "stat_lines.hpp"

namespace dfs {

enum class Site { draftkings, fanduel };
enum class Sport { nfl, nba };

// "draftkings"/"dk" and "fanduel"/"fd"; "nfl" and "nba". Empty when unknown.
std::optional<Site> parse_site(std::string_view text);
std::optional<Sport> parse_sport(std::string_view text);
const char* site_name(Site site);
const char* sport_name(Sport sport);

using CentiPoints = int64_t;

// Which part of an NFL line counts: DraftKings scores a DST only on defensive stats, a
// kicker only on FanDuel. A position given as "DST"/"D" scores as a defense.
enum class NflRole { offense, kicker, defense };

CentiPoints nfl_points(Site site, NflRole role, const NflStatLine& line);
CentiPoints nba_points(Site site, const NbaStatLine& line);

// The points-allowed bracket of a defense (both sites publish the same table).
CentiPoints points_allowed_score(int32_t points_allowed);

}  // namespace dfs
