// Tree walking and output transforms; see forest.hpp.
#include "forest.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::tree_model {

namespace {

constexpr size_t kMaxGroups = 64;  // checked when a model is loaded
constexpr size_t kBlock = 64;      // rows scored together per tree in a batch

// One step of a walk: right when row[feature] >= value, or when it is missing and the
// default is right. NaN compares false both ways, so the missing case needs the extra term.
inline int32_t step(const Node* nodes, int32_t n, const float* row) {
    const Node& nd = nodes[n];
    const float v = row[nd.feature & ~Node::kDefaultLeft];
    const bool right = (v >= nd.value) | (std::isnan(v) & !(nd.feature & Node::kDefaultLeft));
    return nd.child[right];
}

// Four trees walked together (independent chains of loads overlap), summed in tree order.
template <class Add> inline void walk_trees(const Forest& f, const float* row, Add&& add) {
    const Node* nodes = f.nodes.data();
    const size_t count = f.roots.size();
    size_t t = 0;
    for (; t + 4 <= count; t += 4) {
        int32_t a = f.roots[t], b = f.roots[t + 1], c = f.roots[t + 2], d = f.roots[t + 3];
        for (uint32_t k = 0; k < f.depth; ++k) {
            a = step(nodes, a, row);
            b = step(nodes, b, row);
            c = step(nodes, c, row);
            d = step(nodes, d, row);
        }
        add(t, nodes[a].value);
        add(t + 1, nodes[b].value);
        add(t + 2, nodes[c].value);
        add(t + 3, nodes[d].value);
    }
    for (; t < count; ++t) {
        int32_t a = f.roots[t];
        for (uint32_t k = 0; k < f.depth; ++k) a = step(nodes, a, row);
        add(t, nodes[a].value);
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
    if (num_group == 1) {
        float m = base_margin;
        walk_trees(*this, row, [&](size_t, float v) { m += v; });
        margins[0] = m;
    } else {
        walk_trees(*this, row, [&](size_t t, float v) { margins[groups[t]] += v; });
    }
    finish(margins, out);
}

// Tree-major over blocks of rows: each tree stays in cache while it scores the block, and
// eight rows walk it together. Each row's margins still sum the trees in model order.
void Forest::predict_batch(const float* rows, size_t count, float* out) const {
    constexpr size_t kLanes = 8;
    float margins[kBlock * kMaxGroups];
    const Node* n = nodes.data();
    const size_t outs = outputs();
    for (size_t b = 0; b < count; b += kBlock) {
        const size_t rows_here = std::min(kBlock, count - b);
        const float* block = rows + b * num_feature;
        std::fill(margins, margins + rows_here * num_group, base_margin);
        for (size_t t = 0; t < roots.size(); ++t) {
            const int32_t root = roots[t];
            const uint32_t g = groups[t];
            size_t r = 0;
            for (; r + kLanes <= rows_here; r += kLanes) {
                int32_t at[kLanes];
                for (size_t l = 0; l < kLanes; ++l) at[l] = root;
                for (uint32_t k = 0; k < depth; ++k)
                    for (size_t l = 0; l < kLanes; ++l) at[l] = step(n, at[l], block + (r + l) * num_feature);
                for (size_t l = 0; l < kLanes; ++l) margins[(r + l) * num_group + g] += n[at[l]].value;
            }
            for (; r < rows_here; ++r) {
                int32_t at = root;
                for (uint32_t k = 0; k < depth; ++k) at = step(n, at, block + r * num_feature);
                margins[r * num_group + g] += n[at].value;
            }
        }
        for (size_t r = 0; r < rows_here; ++r) finish(margins + r * num_group, out + (b + r) * outs);
    }
}

}  // namespace tradehost::tree_model
