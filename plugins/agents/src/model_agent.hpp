// The model agent: any model plugin's signals put on the agent contract.
#pragma once

#include <tradehost/agent.hpp>

namespace tradehost::agents {

/** Model outputs come on each model's own scale. value becomes value / RMS of the model's
 *  recent values (an exponential mean of squares with `span` updates), so agents blend on
 *  one scale; strength is the model's own when it states one in (0, 1], else erf(|z|/sqrt 2)
 *  of that normalised value. */
class ModelView {
public:
    explicit ModelView(double span) : alpha_(2.0 / (span + 1.0)) {}
    agent::View add(double value, double strength);

private:
    double alpha_;
    double ms_ = 0;  // exponential mean of value^2
    bool seeded_ = false;
};

}  // namespace tradehost::agents
