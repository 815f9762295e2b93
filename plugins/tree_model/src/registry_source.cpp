// The registry calls tree_model makes, with registry errors turned into ConfigError.
#include "registry_source.hpp"

#include "registry/model_registry.hpp"
#include "registry/registry_error.hpp"

#include <tradehost/plugin.hpp>

#include <cmath>

namespace tradehost::tree_model {

std::optional<int64_t> registry_promoted(const std::string& root, const std::string& name) {
    try {
        return models::ModelRegistry(root).promoted(name);
    } catch (const models::RegistryError& e) {
        throw ConfigError(std::string("registry: ") + e.what());
    }
}

RegistryModel registry_load(const std::string& root, const std::string& name, int64_t version) {
    try {
        models::ModelRegistry reg(root);
        const models::Manifest m = reg.manifest(name, version);
        if (m.format != "xgboost_json")
            throw ConfigError("registry: " + name + " v" + std::to_string(version) + ": format '" + m.format +
                              "' is not xgboost_json");
        RegistryModel r;
        r.version = version;
        r.path = reg.verified_path(m);
        r.schema_text = m.schema_text;
        r.features = m.features;
        r.output_min = m.output_min;
        r.output_max = m.output_max;
        return r;
    } catch (const models::RegistryError& e) {
        throw ConfigError(std::string("registry: ") + e.what());
    }
}

std::optional<int64_t> registry_refuse(const std::string& root, const std::string& name, int64_t version,
                                       const std::string& reason) {
    try {
        return models::ModelRegistry(root).refuse(name, version, reason);
    } catch (const models::RegistryError& e) {
        throw ConfigError(std::string("registry: ") + e.what());
    }
}

std::string canary_failure(const Forest& forest, const std::vector<float>& rows, size_t n, double lo, double hi) {
    if (n == 0) return {};
    std::vector<float> out(n * forest.outputs());
    forest.predict_batch(rows.data(), n, out.data());
    for (size_t i = 0; i < out.size(); ++i) {
        if (!std::isfinite(out[i]))
            return "canary row " + std::to_string(i / forest.outputs()) + ": non-finite output " + std::to_string(out[i]);
        if (forest.transform != Transform::Argmax && (out[i] < lo || out[i] > hi))
            return "canary row " + std::to_string(i / forest.outputs()) + ": output " + std::to_string(out[i]) +
                   " outside the manifest's range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    }
    return {};
}

}  // namespace tradehost::tree_model
