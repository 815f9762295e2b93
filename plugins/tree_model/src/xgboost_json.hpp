// Reads a model saved by XGBoost's Booster.save_model("model.json") (the JSON schema of
// XGBoost 1.6 and later: learner / gradient_booster / model / trees) into a Forest.
#pragma once

#include "forest.hpp"

#include <string>

namespace tradehost::tree_model {

/// Throws ConfigError naming the file and what it cannot use: another booster than gbtree,
/// an objective it does not implement, categorical splits, multi-target trees, or a
/// malformed tree.
Forest load_xgboost_json(const std::string& path);

}  // namespace tradehost::tree_model
