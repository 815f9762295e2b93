// The registry keys of tree_model's config: the model file comes from the registry's
// promoted version (checksum verified), and the manifest's schema must be the configured one.
#include "settings.hpp"

#if TREE_MODEL_HAVE_REGISTRY
#include "registry_source.hpp"
#endif

namespace tradehost::tree_model {

void read_registry(const Config& cfg, Settings& s, std::optional<int64_t> version) {
    s.registry = cfg.get_string("registry");
    if (!cfg.has("model_name")) throw ConfigError("model_name: required with registry:");
    s.model_name = cfg.get_string("model_name");
    s.registry_poll_ns = cfg.get_duration_ns("registry_poll");
    if (s.registry_poll_ns <= 0) throw ConfigError("registry_poll: must be > 0");
    if (cfg.has("model")) throw ConfigError("model: give either model: or registry:, not both");
#if TREE_MODEL_HAVE_REGISTRY
    if (!version) version = registry_promoted(s.registry, s.model_name);
    if (!version) throw ConfigError("registry: " + s.registry + ": no promoted version of '" + s.model_name +
                                    "' (tradehost models promote)");
    const RegistryModel m = registry_load(s.registry, s.model_name, *version);
    s.model_path = m.path;
    s.model_version = m.version;
    s.output_min = m.output_min;
    s.output_max = m.output_max;
    s.manifest_schema = m.schema_text;
    s.manifest_format = m.format;
    s.class_order = m.class_order;
#else
    (void)version;
    throw ConfigError("registry: this build has no model registry (it comes with the feature_store plugin folder)");
#endif
}

void check_registry_schema(const Settings& s) {
    if (s.model_version != 0 && s.manifest_schema != s.schema_text)
        throw ConfigError("registry: " + s.model_name + " v" + std::to_string(s.model_version) +
                          " was trained on schema '" + s.manifest_schema + "', this instance takes '" + s.schema_text +
                          "'");
}

}  // namespace tradehost::tree_model
