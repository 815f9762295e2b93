// Exports the feature_store plugin: its ports, its config schema and the entry symbol.
#include "feature_store.hpp"

namespace {

using tradehost::field;

constexpr th_port_desc kPorts[] = {
    tradehost::in_port("features", TH_EV_FEATURES,
                       "The features plugin's rows (single or batch) of this store's definition; others are counted "
                       "and not stored"),
    tradehost::in_port("quotes", TH_EV_QUOTE, "Quotes: mids recorded in the offline store as label prices"),
    tradehost::out_port("latest", TH_EV_FEATURES,
                        "serve_interval > 0: the latest vector of every instrument, one batch per interval"),
};

constexpr th_config_field kConfig[] = {
    field("features", TH_CFG_STRING_LIST, nullptr, "The features plugin's `features` list, same order (the definition)",
          TH_CFG_REQUIRED),
    field("schema", TH_CFG_STRING, "features", "The features plugin's `schema`"),
    field("version", TH_CFG_INT, "1", "The features plugin's `version`", 0, 0, 1e9),
    field("db", TH_CFG_STRING, nullptr, "Offline store: SQLite file (created); absent: online store only"),
    field("prices", TH_CFG_BOOL, "true", "Record quote mids in the offline store (labels for tradehost train)"),
    field("commit_interval", TH_CFG_DURATION, "1s", "How often buffered rows are committed to SQLite"),
    field("drift", TH_CFG_STRING, nullptr, "Training distribution (drift.json from tradehost train): drift metrics"),
    field("drift_window", TH_CFG_INT, "500", "Live values per feature the drift is measured over", 0, 10, 1e7),
    field("drift_interval", TH_CFG_DURATION, "10s", "How often drift_psi_ppm_* and drift_ks_ppm_* are updated"),
    field("serve_interval", TH_CFG_DURATION, "0s", "> 0: publish the latest vectors on `latest` this often"),
};

}  // namespace

TRADEHOST_PLUGIN(tradehost::feature_store::FeatureStore, "feature_store", "1.0.0", "model",
                 "Online and offline feature store (SQLite), point-in-time training sets, drift metrics", kPorts,
                 kConfig)
