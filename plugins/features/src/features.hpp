// The features instance: turns quotes, trades and bars into per-instrument feature rows and
// publishes them as th_features, one event per update and/or one batch per timestamp.
#pragma once

#include "batch.hpp"
#include "event_observation.hpp"
#include "feature_events.hpp"
#include "feature_row.hpp"
#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tradehost::features {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    // kPortQuotes, kPortTrades, kPortBars: event_observation.hpp
    kPortFeatures = 3,
    kPortBatches = 4,
};

class Features {
public:
    Features(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    void stop();
    /// Hot reload: every instrument's indicator state, exactly; restored only into the
    /// same schema (another one starts cold and says so).
    std::string snapshot();
    void restore(std::string_view blob);

private:
    void observe(th_instrument id, const Observation& o);
    void publish_single(th_instrument id, th_time_ns ts);
    void flush_batch();

    Host host_;
    Settings settings_;
    uint64_t schema_hash_;
    FeatureSchema schema() const { return {static_cast<uint16_t>(row_.size()), schema_hash_, settings_.schema_name}; }
    std::unordered_set<th_instrument> filter_;
    std::unordered_map<th_instrument, FeatureRow> rows_;
    std::vector<double> scratch_;  ///< one row, before scaling
    std::vector<float> row_;       ///< one row, as published
    Batch batch_;
    uint32_t batch_seq_ = 0;
    alignas(8) unsigned char buf_[TH_EVENT_MAX_SIZE];
};

}  // namespace tradehost::features
