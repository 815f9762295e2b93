// Model output normalisation (model_agent.hpp).
#include "model_agent.hpp"
#include "price_agents.hpp"

#include <cmath>

namespace tradehost::agents {

agent::View ModelView::add(double value, double strength) {
    if (!std::isfinite(value)) return {};
    ms_ = seeded_ ? (1 - alpha_) * ms_ + alpha_ * value * value : value * value;
    seeded_ = true;
    const double rms = std::sqrt(ms_);
    const double z = rms > 0 ? value / rms : 0.0;
    const double st = strength > 0 && strength <= 1 ? strength : normal_confidence(z);
    return agent::View{z, st, 0};
}

}  // namespace tradehost::agents
