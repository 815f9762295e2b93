// Reading the config: the model part is tree_model's own reader (the same keys, checks and
// errors), the device part is this plugin's.
#include "settings.hpp"

#include "../../tree_model/src/settings.hpp"
#include "nn_network.hpp"

#include <cerrno>
#include <algorithm>
#include <cstdlib>

namespace tradehost::cuda_accel {

namespace {

int64_t integer(const std::string& key, const std::string& text, int64_t min) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || v < min)
        throw ConfigError(key + ": '" + text + "' is not an integer >= " + std::to_string(min));
    return v;
}

void read_devices(const Config& cfg, Settings& s) {
    const auto list = cfg.has("devices") ? cfg.get_list("devices") : std::vector<std::string>{"all"};
    s.all_devices = false;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string key = "devices[" + std::to_string(i) + "]";
        if ((list[i] == "all" || list[i] == "none") && list.size() != 1)
            throw ConfigError(key + ": '" + list[i] + "' stands alone (devices: [" + list[i] + "])");
        if (list[i] == "all") s.all_devices = true;
        else if (list[i] != "none") s.device_ids.push_back(static_cast<int>(integer(key, list[i], 0)));
    }
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A feed-forward nn_model network: the same schema checks as for a tree, its own outputs.
void read_network(const Config& cfg, Settings& s) {
    s.model_path = cfg.get_string("model");
    nn::Network net;
    try {
        net = nn::read_weights_file(s.model_path);
        s.model.kind = Model::Kind::Mlp;
        s.model.mlp = mlp_from_network(net);
    } catch (const std::exception& e) {
        throw ConfigError(std::string("model: ") + (std::string(e.what()).rfind(s.model_path, 0) == 0 ? "" : s.model_path + ": ") +
                          e.what());
    }
    s.features = cfg.has("features") ? cfg.get_list("features") : std::vector<std::string>{};
    if (s.features.empty()) s.features = net.features;
    for (size_t i = 0; i < std::max(s.features.size(), net.features.size()); ++i)
        if (i >= s.features.size() || i >= net.features.size() || s.features[i] != net.features[i])
            throw ConfigError("features: column " + std::to_string(i) + " is '" +
                              (i < s.features.size() ? s.features[i] : "(none)") + "', the network was trained on '" +
                              (i < net.features.size() ? net.features[i] : "(none)") + "' in that place");
    if (cfg.get_int("schema_version") != net.schema_version)
        throw ConfigError("schema_version: " + std::to_string(cfg.get_int("schema_version")) +
                          ", the network was trained on version " + std::to_string(net.schema_version));
    s.schema_text = join(s.features) + ";v" + std::to_string(net.schema_version);
    s.schema_hash = th_features_schema_hash(s.schema_text.c_str());
    const std::string output = cfg.get_string("output");
    if (output != "signals" && output != "predictions" && output != "both")
        throw ConfigError("output: expected 'signals', 'predictions' or 'both', got '" + output + "'");
    s.signals = output != "predictions";
    s.predictions = output != "signals";
    s.signal_name = cfg.get_string("signal_name");
    if (s.signal_name.empty() || s.signal_name.size() >= sizeof(th_signal{}.name))
        throw ConfigError("signal_name: 1 to " + std::to_string(sizeof(th_signal{}.name) - 1) + " characters");
    // The signal is made from the first output; a sigmoid last layer is a probability.
    const bool probability = s.model.mlp.layers.back().activation == Activation::Sigmoid;
    s.center = cfg.has("center") ? cfg.get_float("center") : (probability ? 0.5 : 0.0);
    s.scale = cfg.has("scale") ? cfg.get_float("scale") : (probability ? 0.5 : 1.0);
    if (!(s.scale > 0)) throw ConfigError("scale: must be > 0");
    s.transform = tree_model::Transform::Identity;
    s.prediction_columns = net.outputs;
    s.prediction_hash = th_features_schema_hash((join(net.outputs) + ";v1").c_str());
}

}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
    const std::string format = cfg.get_string("format");
    if (format == "nn_weights" || (format == "auto" && ends_with(cfg.get_string("model"), ".thnn"))) {
        read_network(cfg, s);
        read_device_keys(cfg, s);
        return s;
    }
    tree_model::Settings t = tree_model::read_settings(cfg);
    s.model_path = t.model_path;
    s.model.kind = Model::Kind::Tree;
    s.model.forest = std::move(t.forest);
    s.transform = s.model.forest.transform;
    s.features = std::move(t.features);
    s.schema_text = t.schema_text;
    s.schema_hash = t.schema_hash;
    s.signals = t.signals;
    s.predictions = t.predictions;
    s.signal_name = t.signal_name;
    s.center = t.center;
    s.scale = t.scale;
    s.class_values = std::move(t.class_values);
    s.prediction_columns = std::move(t.prediction_columns);
    s.prediction_hash = t.prediction_hash;

    read_device_keys(cfg, s);
    return s;
}

void read_device_keys(const Config& cfg, Settings& s) {
    read_devices(cfg, s);
    s.emulate_devices = cfg.get_int("emulate_devices");
    s.min_device_rows = cfg.get_int("min_device_rows");
    s.fault_after = static_cast<uint64_t>(cfg.get_int("fault_after_batches"));
    if (const char* env = std::getenv(kFaultEnv); env && *env)
        s.fault_after = static_cast<uint64_t>(integer(kFaultEnv, env, 0));
}

}  // namespace tradehost::cuda_accel
