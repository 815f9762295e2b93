// The tree_model plugin's validated configuration, with the model it loads.
#pragma once

#include "forest.hpp"

#include <tradehost/plugin.hpp>

#include <optional>
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
    /// The registry manifest's class order; when it names every output, the prediction
    /// columns take its names (down,flat,up) instead of p0..pK-1.
    std::vector<std::string> class_order;
    uint64_t prediction_hash = 0;       ///< schema hash of the `predictions` events
    // From the model registry (registry: + model_name:), when configured.
    std::string registry;
    std::string model_name;
    int64_t registry_poll_ns = 0;
    int64_t model_version = 0;          ///< the registry version loaded; 0 = a plain file
    double output_min = -1e30;          ///< the manifest's output range, checked on canary rows
    double output_max = 1e30;
    std::string manifest_schema;        ///< the manifest's schema text
    std::string manifest_format;        ///< the manifest's model format (registry only)
};

/// Reads the config and loads the model; throws ConfigError naming the key, the file and,
/// for a schema mismatch, the first column that differs. With a registry, `version` picks the
/// version to load (default: the promoted one).
Settings read_settings(const Config& cfg, std::optional<int64_t> version = std::nullopt);

/// registry_settings.cpp: fills the registry fields and model_path from the registry.
void read_registry(const Config& cfg, Settings& s, std::optional<int64_t> version);
/// registry_settings.cpp: the manifest's schema must be the configured one.
void check_registry_schema(const Settings& s);

}  // namespace tradehost::tree_model
