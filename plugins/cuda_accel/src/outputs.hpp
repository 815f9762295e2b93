// Publishing model outputs as tree_model does: a th_signal per row and/or the raw outputs
// as th_features of the input's shape, so cuda_accel drops in where tree_model was wired.
#pragma once

#include "settings.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::cuda_accel {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortFeatures = 0,
    kPortSignals = 1,
    kPortPredictions = 2,
    kPortStatus = 3,
};

class Outputs {
public:
    Outputs(Host host, const Settings& s) : host_(host), s_(s) {}
    /// Publishes what `output` asks for, for every row of `in` scored into `out`.
    void publish(const th_features& in, const float* out);

private:
    void signal(th_instrument id, th_time_ns ts, const float* out);
    void predictions(const th_features& in, const float* out);

    Host host_;
    const Settings& s_;
    alignas(8) unsigned char buf_[TH_EVENT_MAX_SIZE];
};

}  // namespace tradehost::cuda_accel
