// A multilayer perceptron as the accelerator runs it: dense layers, each y = act(W x + b),
// float32 weights. The CPU reference (predict_batch) and the device path share this layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::cuda_accel {

enum class Activation : uint32_t { Identity = 0, Relu = 1, Tanh = 2, Sigmoid = 3 };

struct Layer {
    uint32_t in = 0;
    uint32_t out = 0;
    std::vector<float> weights;  ///< row-major out x in: weights[o * in + i]
    std::vector<float> bias;     ///< out values
    Activation activation = Activation::Identity;
};

struct Mlp {
    std::vector<Layer> layers;
    std::vector<std::string> feature_names;  ///< input columns, in order

    size_t inputs() const { return layers.empty() ? 0 : layers.front().in; }
    size_t outputs() const { return layers.empty() ? 0 : layers.back().out; }
    /// Widest layer (the scratch a row needs).
    size_t widest() const;
    /// Checks shapes chain (layer k's out = layer k+1's in); throws std::runtime_error.
    void check() const;
    /// Predicts `n` rows (row-major, inputs() each) into `out` (n * outputs()): float32,
    /// each output a dot product summed in input order, then bias and activation.
    void predict_batch(const float* rows, size_t n, float* out) const;
};

}  // namespace tradehost::cuda_accel
