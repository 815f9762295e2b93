// The cuda_features instance: the features plugin's indicators for the whole universe on a
// CUDA device (one kernel pass per timestamp over every instrument that updated), or on the
// CPU path, which runs the same update functions. Its config, ports and events are the
// features plugin's (a model downstream cannot tell them apart), plus the device keys.
#pragma once

#include "batch.hpp"
#include "indicator_engine.hpp"
#include "settings.hpp"

#include "../../features/src/feature_events.hpp"
#include "../../features/src/settings.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace tradehost::cuda_accel {

/// Output ports after features' three inputs; must match kPorts in cuda_features_plugin.cpp.
enum : uint32_t { kPortFeatureRows = 3, kPortFeatureBatches = 4, kPortIndicatorStatus = 5 };

class CudaFeatures {
public:
    CudaFeatures(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    void stop();
    /// "device (name)" or "cpu (why)".
    std::string path() const;
    /// Hot reload: every instrument's state exactly, and the observations of the pass not
    /// run yet; restored only into the same schema (another one starts cold and says so).
    std::string snapshot();
    void restore(std::string_view blob);

private:
    void run_pending();
    void publish_single(th_instrument id, th_time_ns ts);
    void flush_batch();
    void publish_status(uint32_t state, const std::string& text);
    void report_failure();

    Host host_;
    features::Settings settings_;
    Settings device_keys_;
    uint64_t schema_hash_;
    features::FeatureSchema schema() const {
        return {static_cast<uint16_t>(row_.size()), schema_hash_, settings_.schema_name};
    }
    std::string cpu_reason_;
    std::unordered_set<th_instrument> filter_;
    IndicatorEngine engine_;
    // The observations of the current timestamp, one per instrument, not yet computed.
    th_time_ns pending_ts_ = 0;
    std::vector<th_instrument> pending_ids_;
    std::vector<uint32_t> pending_slots_;
    std::vector<ind::Obs> pending_obs_;
    std::unordered_set<uint32_t> pending_set_;
    std::vector<double> rows_;
    std::vector<uint8_t> ready_;
    std::vector<float> row_;
    features::Batch batch_;
    uint32_t batch_seq_ = 0;
    alignas(8) unsigned char buf_[TH_EVENT_MAX_SIZE];
};

}  // namespace tradehost::cuda_accel
