// Exports the nn_model plugin: its ports, its config schema and the entry symbol.
#include "nn_model.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("features", TH_EV_FEATURES,
                       "Feature rows (single or batch) of the schema the network was trained on; others are dropped"),
    tradehost::out_port("signals", TH_EV_SIGNAL,
                        "One signal per scored row: value = output - center, strength = min(1, |value| / scale)"),
    tradehost::out_port("predictions", TH_EV_FEATURES,
                        "The network's outputs per event, one row per scored instrument, columns named by the file"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS,
                        "Registry swaps (reconciled) and refused versions (gap), with the reason"),
};

constexpr th_config_field kConfig[] = {
    field("model", TH_CFG_STRING, nullptr,
          "Weights file (docs/nn-weights-format.md), e.g. from tools/export_torch.py; or registry: with model_name:"),
    field("features", TH_CFG_STRING_LIST, nullptr,
          "Input columns in order; absent: the file's features. Must equal the file's names"),
    field("schema_version", TH_CFG_INT, nullptr,
          "Version of the features schema; absent: the file's. Must equal the file's", 0, 0, 1e9),
    field("output", TH_CFG_STRING, "signals", "signals, predictions or both"),
    field("signal_name", TH_CFG_STRING, "nn_model", "th_signal name (at most 31 characters)"),
    field("signal_output", TH_CFG_STRING, nullptr, "Name of the output that makes the signal; absent: the first"),
    field("center", TH_CFG_FLOAT, "0", "Signal value = output - center (0.5 for a probability)"),
    field("scale", TH_CFG_FLOAT, "1", "Strength = min(1, |value| / scale)"),
    field("registry", TH_CFG_STRING, nullptr, "Model registry folder: load model_name's promoted version instead of model:"),
    field("model_name", TH_CFG_STRING, nullptr, "The model's name in the registry"),
    field("registry_poll", TH_CFG_DURATION, "5s", "How often the registry's promotion pointer is checked"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::nn::NnModel, "nn_model", "1.0.0", "model",
                 "Neural networks (MLP, LSTM, GRU, attention) from a weights file, on Eigen, scoring th_features rows",
                 kPorts, kConfig)
