// The held-out rows and xgboost's predictions that test_data/make_models.py wrote.
#pragma once

#include <string>
#include <vector>

namespace tree_model_test {

/// Rows of a CSV of floats; an empty cell is NaN (missing).
std::vector<std::vector<float>> read_floats(const std::string& file);

/// All rows of heldout.csv flattened row-major, and the row count.
std::vector<float> heldout_matrix(size_t& rows, size_t& cols);

std::string model_path(const std::string& name);

}  // namespace tree_model_test
