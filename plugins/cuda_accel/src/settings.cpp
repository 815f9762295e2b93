// Reading the config: the model part is tree_model's own reader (the same keys, checks and
// errors), the device part is this plugin's.
#include "settings.hpp"

#include "../../tree_model/src/settings.hpp"

#include <cerrno>
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

}  // namespace

Settings read_settings(const Config& cfg) {
    Settings s;
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

    read_devices(cfg, s);
    s.emulate_devices = cfg.get_int("emulate_devices");
    s.min_device_rows = cfg.get_int("min_device_rows");
    s.fault_after = static_cast<uint64_t>(cfg.get_int("fault_after_batches"));
    if (const char* env = std::getenv(kFaultEnv); env && *env)
        s.fault_after = static_cast<uint64_t>(integer(kFaultEnv, env, 0));
    return s;
}

}  // namespace tradehost::cuda_accel
