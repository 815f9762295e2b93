// A second, plain implementation of the weights file's network: scalar loops over one input
// at a time, written straight from docs/nn-weights-format.md with no library. The tests hold
// both it and the Eigen model to PyTorch's outputs; bench/model_bench times it beside Eigen
// (the "plain reference loop").
#pragma once

#include "weights_file.hpp"

#include <vector>

namespace nn_reference {

/// One input (sequence_length x inputs floats, oldest step first) -> the outputs.
std::vector<float> predict(const tradehost::nn::Network& net, const float* x);

}  // namespace nn_reference
