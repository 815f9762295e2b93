// The model one instance serves: a tree ensemble (tree_model's XGBoost JSON loader) or an MLP.
#pragma once

#include "forest.hpp"
#include "mlp.hpp"

namespace tradehost::cuda_accel {

struct Model {
    enum class Kind { Tree, Mlp } kind = Kind::Tree;
    tree_model::Forest forest;  ///< Kind::Tree
    Mlp mlp;                    ///< Kind::Mlp

    size_t inputs() const { return kind == Kind::Tree ? forest.num_feature : mlp.inputs(); }
    size_t outputs() const { return kind == Kind::Tree ? forest.outputs() : mlp.outputs(); }
};

}  // namespace tradehost::cuda_accel
