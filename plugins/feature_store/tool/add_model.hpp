// `tradehost models add`: a model file trained elsewhere (a .thnn from export_torch.py, an
// XGBoost JSON) registered as the next version with its manifest.
#pragma once

#include "registry/model_registry.hpp"

#include <map>
#include <string>

namespace tradehost::models_tool {

/// Builds the manifest from the file's header (thnn: features, schema version, window) and
/// the options (--format, --features, --schema-version, --window, --output-range,
/// --objective, --class-order, --metrics; options a header already answers must agree),
/// adds the file and, with --promote, promotes it; prints what it did. Throws
/// std::invalid_argument for a usage mistake and RegistryError for a file that fails.
int add_model(models::ModelRegistry& reg, const std::string& name, const std::string& file,
              const std::map<std::string, std::string>& options);

}  // namespace tradehost::models_tool
