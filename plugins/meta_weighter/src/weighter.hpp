// The meta_weighter's state without the host: agents' calibrators and records, views per
// instrument, outcomes waiting for their horizon, refits, and the blend.
#pragma once

#include "calibration.hpp"
#include "weights.hpp"

#include <tradehost/plugin.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tradehost::meta_weighter {

struct WeighterSettings {
    Calibrator::Method method = Calibrator::PlattMethod;
    WeightRules rules;
    size_t history = 2000;          ///< outcomes kept per agent for the next fit
    size_t min_samples = 50;        ///< no fit before this many outcomes
    th_time_ns refit_every = 0;     ///< event time between refits; 0: at every outcome's batch end
    th_time_ns default_horizon = 300'000'000'000;  ///< when a signal states none
    th_time_ns ttl = 0;             ///< a view older than this leaves the blend; 0: its horizon
};

struct Blend {
    double value = 0;      ///< sum(w c) / sum(w) over the instrument's fresh views, in [-1, 1]
    th_time_ns horizon = 0;
    int agents = 0;        ///< views in it
    /// Decision ids (ABI 1.3) of the views in it, in agent order; the first 0 ends the list
    /// (views without an id, from an older publisher, are left out).
    uint64_t causes[TH_CAUSE_MAX] = {};
};

class Weighter {
public:
    explicit Weighter(WeighterSettings s) : s_(s) {}

    /** One agent's signal: records the view (calibrated now) and opens an outcome to be
     *  measured at ts + horizon unless one of this agent's is already open on the instrument
     *  (one at a time keeps the outcomes close to independent). Returns the new blend. */
    Blend on_signal(const std::string& agent, th_instrument id, th_time_ns ts, double score, th_time_ns horizon,
                    uint64_t decision = 0);

    /** A price: closes the instrument's outcomes whose horizon has passed. Returns how many. */
    int on_price(th_instrument id, th_time_ns ts, double mid);

    /** Refits every agent with enough history when the schedule says so. Returns true if it did. */
    bool maybe_refit(th_time_ns now);
    void refit_all();

    const std::vector<std::string>& agents() const { return names_; }
    std::vector<double> weights() const;
    const Calibrator& calibrator(size_t agent) const { return agents_[agent].cal; }
    size_t outcomes(size_t agent) const { return agents_[agent].perf.count(); }

    /** History and records as text for state_put; read back by decode (throws on a bad blob). */
    std::string encode() const;
    void decode(const std::string& blob);

private:
    struct Agent {
        Calibrator cal;
        Performance perf;
        std::vector<Sample> history;  // ring: the last `history` outcomes
        size_t next = 0;
        explicit Agent(Calibrator::Method m) : cal(m) {}
    };
    struct View {
        double c = 0;          // calibrated score 2p - 1 when it spoke
        double x = 0;          // raw score
        th_time_ns ts = 0, horizon = 0;
        bool open = false;     // an outcome waiting
        th_time_ns due = 0;
        double mid0 = 0;
        double oos_c = 0;      // the calibrated view the outcome will score
        uint64_t decision = 0; // the signal's decision id, a blend's cause
    };
    struct Instrument {
        double mid = 0;
        std::vector<View> views;  // by agent index
    };

    size_t agent_index(const std::string& name);
    void add_sample(Agent& a, Sample s);

    WeighterSettings s_;
    std::vector<std::string> names_;
    std::vector<Agent> agents_;
    std::unordered_map<std::string, size_t> index_;
    std::unordered_map<th_instrument, Instrument> inst_;
    mutable std::vector<double> weights_;
    mutable bool weights_dirty_ = true;
    th_time_ns last_refit_ = 0;
    bool outcomes_since_refit_ = false;
};

}  // namespace tradehost::meta_weighter
