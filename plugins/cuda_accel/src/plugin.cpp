// Exports the cuda_accel plugin: its ports, its config schema, the never-unload flag and a
// description that names the devices this machine has (what `tradehost inspect` prints).
#include "accel.hpp"
#include "describe.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("features", TH_EV_FEATURES,
                       "Feature rows (single or batch) of the schema the model was trained on; others are dropped"),
    tradehost::out_port("signals", TH_EV_SIGNAL, "One signal per row, as tree_model's"),
    tradehost::out_port("predictions", TH_EV_FEATURES, "The raw outputs per event, same rows and instruments"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS,
                        "At start: connected (device path) or disconnected (CPU path, with why); on a device "
                        "failure: disconnected with the error"),
};

constexpr th_config_field kConfig[] = {
    field("model", TH_CFG_STRING, nullptr, "Model file: XGBoost JSON (tree_model's files) or a feed-forward .thnn network (nn_model's files)", TH_CFG_REQUIRED),
    field("format", TH_CFG_STRING, "auto", "auto (by extension: .json, .thnn), xgboost_json or nn_weights"),
    field("features", TH_CFG_STRING_LIST, nullptr,
          "Input columns in order; absent: the model's feature_names. Must equal the model's names"),
    field("schema_version", TH_CFG_INT, "1", "Version of the features schema (the features plugin's `version`); a network's must match its file's", 0,
          0, 1e9),
    field("output", TH_CFG_STRING, "signals", "signals, predictions or both"),
    field("signal_name", TH_CFG_STRING, "tree_model", "th_signal name (at most 31 characters)"),
    field("center", TH_CFG_FLOAT, nullptr, "Signal value = prediction - center; default 0.5 for probabilities, else 0"),
    field("scale", TH_CFG_FLOAT, nullptr, "Strength = min(1, |value| / scale); default 0.5 for probabilities, else 1"),
    field("class_values", TH_CFG_STRING_LIST, nullptr,
          "Multiclass: a number per class; value = sum of p_k * class_values[k], strength = top probability"),
    field("devices", TH_CFG_STRING_LIST, nullptr,
          "CUDA devices: [all] (the default), a list of indexes like [0, 1], or [none] for the CPU path"),
    field("emulate_devices", TH_CFG_INT, "0",
          "Host-memory devices running the device path's kernels on the CPU (failover drills, tests)", 0, 0, 64),
    field("min_device_rows", TH_CFG_INT, "1", "Batches with fewer rows are scored on the CPU path", 0, 1, 1e9),
    field("fault_after_batches", TH_CFG_INT, "0",
          "Fault injection: the device batch after this many fails (0 = off); env TRADEHOST_CUDA_ACCEL_FAULT_AFTER "
          "overrides",
          0, 0, 1e9),
};

// The description is made once when the library loads: the library stays loaded for the
// process's life (TH_PLUGIN_NEVER_UNLOAD), and the machine's devices are the library's, not
// an instance's, so this is the one piece of library-level state.
const char* describe() {
    static const std::string text = tradehost::cuda_accel::describe_devices(
        "CUDA accelerator for tree and MLP inference with a CPU path");
    return text.c_str();
}

}  // namespace

TRADEHOST_PLUGIN_EX(tradehost::cuda_accel::Accel, "cuda_accel", "1.0.0", "model", describe(), TH_PLUGIN_NEVER_UNLOAD,
                    kPorts, kConfig)
