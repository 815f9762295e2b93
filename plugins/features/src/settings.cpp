// Reading and checking the features plugin's config.
#include "settings.hpp"

#include <set>

namespace tradehost::features {

Settings read_settings(const Config& cfg) {
    Settings s;
    const std::vector<std::string> list = cfg.get_list("features");
    if (list.empty()) throw ConfigError("features: list at least one feature; known: " + known_kinds());
    std::set<std::string> seen;
    for (const auto& text : list) {
        FeatureSpec spec = parse_spec(text);
        for (const auto& c : spec.columns) {
            if (!seen.insert(c).second) throw ConfigError("features: column '" + c + "' appears twice");
            s.columns.push_back(c);
        }
        s.specs.push_back(std::move(spec));
    }
    if (s.columns.size() > TH_FEATURES_MAX_VALUES)
        throw ConfigError("features: " + std::to_string(s.columns.size()) + " columns; at most " +
                          std::to_string(TH_FEATURES_MAX_VALUES) + " fit one event");
    s.schema_name = cfg.get_string("schema");
    if (s.schema_name.empty() || s.schema_name.size() >= sizeof(th_features{}.schema))
        throw ConfigError("schema: 1 to " + std::to_string(sizeof(th_features{}.schema) - 1) + " characters");
    s.version = cfg.get_int("version");
    for (const auto& c : s.columns) s.schema_text += (s.schema_text.empty() ? "" : ",") + c;
    s.schema_text += ";v" + std::to_string(s.version);
    if (cfg.has("scaling")) s.scaling = Scaling::load(cfg.get_string("scaling"), s.columns);
    if (cfg.has("instruments")) s.instruments = cfg.get_list("instruments");
    s.single = cfg.get_bool("single");
    s.batch = cfg.get_bool("batch");
    if (!s.single && !s.batch) throw ConfigError("single and batch are both false: nothing would be published");
    return s;
}

}  // namespace tradehost::features
