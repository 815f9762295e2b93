// The feature_store plugin's validated configuration.
#pragma once

#include "store/definition.hpp"

#include <tradehost/plugin.hpp>

#include <string>

namespace tradehost::feature_store {

struct Settings {
    store::Definition definition;   ///< from the same `features`, `schema`, `version` as the features plugin
    std::string db;                 ///< offline store (SQLite); empty: online only
    bool prices = true;             ///< record quote mids (labels for `tradehost train`)
    int64_t commit_interval_ns = 0;
    std::string drift;              ///< training distribution (drift.json); empty: no drift metrics
    int64_t drift_window = 500;
    int64_t drift_interval_ns = 0;
    int64_t serve_interval_ns = 0;  ///< > 0: publish the latest vectors of every key as one batch
};

/// Reads and checks the config; throws ConfigError naming the key.
Settings read_settings(const Config& cfg);

}  // namespace tradehost::feature_store
