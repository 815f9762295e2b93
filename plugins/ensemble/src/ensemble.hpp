// The ensemble instance: collects each member model's latest signal per instrument, blends a
// round once every member has spoken, scores the members against realised returns, and
// keeps those scores across hot reloads and restarts.
#pragma once

#include "outcomes.hpp"
#include "settings.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace tradehost::ensemble {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortMembers = 0,
    kPortPrices = 1,
    kPortOut = 2,
};

class Ensemble {
public:
    Ensemble(Host host, const Config& cfg);

    void start();
    void stop();
    void on_event(uint32_t port, const th_event_header& ev);
    std::string snapshot();
    void restore(std::string_view blob);

    /// The member weights the next blend uses (fixed, or from the outcomes so far).
    std::vector<double> current_weights() const;

private:
    struct Round {
        std::vector<double> x;          ///< each member's signed score
        std::vector<th_time_ns> ts;     ///< when each member spoke
        std::vector<bool> spoken;       ///< since the last blend
        std::size_t count = 0;
    };
    void on_signal(const th_signal& s);
    void on_price(th_instrument id, th_time_ns ts, double px);
    void blend(th_instrument id, Round& r, th_time_ns ts);
    void publish_weights();
    void save();

    Host host_;
    Settings settings_;
    std::unordered_map<std::string, std::size_t> index_;  ///< member name -> position
    std::unordered_map<th_instrument, Round> rounds_;
    std::vector<OutcomeWindow> windows_;
    Outcomes outcomes_;
    std::vector<int64_t> weight_bp_;  ///< the weights last published as metrics
    std::size_t unsaved_ = 0;
};

}  // namespace tradehost::ensemble
