// The test input (test_data/bars.csv) and the reference values (test_data/reference.csv)
// that test_data/make_reference.py wrote.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace features_test {

struct BarRow {
    int64_t ts = 0;
    std::string open, high, low, close, volume;  ///< as written, for exact fixed-point input
    double close_value = 0;
};

std::vector<BarRow> load_bars();

/// Reference values per column; nullopt where the indicator is not yet defined.
std::map<std::string, std::vector<std::optional<double>>> load_reference();

}  // namespace features_test
