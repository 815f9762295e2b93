// What a neural weights file (docs/nn-weights-format.md) says about its inputs, read from its
// header alone, so `tradehost models add` can describe a .thnn file without the network
// reader (which lives with nn_model; the plugin checks the whole file at load).
#pragma once

#include "manifest.hpp"

#include <string>

namespace tradehost::models {

/// Sets m.format = "thnn", and m.features, m.schema_version, m.window_length (the file's
/// sequence_length) and m.schema_text from the file's header; throws RegistryError naming
/// the file and what is wrong.
void describe_thnn(Manifest& m, const std::string& path);

}  // namespace tradehost::models
