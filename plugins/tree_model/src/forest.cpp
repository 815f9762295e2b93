// Tree walking and output transforms; see forest.hpp.
#include "forest.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::tree_model {

namespace {

constexpr size_t kMaxGroups = 64;  // checked when a model is loaded
constexpr size_t kBlock = 64;      // rows scored together per tree in a batch

inline float leaf(const Node* nodes, int32_t n, const float* row) {
    for (;;) {
        const Node& nd = nodes[n];
        if (nd.left < 0) return nd.value;
        const float v = row[nd.feature & ~Node::kDefaultLeft];
        if (std::isnan(v)) n = (nd.feature & Node::kDefaultLeft) ? nd.left : nd.right;
        else n = v < nd.value ? nd.left : nd.right;
    }
}

}  // namespace

void Forest::finish(float* m, float* out) const {
    switch (transform) {
    case Transform::Identity:
        out[0] = m[0];
        return;
    case Transform::Sigmoid:
        out[0] = 1.0f / (1.0f + std::exp(-m[0]));
        return;
    case Transform::Softprob: {
        // As xgboost's common::Softmax: float exponentials, summed in double.
        float wmax = m[0];
        for (uint32_t k = 1; k < num_group; ++k) wmax = std::fmax(m[k], wmax);
        double wsum = 0;
        for (uint32_t k = 0; k < num_group; ++k) {
            out[k] = std::exp(m[k] - wmax);
            wsum += out[k];
        }
        for (uint32_t k = 0; k < num_group; ++k) out[k] /= static_cast<float>(wsum);
        return;
    }
    case Transform::Argmax:
        out[0] = static_cast<float>(std::max_element(m, m + num_group) - m);  // first of equal maxima
        return;
    }
}

void Forest::predict(const float* row, float* out) const {
    float margins[kMaxGroups];
    std::fill(margins, margins + num_group, base_margin);
    const Node* n = nodes.data();
    for (size_t t = 0; t < roots.size(); ++t) margins[groups[t]] += leaf(n, roots[t], row);
    finish(margins, out);
}

void Forest::predict_batch(const float* rows, size_t count, float* out) const {
    float margins[kBlock * kMaxGroups];
    const Node* n = nodes.data();
    const size_t outs = outputs();
    for (size_t b = 0; b < count; b += kBlock) {
        const size_t rows_here = std::min(kBlock, count - b);
        std::fill(margins, margins + rows_here * num_group, base_margin);
        for (size_t t = 0; t < roots.size(); ++t) {
            const int32_t root = roots[t];
            const uint32_t g = groups[t];
            for (size_t r = 0; r < rows_here; ++r)
                margins[r * num_group + g] += leaf(n, root, rows + (b + r) * num_feature);
        }
        for (size_t r = 0; r < rows_here; ++r) finish(margins + r * num_group, out + (b + r) * outs);
    }
}

}  // namespace tradehost::tree_model
