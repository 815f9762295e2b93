// Sentiment decay and shrinkage (sentiment_agent.hpp).
#include "sentiment_agent.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::agents {

agent::View SentimentView::add(th_time_ns ts, double score, double confidence) {
    if (last_ != 0 && ts > last_ && half_life_ > 0) {
        const double decay = std::exp2(-static_cast<double>(ts - last_) / static_cast<double>(half_life_));
        num_ *= decay;
        den_ *= decay;
    }
    if (ts > last_) last_ = ts;
    const double c = std::isfinite(confidence) ? std::clamp(confidence, 0.0, 1.0) : 0.0;
    const double s = std::isfinite(score) ? std::clamp(score, -1.0, 1.0) : 0.0;
    num_ += c * s;
    den_ += c;
    if (!(den_ > 0)) return {};
    const double mean = num_ / den_;
    return agent::View{mean, std::fabs(mean) * den_ / (den_ + prior_), 0};
}

}  // namespace tradehost::agents
