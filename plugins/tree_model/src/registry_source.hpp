// tree_model's side of the model registry (plugins/feature_store/lib/registry): which
// version is promoted, the verified file of a version, and its canary check. Following and
// refusing versions is the library's ModelFollower. Only built when the feature_store folder is (model_registry).
#pragma once

#include "forest.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::tree_model {

struct RegistryModel {
    int64_t version = 0;
    std::string path;          ///< the model file, its SHA-256 checked against the manifest
    std::string format;        ///< the manifest's: xgboost_json or lightgbm_text
    std::string schema_text;   ///< the manifest's "col,...;vN"
    std::vector<std::string> features;
    std::vector<std::string> class_order;  ///< the manifest's, in output order
    double output_min = -1e30, output_max = 1e30;
};

/// The promoted version of `name` in the registry at `root`, if any; throws ConfigError
/// when the registry cannot be read.
std::optional<int64_t> registry_promoted(const std::string& root, const std::string& name);
/// A version's manifest and verified path; throws ConfigError naming the file and what
/// failed (missing, malformed manifest, checksum mismatch).
RegistryModel registry_load(const std::string& root, const std::string& name, int64_t version);
/// Why `forest` fails on the canary rows (n rows of num_feature values): a non-finite output
/// or one outside [lo, hi]; empty when it passes.
std::string canary_failure(const Forest& forest, const std::vector<float>& rows, size_t n, double lo, double hi);

}  // namespace tradehost::tree_model
