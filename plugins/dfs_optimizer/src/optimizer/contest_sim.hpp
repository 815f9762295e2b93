// Contest simulation: the score distribution of a set of lineups when every player's points
// are normal around the projection with the player's stddev, and teammates' points are
// correlated (one shared team factor). Seeded Monte Carlo, for choosing among lineups.
#pragma once

#include <cstdint>
#include <vector>

#include "lineup_model.hpp"
#include "slate.hpp"

namespace dfs {

struct SimOptions {
    int simulations = 10000;
    double team_correlation = 0.2;  // correlation of two teammates' points, 0..1
    double default_stddev = 0.35;   // x projection, for players the projections give none
    uint64_t seed = 1;
};

struct LineupDistribution {
    double mean = 0;        // points
    double stddev = 0;
    double p10 = 0, p50 = 0, p90 = 0;
    double best_share = 0;  // share of simulations in which this lineup scores highest of the set
};

std::vector<LineupDistribution> simulate(const Slate& slate, const std::vector<Lineup>& lineups, const SimOptions& o);

// The exact mean and variance the model implies (for checking the simulation).
void exact_moments(const Slate& slate, const Lineup& lineup, const SimOptions& o, double& mean, double& variance);

}  // namespace dfs
