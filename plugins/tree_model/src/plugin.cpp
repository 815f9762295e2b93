// Exports the tree_model plugin: its ports, its config schema and the entry symbol.
#include "tree_model.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("features", TH_EV_FEATURES,
                       "Feature rows (single or batch) of the schema the model was trained on; others are dropped"),
    tradehost::out_port("signals", TH_EV_SIGNAL, "One signal per row: value = prediction - center (or the "
                                                 "class-weighted value), strength in [0, 1]"),
    tradehost::out_port("predictions", TH_EV_FEATURES,
                        "The raw outputs per event, same rows and instruments: prediction, or p0..pK-1"),
    tradehost::out_port("status", TH_EV_VENUE_STATUS,
                        "Registry: a version swapped in (reconciled) or refused and rolled back (gap), with why"),
};

constexpr th_config_field kConfig[] = {
    field("model", TH_CFG_STRING, nullptr,
          "Model file: XGBoost JSON (save_model(\"x.json\")) or LightGBM text (save_model(\"x.txt\")); or registry:"),
    field("format", TH_CFG_STRING, "auto", "auto (by extension: .json, .txt), xgboost_json or lightgbm_text"),
    field("features", TH_CFG_STRING_LIST, nullptr,
          "Input columns in order; absent: the model's feature_names. Must equal the model's names"),
    field("schema_version", TH_CFG_INT, "1", "Version of the features schema (the features plugin's `version`)", 0,
          0, 1e9),
    field("output", TH_CFG_STRING, "signals", "signals, predictions or both"),
    field("signal_name", TH_CFG_STRING, "tree_model", "th_signal name (at most 31 characters)"),
    field("center", TH_CFG_FLOAT, nullptr, "Signal value = prediction - center; default 0.5 for probabilities, else 0"),
    field("scale", TH_CFG_FLOAT, nullptr, "Strength = min(1, |value| / scale); default 0.5 for probabilities, else 1"),
    field("class_values", TH_CFG_STRING_LIST, nullptr,
          "Multiclass: a number per class; value = sum of p_k * class_values[k], strength = top probability"),
    field("registry", TH_CFG_STRING, nullptr, "Model registry folder: load model_name's promoted version instead of model:"),
    field("model_name", TH_CFG_STRING, nullptr, "The model's name in the registry"),
    field("registry_poll", TH_CFG_DURATION, "5s", "How often the registry's promotion pointer is checked"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::tree_model::TreeModel, "tree_model", "1.0.0", "model",
                 "Gradient-boosted tree models (XGBoost JSON) scoring th_features rows", kPorts, kConfig)
