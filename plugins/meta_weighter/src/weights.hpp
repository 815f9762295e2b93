// Agent weights from rolling out-of-sample performance, shrunk to a prior, floored, capped.
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

namespace tradehost::meta_weighter {

struct WeightRules {
    double prior = 0.1;       ///< the skill an agent is assumed to have before any evidence
    double prior_n = 50;      ///< how many outcomes the prior counts as
    double floor = 0.02;      ///< no agent's weight below this (it keeps being measured)
    double cap = 0.6;         ///< no agent's weight above this (no single point of failure)
    size_t window = 500;      ///< outcomes in the rolling performance
};

/** One agent's out-of-sample record: each outcome scores the calibrated view it had when it
 *  spoke, c = 2p - 1, against the move: reward c x (+1 up, -1 down), in [-1, 1]. */
class Performance {
public:
    void add(double reward, size_t window);
    /** (prior x prior_n + sum of rewards) / (prior_n + n): the skill, shrunk to the prior. */
    double skill(const WeightRules& r) const;
    size_t count() const { return rewards_.size(); }

private:
    std::deque<double> rewards_;
    double sum_ = 0;
};

/** Weights proportional to max(skill, 0), normalised to sum 1, then each kept within
 *  [floor, cap] with the rest renormalised among the unclipped (water-filling). Every skill
 *  <= 0: equal weights. An infeasible floor or cap (n x floor > 1, n x cap < 1) gives equal weights. */
std::vector<double> blend_weights(const std::vector<double>& skills, const WeightRules& r);

}  // namespace tradehost::meta_weighter
