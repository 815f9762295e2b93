// Exports the cuda_features plugin: the features plugin's ports and config keys, the device
// keys of cuda_accel, and the never-unload flag (the CUDA runtime does not survive dlclose).
#include "cuda_features.hpp"
#include "describe.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("quotes", TH_EV_QUOTE, "Quotes; the mid is the price (no volume)"),
    tradehost::in_port("trades", TH_EV_TRADE, "Trades; price and size"),
    tradehost::in_port("bars", TH_EV_BAR, "OHLCV bars"),
    tradehost::out_port("features", TH_EV_FEATURES, "One row per instrument update once every feature is defined"),
    tradehost::out_port("batches", TH_EV_FEATURES,
                        "batch: true: the universe's rows of one timestamp, published when a later one arrives"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS,
                        "At start: connected (device path) or disconnected (CPU path, with why); on a device "
                        "failure: disconnected with the error"),
};

constexpr th_config_field kConfig[] = {
    field("features", TH_CFG_STRING_LIST, nullptr,
          "Features in schema order, as the features plugin's: sma:n ema:n wma:n rsi:n macd:fast:slow:signal bb:n:k "
          "atr:n adx:n stoch:k:d obv vwap zscore:n vol:n ret:n tod",
          TH_CFG_REQUIRED),
    field("schema", TH_CFG_STRING, "features", "Schema name carried by every event (at most 31 characters)"),
    field("version", TH_CFG_INT, "1", "Schema version; part of the schema hash", 0, 0, 1e9),
    field("scaling", TH_CFG_STRING, nullptr, "JSON file of per-column scaling fitted by features' tools/fit_scaling.py"),
    field("instruments", TH_CFG_STRING_LIST, nullptr, "Symbols to compute; absent or empty: every instrument seen"),
    field("single", TH_CFG_BOOL, "true", "Publish one event per instrument update on `features`"),
    field("batch", TH_CFG_BOOL, "false", "Publish one batch per timestamp on `batches`"),
    field("devices", TH_CFG_STRING_LIST, nullptr,
          "CUDA devices: [all] (the default: the first present is used), a list of indexes, or [none] for the CPU path"),
    field("emulate_devices", TH_CFG_INT, "0",
          "With no CUDA device: a host-memory device running the kernel's functions (failover drills, tests)", 0, 0, 64),
    field("checkpoint_batches", TH_CFG_INT, "16",
          "Device path: the state is copied back every this many batches; a failure replays the batches since", 0, 1,
          1e9),
    field("fault_after_batches", TH_CFG_INT, "0",
          "Fault injection: the device batch after this many fails (0 = off); env TRADEHOST_CUDA_ACCEL_FAULT_AFTER "
          "overrides",
          0, 0, 1e9),
    field("min_device_rows", TH_CFG_INT, "1", "Unused here (cuda_accel's key; read by the shared device reader)", 0, 1,
          1e9),
};

// Made once when the library loads (never unloaded): the machine's devices and the path.
const char* describe() {
    static const std::string text = tradehost::cuda_accel::describe_devices(
        "The features plugin's rolling indicators for a universe on a CUDA device, with the same CPU path");
    return text.c_str();
}

}  // namespace

TRADEHOST_PLUGIN_EX(tradehost::cuda_accel::CudaFeatures, "cuda_features", "1.0.0", "model",
                    describe(), TH_PLUGIN_NEVER_UNLOAD, kPorts, kConfig)
