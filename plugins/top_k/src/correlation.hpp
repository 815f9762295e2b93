// Rolling correlation of the arms' returns per cycle, for top_k's correlation penalty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace tradehost::top_k {

/** Each arm keeps its last `window` cycle returns, tagged with the cycle; the correlation of
 *  two arms is Pearson's over the cycles both have (an arm may miss a cycle without a price). */
class ReturnCorrelation {
public:
    ReturnCorrelation(size_t window, size_t min_obs) : window_(window < 2 ? 2 : window), min_obs_(min_obs < 2 ? 2 : min_obs) {}

    void add(uint64_t cycle, uint32_t arm, double ret);
    /** false while the arms share fewer than min_obs cycles or one of them did not move. */
    bool corr(uint32_t a, uint32_t b, double* out) const;

private:
    size_t window_, min_obs_;
    std::vector<std::deque<std::pair<uint64_t, double>>> arms_;
};

}  // namespace tradehost::top_k
