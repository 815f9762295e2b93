// The feature_store instance: keeps the latest vector per instrument (online store), writes
// every vector with its event time and the definition's hash to SQLite (offline store),
// records quote mids for labels, and exports per-feature drift against the training
// distribution as metrics.
#pragma once

#include "settings.hpp"
#include "store/drift.hpp"
#include "store/offline_store.hpp"
#include "store/online_store.hpp"

#include <tradehost/plugin.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tradehost::feature_store {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortFeatures = 0,
    kPortQuotes = 1,
    kPortLatest = 2,
};

class FeatureStore {
public:
    FeatureStore(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    void on_timer(uint64_t id, th_time_ns now);
    void stop();

    const store::OnlineStore& online() const { return online_; }

private:
    void store_row(th_instrument id, th_time_ns ts, const float* row);
    const std::string& key_of(th_instrument id);
    void flush();
    void export_drift();
    void serve(th_time_ns now);

    Host host_;
    Settings settings_;
    std::string def_sha_;
    uint64_t event_hash_;
    store::OnlineStore online_;
    std::unique_ptr<store::OfflineStore> offline_;
    std::optional<store::DriftMonitor> drift_;
    std::vector<int64_t> drift_ppm_;  ///< last exported value per metric (PSI then KS per feature)
    std::map<th_instrument, std::string> keys_;
    uint64_t commit_timer_ = 0, drift_timer_ = 0, serve_timer_ = 0;
    size_t pending_ = 0;
    bool warned_ = false;
    alignas(8) unsigned char buf_[TH_EVENT_MAX_SIZE];
};

}  // namespace tradehost::feature_store
