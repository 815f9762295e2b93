// Walk-forward splits; see walk_forward.hpp.
#include "walk_forward.hpp"

#include <stdexcept>
#include <string>

namespace tradehost::train {

std::vector<Fold> walk_forward(const std::vector<int64_t>& times, const std::vector<int64_t>& ends, size_t folds,
                               int64_t embargo_ns) {
    const size_t n = times.size();
    if (folds == 0 || ends.size() != n) throw std::invalid_argument("walk_forward: folds >= 1 and one end per time");
    const size_t blocks = folds + 1;
    if (n < 2 * blocks)
        throw std::invalid_argument("walk_forward: " + std::to_string(n) + " rows are too few for " +
                                    std::to_string(folds) + " folds");
    std::vector<Fold> out;
    for (size_t k = 1; k < blocks; ++k) {
        const size_t lo = k * n / blocks, hi = (k + 1) * n / blocks;
        Fold f;
        f.test_start = times[lo];
        f.test_end = times[hi - 1];
        for (size_t i = lo; i < hi; ++i) f.test.push_back(i);
        for (size_t i = 0; i < lo; ++i) {
            if (times[i] >= f.test_start) ++f.purged;  // same timestamp as the test's first row
            else if (ends[i] >= f.test_start) ++f.purged;
            else if (times[i] >= f.test_start - embargo_ns) ++f.embargoed;
            else f.train.push_back(i);
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace tradehost::train
