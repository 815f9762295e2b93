// N lineups, each the best one the rules allow after the earlier ones, solved exactly by CBC.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "lineup_model.hpp"

namespace dfs {

// A rule set no lineup can meet. `rule` is the row that first makes the model infeasible when
// the rules are added one family at a time (roster, salary cap, min salary, games, teams,
// per-team limit, locks, late-swap locks, stacks, exposures, uniqueness).
class Infeasible : public std::runtime_error {
public:
    Infeasible(std::string rule, const std::string& message)
        : std::runtime_error(message), rule_(std::move(rule)) {}
    const std::string& rule() const { return rule_; }

private:
    std::string rule_;
};

struct OptimizeResult {
    std::vector<Lineup> lineups;
    std::vector<int64_t> projected;  // each lineup's total under the unperturbed projections
};

// Throws Infeasible when a lineup cannot be built (with the lineup number in the message),
// std::invalid_argument for options that name unknown players or are out of range.
OptimizeResult optimize(const Slate& slate, const SiteRules& rules, const OptimizeOptions& options);

// Late swap: keeps each lineup's players whose games started before `now` (minutes, same
// clock as Player::game_start) in their slots and re-optimises the other slots, lineup by
// lineup. Players of started games not already in a lineup are not available.
OptimizeResult late_swap(const Slate& slate, const SiteRules& rules, const OptimizeOptions& options,
                         const std::vector<Lineup>& entries, int64_t now);

int64_t lineup_salary(const Slate& slate, const Lineup& l);
int64_t lineup_projection(const Slate& slate, const Lineup& l);

}  // namespace dfs
