// Reads a model saved by LightGBM as text (Booster.save_model("model.txt"), the CLI's
// output_model) into a Forest. LightGBM's decisions (double thresholds compared with <=,
// missing types None/Zero/NaN, categorical bitsets, small values read as zero) are turned
// into the forest's float `<` splits exactly, for float inputs; see lightgbm_split.hpp.
#pragma once

#include "forest.hpp"

#include <string>

namespace tradehost::tree_model {

/// Throws ConfigError naming the file, the line and what is wrong or unsupported: linear
/// trees, objectives it does not implement (e.g. poisson, multiclassova, regression sqrt),
/// sigmoid other than 1, average_output (random forest), or a malformed tree.
Forest load_lightgbm_text(const std::string& path);

}  // namespace tradehost::tree_model
