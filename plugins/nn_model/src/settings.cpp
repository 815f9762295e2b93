// Reading the config, loading the weights file and checking the two agree.
#include "settings.hpp"

#include <cmath>

namespace tradehost::nn {

namespace {

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

}  // namespace

Settings read_settings(const Config& cfg) {
    if (cfg.has("registry")) throw ConfigError("registry: read through the registry (registry.cpp)");
    if (!cfg.has("model")) throw ConfigError("model: required (or registry: with model_name:)");
    return read_settings(cfg, cfg.get_string("model"));
}

Settings read_settings(const Config& cfg, const std::string& model_path) {
    Settings s;
    s.model_path = model_path;
    try {
        s.network = read_weights_file(s.model_path);
    } catch (const WeightsFileError& e) {
        throw ConfigError(std::string("model: ") + e.what());
    }
    const Network& n = s.network;

    // The input schema: the config's list, checked against the names the network was trained on.
    s.features = cfg.has("features") ? cfg.get_list("features") : n.features;
    if (s.features.size() != n.features.size())
        throw ConfigError("features: " + std::to_string(s.features.size()) + " columns, the model takes " +
                          std::to_string(n.features.size()) + " (" + join(n.features) + ")");
    for (size_t i = 0; i < n.features.size(); ++i)
        if (s.features[i] != n.features[i])
            throw ConfigError("features[" + std::to_string(i) + "] is '" + s.features[i] +
                              "', the model was trained on '" + n.features[i] + "' in that place");
    s.schema_version = cfg.has("schema_version") ? cfg.get_int("schema_version") : n.schema_version;
    if (s.schema_version != n.schema_version)
        throw ConfigError("schema_version: " + std::to_string(s.schema_version) + ", the model was trained on version " +
                          std::to_string(n.schema_version) + " of its features");
    s.schema_text = join(s.features) + ";v" + std::to_string(s.schema_version);
    s.schema_hash = th_features_schema_hash(s.schema_text.c_str());

    const std::string output = cfg.get_string("output");
    if (output != "signals" && output != "predictions" && output != "both")
        throw ConfigError("output: expected 'signals', 'predictions' or 'both', got '" + output + "'");
    s.signals = output != "predictions";
    s.predictions = output != "signals";
    s.signal_name = cfg.get_string("signal_name");
    if (s.signal_name.empty() || s.signal_name.size() >= sizeof(th_signal{}.name))
        throw ConfigError("signal_name: 1 to " + std::to_string(sizeof(th_signal{}.name) - 1) + " characters");
    if (cfg.has("signal_output")) {
        const std::string name = cfg.get_string("signal_output");
        size_t k = 0;
        while (k < n.outputs.size() && n.outputs[k] != name) ++k;
        if (k == n.outputs.size())
            throw ConfigError("signal_output: '" + name + "' is not one of the model's outputs (" + join(n.outputs) + ")");
        s.signal_output = k;
    }
    s.center = cfg.get_float("center");
    s.scale = cfg.get_float("scale");
    if (!(s.scale > 0) || !std::isfinite(s.scale)) throw ConfigError("scale: must be > 0");
    const std::string pred_text = join(n.outputs) + ";v1";
    s.prediction_hash = th_features_schema_hash(pred_text.c_str());
    return s;
}

}  // namespace tradehost::nn
