// Reading the CSV files of test_data.
#include "reference_data.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace features_test {

namespace {

std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) out.push_back(c);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}

std::vector<std::vector<std::string>> read_csv(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name);
    if (!in) throw std::runtime_error("cannot open " + name);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        rows.push_back(cells(line));
    }
    return rows;
}

}  // namespace

std::vector<BarRow> load_bars() {
    std::vector<BarRow> out;
    const auto rows = read_csv("bars.csv");
    for (size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        BarRow b;
        b.ts = std::stoll(r.at(0));
        b.open = r.at(1);
        b.high = r.at(2);
        b.low = r.at(3);
        b.close = r.at(4);
        b.volume = r.at(5);
        b.close_value = std::stod(b.close);
        out.push_back(b);
    }
    return out;
}

std::map<std::string, std::vector<std::optional<double>>> load_reference() {
    std::map<std::string, std::vector<std::optional<double>>> out;
    const auto rows = read_csv("reference.csv");
    const auto& names = rows.at(0);
    for (size_t i = 1; i < rows.size(); ++i)
        for (size_t c = 1; c < names.size(); ++c) {
            const std::string v = c < rows[i].size() ? rows[i][c] : "";
            out[names[c]].push_back(v.empty() ? std::nullopt : std::optional<double>(std::stod(v)));
        }
    return out;
}

}  // namespace features_test
