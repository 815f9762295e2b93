// exchange tests: shared helpers (test data files, exact decimals).
#pragma once

#include <tradehost/plugin.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace exchange_test {

inline std::string read_data(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name, std::ios::binary);
    if (!in) throw std::runtime_error("missing test data " + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Exact th_fixed of decimal text; throws on a typo in a test.
inline th_fixed fx(const char* text) {
    th_fixed v = 0;
    if (!tradehost::parse_fixed(text, v)) throw std::invalid_argument(text);
    return v;
}

}  // namespace exchange_test
