// Contest simulation: the score distribution of a set of lineups when the players' points are
// jointly normal: each around the projection with the player's stddev, teammates correlated.
// The covariance matrix of the players used is factored once (Cholesky) and each simulation
// draws points = mean + L z from seeded standard normals, so the same seed gives the same
// numbers. Reports, per lineup, what a user needs to choose among lineups: mean, spread,
// percentiles, and how often it clears a cash line or beats the field's top score.
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
    double cash_line = 0;           // points a lineup needs to cash; 0: not reported
    double field_top = 0;           // the field's expected winning score; 0: not reported
};

struct LineupDistribution {
    double mean = 0;        // points
    double stddev = 0;
    double p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0;
    double p_cash = 0;      // share of simulations scoring at least the cash line
    double p_top = 0;       // share scoring above the field's top score
    double best_share = 0;  // share of simulations in which this lineup scores highest of the set
};

std::vector<LineupDistribution> simulate(const Slate& slate, const std::vector<Lineup>& lineups, const SimOptions& o);

// The exact mean and variance the model implies: the sum of the projections, and
// sum_i sum_j rho_ij sd_i sd_j with rho_ii = 1 and rho_ij = team_correlation for teammates.
void exact_moments(const Slate& slate, const Lineup& lineup, const SimOptions& o, double& mean, double& variance);

// Lower-triangular L with L L^T = cov (n x n, row-major). A positive semidefinite matrix
// whose pivot vanishes (teammates correlated 1) gets a zero column there instead of failing.
// Throws std::invalid_argument for a matrix that is not positive semidefinite.
std::vector<double> cholesky(const std::vector<double>& cov, size_t n);

}  // namespace dfs
