// Walk-forward splits that purge and embargo around each test fold.
//
// Rows are labels sorted by time; row i's label is made from prices over [t_i, end_i]
// (end_i = t_i + horizon). The rows are cut into folds + 1 contiguous blocks of time; fold k
// tests on block k and trains on what came before it, minus
//   - purged rows: a label whose window reaches into the test fold (end_i >= test start)
//     was made from prices the test fold covers;
//   - embargoed rows: rows within `embargo` before the test start (t_i >= start - embargo),
//     whose features (rolling windows) overlap the test fold's first features.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tradehost::train {

struct Fold {
    std::vector<size_t> train;  ///< row indexes
    std::vector<size_t> test;
    int64_t test_start = 0, test_end = 0;  ///< label times of the test fold's first and last rows
    size_t purged = 0, embargoed = 0;
};

/// `times` ascending, `ends[i] >= times[i]`. Throws std::invalid_argument when there are too
/// few rows for `folds` (fewer than two per block).
std::vector<Fold> walk_forward(const std::vector<int64_t>& times, const std::vector<int64_t>& ends, size_t folds,
                               int64_t embargo_ns);

}  // namespace tradehost::train
