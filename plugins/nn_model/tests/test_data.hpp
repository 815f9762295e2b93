// The test models and PyTorch's outputs that test_data/make_models.py wrote.
#pragma once

#include <string>
#include <vector>

namespace nn_test {

/// The names of the test models, one per layer kind (and mixes of them).
const std::vector<std::string>& model_names();

std::string model_path(const std::string& name);

/// Rows of a CSV of floats.
std::vector<std::vector<float>> read_floats(const std::string& file);

/// The whole file's bytes.
std::string read_bytes(const std::string& path);

}  // namespace nn_test
