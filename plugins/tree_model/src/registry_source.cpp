// The registry calls tree_model makes, with registry errors turned into ConfigError.
#include "registry_source.hpp"

#include "registry/model_follower.hpp"
#include "registry/model_registry.hpp"
#include "registry/registry_error.hpp"

#include <tradehost/plugin.hpp>

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
        if (m.format != "xgboost_json" && m.format != "lightgbm_text")
            throw ConfigError("registry: " + name + " v" + std::to_string(version) + ": format '" + m.format +
                              "' is not a tree model (xgboost_json or lightgbm_text)");
        RegistryModel r;
        r.version = version;
        r.format = m.format;
        r.path = reg.verified_path(m);
        r.schema_text = m.schema_text;
        r.features = m.features;
        r.class_order = m.class_order;
        r.output_min = m.output_min;
        r.output_max = m.output_max;
        return r;
    } catch (const models::RegistryError& e) {
        throw ConfigError(std::string("registry: ") + e.what());
    }
}

std::string canary_failure(const Forest& forest, const std::vector<float>& rows, size_t n, double lo, double hi) {
    if (n == 0) return {};
    std::vector<float> out(n * forest.outputs());
    forest.predict_batch(rows.data(), n, out.data());
    // A class index (argmax) has no range to check; its finiteness still counts.
    return models::canary_failure(out.data(), n, forest.outputs(), lo, hi, forest.transform != Transform::Argmax);
}

}  // namespace tradehost::tree_model
