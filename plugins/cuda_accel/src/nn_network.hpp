// An nn_model weights file (docs/nn-weights-format.md, read by nn_model's own reader) as the
// accelerator's feed-forward network: dense, activation and layer_norm layers of a network
// with sequence_length 1. Recurrent and attention networks stay on nn_model.
#pragma once

#include "mlp.hpp"
#include "weights_file.hpp"

namespace tradehost::cuda_accel {

/// Converts `net`; throws std::runtime_error naming the layer that is not feed-forward.
Mlp mlp_from_network(const nn::Network& net);

}  // namespace tradehost::cuda_accel
