// nn_model's side of the model registry (plugins/feature_store/lib/registry): a version's
// weights file read with this instance's config and checked against its manifest, and the
// canary batch a version must pass before it serves. The follow/refuse/rollback logic is the
// registry library's ModelFollower, shared with tree_model.
#pragma once

#include "network.hpp"
#include "settings.hpp"

#include "registry/manifest.hpp"

#include <string>
#include <vector>

namespace tradehost::nn {

/// The settings of registry version `m` (its verified file at `path`): throws ConfigError
/// naming the version when the format is not thnn, the file does not load, or its schema or
/// window length is not the manifest's, or (want_schema non-empty) not the one in service.
Settings read_version(const Config& cfg, const models::Manifest& m, const std::string& path,
                      const std::string& want_schema);

/// Runs `model` on the canary batch (`windows` of steps x inputs floats each) and says why its
/// outputs are unfit (non-finite, outside the manifest's range); empty when they pass.
std::string canary(Model& model, const std::vector<float>& windows, const Settings& s);

}  // namespace tradehost::nn
