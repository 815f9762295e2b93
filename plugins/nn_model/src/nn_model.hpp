// The nn_model instance: scores each th_features event (one row or a universe batch) with
// the network in one call and publishes signals and/or the raw outputs. A sequence network
// scores an instrument on its last T rows, once it has them.
#pragma once

#include "history.hpp"
#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::nn {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortFeatures = 0,
    kPortSignals = 1,
    kPortPredictions = 2,
};

class NnModel {
public:
    NnModel(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    /// Hot reload: each instrument's window of feature rows (sequence networks), restored
    /// only into a network with the same schema, steps and width (another starts cold and
    /// says so).
    std::string snapshot();
    void restore(std::string_view blob);

private:
    bool accepts(const th_features& f);
    void publish_signal(th_instrument id, th_time_ns ts, const float* out);
    void publish_predictions(const th_features& in);

    Host host_;
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
