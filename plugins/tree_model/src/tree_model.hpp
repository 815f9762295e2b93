// The tree_model instance: scores each th_features event (one row or a universe batch) with
// the loaded ensemble in one call and publishes signals and/or the raw predictions.
#pragma once

#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <memory>
#include <set>
#include <vector>

namespace tradehost::models {
class ModelFollower;
}

namespace tradehost::tree_model {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortFeatures = 0,
    kPortSignals = 1,
    kPortPredictions = 2,
    kPortStatus = 3,
};

class TreeModel {
public:
    TreeModel(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    /// The registry poll (registry_swap.cpp).
    void on_timer(uint64_t id, th_time_ns now);

private:
    // registry_swap.cpp: the model in service from the registry, swaps and rollbacks.
    Settings initial_settings();
    void remember_rows(const float* values, size_t rows);
    std::vector<float> canary_rows(size_t cols, size_t& n) const;
    void poll_registry(th_time_ns now);
    void publish_status(th_time_ns now, uint32_t state, const std::string& text);

    bool accepts(const th_features& f);
    void publish_signal(th_instrument id, th_time_ns ts, const float* out);
    void publish_predictions(const th_features& in, const float* out);

    Host host_;
    Config cfg_;  ///< kept: a promoted version is read with the same config
    /// With registry: only (made by initial_settings, so declared before settings_). Shared,
    /// not unique, so this header needs no registry include.
    std::shared_ptr<models::ModelFollower> follower_;
    Settings settings_;
    std::vector<float> recent_;  ///< the last rows seen (canary batch for a new version)
    size_t recent_next_ = 0;
    uint64_t poll_timer_ = 0;
    std::vector<float> out_;
    std::set<uint64_t> warned_;  ///< schema hashes already reported as mismatched
    alignas(8) unsigned char buf_[TH_EVENT_MAX_SIZE];
};

}  // namespace tradehost::tree_model
