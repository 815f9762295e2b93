// A gradient-boosted tree ensemble in a flat node array, and its prediction: the same
// arithmetic as XGBoost's CPU predictor (float32 sums, tree by tree in model order, starting
// from the base margin; then the objective's transform), so outputs equal the library's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::tree_model {

/// One node. A split sends a row left when row[feature] < value, and a missing (NaN) value
/// to the default side. A leaf holds its output in `value` and is its own two children, so
/// a walk may take more steps than the leaf's depth and stay on it: every walk takes the
/// forest's depth in steps, with no data-dependent branch to mispredict.
struct Node {
    float value;
    uint32_t feature;     ///< high bit: missing values go left
    int32_t child[2];     ///< absolute indexes in Forest::nodes: [0] left, [1] right
    static constexpr uint32_t kDefaultLeft = 1u << 31;
};

/// What turns the summed margins into outputs.
enum class Transform {
    Identity,  ///< regression: the margin
    Sigmoid,   ///< binary:logistic, reg:logistic: 1 / (1 + exp(-margin))
    Softprob,  ///< multi:softprob: softmax over the classes
    Argmax,    ///< multi:softmax: the index of the largest margin
};

struct Forest {
    std::string objective;                   ///< as the model file names it
    Transform transform = Transform::Identity;
    uint32_t num_feature = 0;
    uint32_t num_group = 1;                  ///< margins per row: classes, or 1
    float base_margin = 0;                   ///< every margin starts here
    std::vector<std::string> feature_names;  ///< empty if the model has none
    std::vector<Node> nodes;
    std::vector<int32_t> roots;              ///< each tree's root in `nodes`
    std::vector<uint32_t> groups;            ///< each tree's output group
    uint32_t depth = 0;                      ///< the deepest leaf's depth over all trees

    /// Values per predicted row: num_group for softprob, else 1.
    size_t outputs() const { return transform == Transform::Softprob ? num_group : 1; }
    /// Predicts one row of num_feature values into `out` (outputs() values).
    void predict(const float* row, float* out) const;
    /// Predicts `n` rows (row-major, num_feature each) into `out` (n * outputs() values),
    /// tree-major over blocks of rows so each tree stays in cache while it scores the block.
    void predict_batch(const float* rows, size_t n, float* out) const;

private:
    void finish(float* margins, float* out) const;
};

}  // namespace tradehost::tree_model
