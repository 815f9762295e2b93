// The ensemble plugin's validated configuration.
#pragma once

#include "blend.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

namespace tradehost::ensemble {

struct Settings {
    std::vector<std::string> members;  ///< th_signal names of the base models, in order
    Method method = Method::Weighted;
    std::string method_name = "weighted";
    std::vector<double> weights;       ///< fixed weights, or the prior of bma and dynamic
    Stacker stacker;                   ///< method stacking
    th_time_ns max_age_ns = 0;         ///< members' views further apart than this do not blend
    th_time_ns horizon_ns = 0;         ///< forward-return horizon scoring each member
    std::size_t window = 500;          ///< outcomes kept per member
    std::size_t min_outcomes = 30;     ///< before this, bma and dynamic use the prior
    double floor = 0, cap = 1;         ///< dynamic: bounds of each weight
    std::string signal_name = "ensemble";
};

/// Reads and checks the config; throws ConfigError naming the key.
Settings read_settings(const Config& cfg);

}  // namespace tradehost::ensemble
