// Reading the test data; see test_data.hpp.
#include "test_data.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace nn_test {

const std::vector<std::string>& model_names() {
    static const std::vector<std::string> names = {"mlp", "mlp_multi", "lstm", "lstm_stacked",
                                                   "gru", "attention", "attention_lstm"};
    return names;
}

std::string model_path(const std::string& name) { return std::string(TEST_DATA_DIR) + "/" + name + ".thnn"; }

std::vector<std::vector<float>> read_floats(const std::string& file) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + file);
    if (!in) throw std::runtime_error("cannot open " + file);
    std::vector<std::vector<float>> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<float> row;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) row.push_back(std::strtof(cell.c_str(), nullptr));
        rows.push_back(row);
    }
    return rows;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace nn_test
