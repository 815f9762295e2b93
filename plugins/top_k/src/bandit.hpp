// A k-of-n bandit for top_k: each arm (an instrument) keeps the rewards of the times it was
// picked; each cycle, k arms are picked greedily by signal + bandit index - a diversification
// penalty per already-picked arm of the same group (sector) - a correlation penalty per
// already-picked arm whose returns move with this one's in the direction of both picks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace tradehost::top_k {

struct BanditSettings {
    enum Policy { Thompson, Ucb } policy = Thompson;
    double exploration = 1.0;  ///< Thompson: posterior sd multiplier; UCB: c in c sqrt(2 ln t / n)
    double prior_n = 1;        ///< pseudo-observations at mean 0 (shrinks a new arm's mean)
    double penalty = 0.5;      ///< subtracted per already-picked arm of the same group
    double corr_penalty = 0;   ///< times max(0, rho dir dir') summed over the picks already made
    uint64_t seed = 1;
};

struct Candidate {
    uint32_t arm;    ///< the arm's index
    double base;     ///< the signal's part of the score (|blended view|); 0 for a pure bandit
    int32_t group;   ///< sector; -1: in no group (never penalised)
    int8_t dir = 1;  ///< the view's side: a long and a short of correlated arms hedge, not pile up
};

class ReturnCorrelation;

class Bandit {
public:
    explicit Bandit(BanditSettings s) : s_(s), rng_(s.seed) {}

    /** The arms picked this round, best first; at most k, never the same arm twice. */
    std::vector<uint32_t> select(const std::vector<Candidate>& c, size_t k, const ReturnCorrelation* corr = nullptr);
    void update(uint32_t arm, double reward);

    double mean(uint32_t arm) const;
    double pulls(uint32_t arm) const { return arm < arms_.size() ? arms_[arm].n : 0; }
    uint64_t rounds() const { return t_; }

    std::string encode() const;
    void decode(const std::string& blob);  // throws std::runtime_error naming what is wrong

private:
    struct Arm {
        double n = 0, sum = 0, sumsq = 0;
    };
    double index(uint32_t arm);

    BanditSettings s_;
    std::mt19937_64 rng_;
    std::normal_distribution<double> normal_{0.0, 1.0};
    std::vector<Arm> arms_;
    uint64_t t_ = 0;
    std::vector<double> score_;  // scratch, kept to avoid allocating per round
    std::vector<int32_t> picked_per_group_;
    std::vector<double> corr_pen_;  // scratch: each candidate's correlation penalty so far
};

}  // namespace tradehost::top_k
