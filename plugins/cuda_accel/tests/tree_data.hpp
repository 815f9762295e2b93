// tree_model's test data (its XGBoost models, held-out rows and xgboost's own predictions),
// read the same way its tests read them, for comparing the paths on the same batch.
#pragma once

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace cuda_accel_test {

inline std::string tree_file(const std::string& name) { return std::string(TREE_TEST_DATA_DIR) + "/" + name; }

/// Rows of a CSV of floats; an empty cell is NaN (missing).
inline std::vector<std::vector<float>> read_floats(const std::string& file) {
    std::ifstream in(tree_file(file));
    if (!in) throw std::runtime_error("cannot open " + file);
    std::vector<std::vector<float>> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<float> row;
        for (size_t b = 0;;) {
            const size_t e = line.find(',', b);
            const std::string cell = line.substr(b, e == std::string::npos ? std::string::npos : e - b);
            row.push_back(cell.empty() ? NAN : std::stof(cell));
            if (e == std::string::npos) break;
            b = e + 1;
        }
        rows.push_back(row);
    }
    return rows;
}

/// heldout.csv flattened row-major (200 rows x 8 columns).
inline std::vector<float> heldout(size_t& rows, size_t& cols) {
    const auto r = read_floats("heldout.csv");
    rows = r.size();
    cols = r.at(0).size();
    std::vector<float> m;
    for (const auto& row : r) m.insert(m.end(), row.begin(), row.end());
    return m;
}

}  // namespace cuda_accel_test

namespace cuda_accel_test {

inline std::string nn_file(const std::string& name) { return std::string(NN_TEST_DATA_DIR) + "/" + name; }

/// An nn_model test CSV (inputs or PyTorch's outputs), flattened row-major.
inline std::vector<float> nn_rows(const std::string& file, size_t& rows) {
    std::ifstream in(nn_file(file));
    if (!in) throw std::runtime_error("cannot open " + file);
    std::vector<float> m;
    std::string line;
    rows = 0;
    while (std::getline(in, line)) {
        for (size_t b = 0;;) {
            const size_t e = line.find(',', b);
            m.push_back(std::stof(line.substr(b, e == std::string::npos ? std::string::npos : e - b)));
            if (e == std::string::npos) break;
            b = e + 1;
        }
        ++rows;
    }
    return m;
}

}  // namespace cuda_accel_test
