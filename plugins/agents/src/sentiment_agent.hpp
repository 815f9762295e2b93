// The sentiment agent: a decaying, confidence-weighted mean of one instrument's news scores.
#pragma once

#include <tradehost/agent.hpp>

namespace tradehost::agents {

/** Scores decay with `half_life_ns` of event time. value = sum(w c s) / sum(w c) (w the decay,
 *  c the scorer's confidence, s the score in [-1, 1]); strength = |value| x W / (W + prior),
 *  W = sum(w c): one weak story moves the view less than several agreeing ones. */
class SentimentView {
public:
    SentimentView(th_time_ns half_life_ns, double prior_weight) : half_life_(half_life_ns), prior_(prior_weight) {}
    agent::View add(th_time_ns ts, double score, double confidence);

private:
    th_time_ns half_life_;
    double prior_;
    double num_ = 0, den_ = 0;
    th_time_ns last_ = 0;
};

}  // namespace tradehost::agents
