// exchange tests: shared helpers (test data files, exact decimals).
#pragma once

#include <tradehost/plugin.hpp>
#include <tradehost/testing/venue.hpp>

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

/// Exact th_fixed of decimal text; throws on a typo in a test (the SDK's test helper).
using tradehost::testing::fx;

}  // namespace exchange_test
