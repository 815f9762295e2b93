// The nn_model instance: scores each th_features event (one row or a universe batch) with
// the network in one call and publishes signals and/or the raw outputs. A sequence network
// scores an instrument on its last T rows, once it has them.
#pragma once

#include "history.hpp"
#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::models {
class ModelFollower;
}

namespace tradehost::nn {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortFeatures = 0,
    kPortSignals = 1,
    kPortPredictions = 2,
    kPortStatus = 3,
};

class NnModel {
public:
    NnModel(Host host, const Config& cfg);

    void start();
    /// Saves the windows as plugin state (restored at the next start).
    void stop();
    void on_event(uint32_t port, const th_event_header& ev);
    /// The registry poll (registry_swap.cpp).
    void on_timer(uint64_t id, th_time_ns now);
    /// Hot reload: each instrument's window of feature rows (sequence networks), restored
    /// only into a network with the same schema, steps and width (another starts cold and
    /// says so).
    std::string snapshot();
    void restore(std::string_view blob);

private:
    // registry_swap.cpp: the network in service from the registry, swaps and rollbacks.
    Settings initial_settings();
    std::vector<float> canary_windows(size_t steps, size_t width) const;
    void poll_registry(th_time_ns now);
    void publish_status(th_time_ns now, uint32_t state, const std::string& text);

    /// start: the windows saved at the last stop, if they fit this network.
    void restore_saved();

    bool accepts(const th_features& f);
    void publish_signal(th_instrument id, th_time_ns ts, const float* out);
    void publish_predictions(const th_features& in);

    Host host_;
    Config cfg_;  ///< kept: a promoted version is read with the same config
    /// With registry: only. Shared, not unique, so this header needs no registry include
    /// (its deleter is made where the follower is).
    std::shared_ptr<models::ModelFollower> follower_;
    uint64_t poll_timer_ = 0;
    Settings settings_;
    Model model_;
    History history_;
    std::vector<float> input_;        ///< the rows scored in this call, steps x features each
    std::vector<th_instrument> ids_;  ///< their instruments
    std::vector<float> out_;
    std::set<uint64_t> warned_;       ///< schema hashes already reported as mismatched
    alignas(8) unsigned char buf_[TH_EVENT_MAX_SIZE];
};

}  // namespace tradehost::nn
