// The features plugin's validated configuration.
#pragma once

#include "feature_spec.hpp"
#include "scaling.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

namespace tradehost::features {

struct Settings {
    std::vector<FeatureSpec> specs;
    std::vector<std::string> columns;  ///< every spec's columns, in order
    std::string schema_name = "features";
    int64_t version = 1;
    std::string schema_text;  ///< "col1,col2,...;v<version>", hashed into schema_hash
    Scaling scaling;
    std::vector<std::string> instruments;  ///< empty = every instrument seen
    bool single = true;                    ///< one event per instrument update
    bool batch = false;                    ///< one event per timestamp for the universe
};

/// Reads and checks the config; throws ConfigError naming the key.
Settings read_settings(const Config& cfg);

}  // namespace tradehost::features
