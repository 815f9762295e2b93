// Reading test_data's CSV files.
#include "heldout.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tree_model_test {

std::vector<std::vector<float>> read_floats(const std::string& file) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + file);
    if (!in) throw std::runtime_error("cannot open " + file);
    std::vector<std::vector<float>> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<float> row;
        size_t b = 0;
        for (;;) {
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

std::vector<float> heldout_matrix(size_t& rows, size_t& cols) {
    const auto r = read_floats("heldout.csv");
    rows = r.size();
    cols = r.at(0).size();
    std::vector<float> m;
    for (const auto& row : r) m.insert(m.end(), row.begin(), row.end());
    return m;
}

std::string model_path(const std::string& name) { return std::string(TEST_DATA_DIR) + "/" + name + ".json"; }

}  // namespace tree_model_test
