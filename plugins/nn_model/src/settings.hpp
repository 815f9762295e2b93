// The nn_model plugin's validated configuration, with the network it loads.
#pragma once

#include "network.hpp"
#include "weights_file.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

namespace tradehost::nn {

struct Settings {
    std::string model_path;
    Network network;                    ///< the file as read (names, layers)
    std::vector<std::string> features;  ///< input columns in order (config, else the file's)
    int64_t schema_version = 1;
    std::string schema_text;            ///< "name1,...;v<version>": its hash is what events must carry
    uint64_t schema_hash = 0;
    bool signals = true;                ///< publish th_signal per row
    bool predictions = false;           ///< publish th_features of the outputs per event
    std::string signal_name = "nn_model";
    size_t signal_output = 0;           ///< which output makes the signal
    double center = 0;                  ///< signal value = output - center
    double scale = 1;                   ///< strength = min(1, |value| / scale)
    uint64_t prediction_hash = 0;       ///< schema hash of the `predictions` events (the file's output names)

    // From the model registry (registry: + model_name:), when configured (registry.cpp).
    std::string registry;
    std::string model_name;
    int64_t registry_poll_ns = 0;
    int64_t model_version = 0;          ///< the registry version in service; 0 = a plain file
    double output_min = -1e30;          ///< the manifest's output range (canary check)
    double output_max = 1e30;
};

/// Reads the config and the weights file; throws ConfigError naming the key, the file and,
/// for a schema mismatch, the first column that differs.
Settings read_settings(const Config& cfg);
/// The same with the weights file at `model_path` (a registry version's verified file).
Settings read_settings(const Config& cfg, const std::string& model_path);

}  // namespace tradehost::nn
