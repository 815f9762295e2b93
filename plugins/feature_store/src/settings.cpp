// Reading the feature_store config. The definition is built from the features plugin's own
// parser (feature_spec.cpp, compiled in), so the column names and parameters are exactly
// the ones the features plugin publishes.
#include "settings.hpp"

#include "feature_spec.hpp"

namespace tradehost::feature_store {

Settings read_settings(const Config& cfg) {
    Settings s;
    store::Definition& d = s.definition;
    d.specs = cfg.get_list("features");
    if (d.specs.empty()) throw ConfigError("features: list the features plugin's `features`, in the same order");
    for (const auto& text : d.specs) {
        features::FeatureSpec spec = features::parse_spec(text);
        d.columns.insert(d.columns.end(), spec.columns.begin(), spec.columns.end());
    }
    d.schema = cfg.get_string("schema");
    d.version = cfg.get_int("version");
    if (cfg.has("db")) s.db = cfg.get_string("db");
    s.prices = cfg.get_bool("prices");
    s.commit_interval_ns = cfg.get_duration_ns("commit_interval");
    if (s.commit_interval_ns <= 0) throw ConfigError("commit_interval: must be > 0");
    if (cfg.has("drift")) s.drift = cfg.get_string("drift");
    s.drift_window = cfg.get_int("drift_window");
    s.drift_interval_ns = cfg.get_duration_ns("drift_interval");
    if (!s.drift.empty() && s.drift_interval_ns <= 0) throw ConfigError("drift_interval: must be > 0");
    s.serve_interval_ns = cfg.get_duration_ns("serve_interval");
    if (s.serve_interval_ns < 0) throw ConfigError("serve_interval: must be >= 0");
    return s;
}

}  // namespace tradehost::feature_store
