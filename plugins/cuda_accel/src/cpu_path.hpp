// The CPU path: the model plugins' own predictors (tree_model's Forest, the MLP reference),
// used when no device is present, when a device fails, and for batches below
// `min_device_rows`. Its outputs are the tree_model plugin's, bit for bit.
#pragma once

#include "model.hpp"

namespace tradehost::cuda_accel {

/// Scores `n` rows of `m` into `out` (n * m.outputs()), as the CPU model plugins do:
/// one row with Forest::predict, more with Forest::predict_batch.
void cpu_predict(const Model& m, const float* rows, size_t n, float* out);

}  // namespace tradehost::cuda_accel
