// The tree_model plugin's validated configuration, with the model it loads.
#pragma once

#include "forest.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

namespace tradehost::tree_model {

struct Settings {
    std::string model_path;
    Forest forest;
    std::vector<std::string> features;  ///< input columns in order (config, else the model's names)
    int64_t schema_version = 1;
    std::string schema_text;            ///< "name1,...;v<version>": its hash is what events must carry
    uint64_t schema_hash = 0;
    bool signals = true;                ///< publish th_signal per row
    bool predictions = false;           ///< publish th_features of the outputs per event
    std::string signal_name = "tree_model";
    double center = 0;                  ///< signal value = prediction - center (single output)
    double scale = 1;                   ///< strength = min(1, |value| / scale)
    std::vector<double> class_values;   ///< multiclass: value = sum p_k * class_values[k]
    std::vector<std::string> prediction_columns;
    uint64_t prediction_hash = 0;       ///< schema hash of the `predictions` events
};

/// Reads the config and loads the model; throws ConfigError naming the key, the file and,
/// for a schema mismatch, the first column that differs.
Settings read_settings(const Config& cfg);

}  // namespace tradehost::tree_model
