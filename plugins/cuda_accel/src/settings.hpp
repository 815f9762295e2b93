// The cuda_accel plugin's validated configuration: the model and its outputs (the same keys
// and checks as tree_model), and the devices, fallback and fault-injection switches.
#pragma once

#include "model.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

namespace tradehost::cuda_accel {

/// The environment variable that overrides `fault_after_batches` (for a drill on a running
/// deployment without editing its config).
inline constexpr const char* kFaultEnv = "TRADEHOST_CUDA_ACCEL_FAULT_AFTER";

struct Settings {
    std::string model_path;
    Model model;
    std::vector<std::string> features;  ///< input columns in order
    std::string schema_text;            ///< "name1,...;v<version>"
    uint64_t schema_hash = 0;
    bool signals = true;
    bool predictions = false;
    std::string signal_name;
    double center = 0;
    double scale = 1;
    std::vector<double> class_values;
    tree_model::Transform transform = tree_model::Transform::Identity;  ///< how outputs become a signal
    std::vector<std::string> prediction_columns;
    uint64_t prediction_hash = 0;

    bool all_devices = true;   ///< devices: [all]
    std::vector<int> device_ids;  ///< devices: [0, 2]; empty with all_devices false = CPU only
    int64_t emulate_devices = 0;
    uint64_t fault_after = 0;     ///< 0 = off
    int64_t min_device_rows = 1;
};

/// Reads the config and loads the model; throws ConfigError naming the key.
Settings read_settings(const Config& cfg);

/// The device keys alone (devices, emulate_devices, min_device_rows, fault_after_batches).
void read_device_keys(const Config& cfg, Settings& s);

}  // namespace tradehost::cuda_accel
