// The tree_model instance: scores each th_features event (one row or a universe batch) with
// the loaded ensemble in one call and publishes signals and/or the raw predictions.
#pragma once

#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <set>
#include <vector>

namespace tradehost::tree_model {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortFeatures = 0,
    kPortSignals = 1,
    kPortPredictions = 2,
};

class TreeModel {
public:
    TreeModel(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);

private:
    bool accepts(const th_features& f);
    void publish_signal(th_instrument id, th_time_ns ts, const float* out);
    void publish_predictions(const th_features& in, const float* out);

    Host host_;
    Settings settings_;
    std::vector<float> out_;
    std::set<uint64_t> warned_;  ///< schema hashes already reported as mismatched
    alignas(8) unsigned char buf_[TH_EVENT_MAX_SIZE];
};

}  // namespace tradehost::tree_model
