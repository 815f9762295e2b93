// A feed-forward network as the accelerator runs it (the `.thnn` files of nn_model with
// sequence_length 1): dense layers y = act(W x + b) with the activation fused, standalone
// activations and layer norms, float32 throughout. The CPU reference (predict_batch) and the
// device path share this layout and the per-element functions of kernels.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::cuda_accel {

enum class Activation : uint32_t { Identity = 0, Relu = 1, Tanh = 2, Sigmoid = 3, Gelu = 4 };

struct Layer {
    enum class Kind : uint32_t {
        Dense,       ///< act(W x + b)
        Activation,  ///< act(x), elementwise (in == out)
        LayerNorm,   ///< (x - mean) / sqrt(var + eps) * weights + bias over the row (in == out)
    };
    uint32_t in = 0;
    uint32_t out = 0;
    std::vector<float> weights;  ///< dense: row-major out x in (weights[o * in + i]); layer norm: out values
    std::vector<float> bias;     ///< out values (empty for an activation)
    Activation activation = Activation::Identity;
    Kind kind = Kind::Dense;
    float eps = 1e-5f;           ///< layer norm
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
