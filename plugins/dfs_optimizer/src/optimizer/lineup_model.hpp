// Builds the 0/1 program of one lineup: a column per player who may be chosen,
// rows for the site's rules and the run's options, each row tagged with the rule it
// enforces so an infeasible run can name the rule.
#pragma once

#include <cstdint>
#include <vector>

#include "linear_model.hpp"
#include "options.hpp"
#include "site_rules.hpp"
#include "slate.hpp"

namespace dfs {

// One lineup: the player index filling each slot, in the site's slot order.
using Lineup = std::vector<int>;

struct LineupRequest {
    const Slate* slate = nullptr;
    const SiteRules* rules = nullptr;
    const OptimizeOptions* options = nullptr;
    std::vector<int64_t> objective;        // per player, centi-points
    std::vector<bool> excluded;            // per player: never chosen
    std::vector<bool> over_max_exposure;   // per player: reached its max share
    std::vector<bool> needs_min_exposure;  // per player: must be in this lineup
    std::vector<Lineup> earlier;           // lineups this one must differ from
    std::vector<int> fixed_slot;           // per slot: player index kept (late swap) or -1
};

struct BuiltModel {
    LinearModel model;
    std::vector<int> col_player;  // per column: player index, or -1 for helper columns
};

BuiltModel build_lineup_model(const LineupRequest& req);

// The lineup in a solution: the chosen players put into slots (kept players stay in theirs).
Lineup read_lineup(const LineupRequest& req, const BuiltModel& built, const std::vector<double>& x);

}  // namespace dfs
