// See registry.hpp.
#include "registry.hpp"

#include "registry/model_follower.hpp"

namespace tradehost::nn {

Settings read_version(const Config& cfg, const models::Manifest& m, const std::string& path,
                      const std::string& want_schema) {
    const std::string who = "registry: " + m.name + " v" + std::to_string(m.version) + ": ";
    if (m.format != "thnn") throw ConfigError(who + "format '" + m.format + "' is not thnn");
    Settings s;
    try {
        s = read_settings(cfg, path);
    } catch (const ConfigError& e) {
        throw ConfigError(who + e.what());
    }
    if (m.schema_text != s.schema_text)
        throw ConfigError(who + "the manifest's schema '" + m.schema_text + "' is not the weights file's '" +
                          s.schema_text + "'");
    if (!want_schema.empty() && s.schema_text != want_schema)
        throw ConfigError(who + "schema mismatch: trained on '" + s.schema_text + "', this instance takes '" +
                          want_schema + "'");
    if (m.window_length != static_cast<int64_t>(s.network.sequence_length))
        throw ConfigError(who + "the manifest's window_length " + std::to_string(m.window_length) +
                          " is not the network's " + std::to_string(s.network.sequence_length) + " steps");
    s.model_version = m.version;
    s.output_min = m.output_min;
    s.output_max = m.output_max;
    return s;
}

std::string canary(Model& model, const std::vector<float>& windows, const Settings& s) {
    const size_t per = static_cast<size_t>(model.steps()) * model.inputs();
    const size_t rows = per ? windows.size() / per : 0;
    if (rows == 0) return {};
    std::vector<float> out(rows * model.outputs());
    model.predict(windows.data(), rows, out.data());
    return models::canary_failure(out.data(), rows, model.outputs(), s.output_min, s.output_max);
}

}  // namespace tradehost::nn
