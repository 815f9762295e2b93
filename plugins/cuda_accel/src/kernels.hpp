// The per-row arithmetic of the device path, written once for nvcc and the host compiler:
// cuda_devices.cu runs it in kernels, host_device.cpp (the emulated device) runs the very
// same functions on the CPU, so the tests here check the kernels' arithmetic without a GPU.
// It follows tree_model's Forest (float32 sums, tree by tree in model order from the base
// margin, then the objective's transform), so tree margins equal the CPU path's bit for bit.
#pragma once

#include "forest.hpp"
#include "mlp.hpp"

#include <cmath>
#include <cstdint>

#ifdef __CUDACC__
#define TH_HD __host__ __device__
#else
#define TH_HD
#endif

namespace tradehost::cuda_accel {

/// A forest as the device holds it: plain pointers into one flat allocation.
struct FlatForest {
    const tree_model::Node* nodes;
    const int32_t* roots;
    const uint32_t* groups;
    uint32_t trees;
    uint32_t depth;
    uint32_t num_feature;
    uint32_t num_group;
    uint32_t transform;  ///< tree_model::Transform as an integer
    float base_margin;
};

constexpr uint32_t kMaxGroups = 64;  // tree_model refuses more classes at load

TH_HD inline int32_t tree_step(const tree_model::Node* nodes, int32_t n, const float* row) {
    const tree_model::Node& nd = nodes[n];
    const float v = row[nd.feature & ~tree_model::Node::kDefaultLeft];
    // NaN (missing) compares false both ways, so the missing case is the v != v term.
    const bool right = (v >= nd.value) || (v != v && !(nd.feature & tree_model::Node::kDefaultLeft));
    return nd.child[right ? 1 : 0];
}

/// Scores one row into `out` (num_group values for softprob, else 1).
TH_HD inline void tree_row(const FlatForest& f, const float* row, float* out) {
    float m[kMaxGroups];
    for (uint32_t g = 0; g < f.num_group; ++g) m[g] = f.base_margin;
    for (uint32_t t = 0; t < f.trees; ++t) {
        int32_t at = f.roots[t];
        for (uint32_t k = 0; k < f.depth; ++k) at = tree_step(f.nodes, at, row);
        m[f.num_group == 1 ? 0 : f.groups[t]] += f.nodes[at].value;
    }
    switch (static_cast<tree_model::Transform>(f.transform)) {
    case tree_model::Transform::Identity:
        out[0] = m[0];
        return;
    case tree_model::Transform::Sigmoid:
        out[0] = 1.0f / (1.0f + expf(-m[0]));
        return;
    case tree_model::Transform::Softprob: {
        float wmax = m[0];
        for (uint32_t k = 1; k < f.num_group; ++k) wmax = fmaxf(m[k], wmax);
        double wsum = 0;
        for (uint32_t k = 0; k < f.num_group; ++k) {
            out[k] = expf(m[k] - wmax);
            wsum += out[k];
        }
        for (uint32_t k = 0; k < f.num_group; ++k) out[k] /= static_cast<float>(wsum);
        return;
    }
    case tree_model::Transform::Argmax: {
        uint32_t best = 0;
        for (uint32_t k = 1; k < f.num_group; ++k)
            if (m[k] > m[best]) best = k;  // the first of equal maxima, as std::max_element
        out[0] = static_cast<float>(best);
        return;
    }
    }
}

/// The fused epilogue of one MLP layer: bias plus activation, applied to one GEMM output.
TH_HD inline float bias_activate(float x, float bias, Activation act) {
    const float v = x + bias;
    switch (act) {
    case Activation::Relu:
        return v > 0.0f ? v : 0.0f;
    case Activation::Tanh:
        return tanhf(v);
    case Activation::Sigmoid:
        return 1.0f / (1.0f + expf(-v));
    case Activation::Gelu:  // the exact form, PyTorch's nn.GELU() default
        return 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
    case Activation::Identity:
        break;
    }
    return v;
}

/// LayerNorm over one row of `n` values in place (biased variance, as torch.nn.LayerNorm):
/// the mean first, then the variance about it, both summed in index order.
TH_HD inline void layer_norm_row(float* x, uint32_t n, const float* w, const float* b, float eps) {
    float mean = 0.0f;
    for (uint32_t i = 0; i < n; ++i) mean += x[i];
    mean /= static_cast<float>(n);
    float var = 0.0f;
    for (uint32_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
    var /= static_cast<float>(n);
    const float inv = 1.0f / sqrtf(var + eps);
    for (uint32_t i = 0; i < n; ++i) x[i] = (x[i] - mean) * inv * w[i] + b[i];
}

/// A standalone activation or a layer norm over one row of `n` values, in place.
TH_HD inline void elementwise_row(Layer::Kind kind, Activation act, float* x, uint32_t n, const float* w,
                                  const float* b, float eps) {
    if (kind == Layer::Kind::LayerNorm) {
        layer_norm_row(x, n, w, b, eps);
        return;
    }
    for (uint32_t i = 0; i < n; ++i) x[i] = bias_activate(x[i], 0.0f, act);
}

}  // namespace tradehost::cuda_accel
