// Kyle's lambda (kyle.hpp).
#include "kyle.hpp"

namespace tradehost::opportunity_builder {

void KyleLambda::on_fill(double px, double q) {
    if (!(px > 0) || q == 0) return;
    if (have_px_) {
        obs_.push_back({q, px - last_px_});
        if (obs_.size() > window_) obs_.pop_front();
    }
    last_px_ = px;
    have_px_ = true;
}

bool KyleLambda::lambda(double* out) const {
    const size_t n = obs_.size();
    if (n < min_obs_) return false;
    // Centred sums (two passes): the window is small and this keeps var(q) exact-ish when
    // the volumes are large and alike.
    double mq = 0, mp = 0;
    for (const Obs& o : obs_) {
        mq += o.q;
        mp += o.dp;
    }
    mq /= static_cast<double>(n);
    mp /= static_cast<double>(n);
    double sqq = 0, sqp = 0;
    for (const Obs& o : obs_) {
        sqq += (o.q - mq) * (o.q - mq);
        sqp += (o.q - mq) * (o.dp - mp);
    }
    if (!(sqq > 0)) return false;
    const double l = sqp / sqq;
    *out = l > 0 ? l : 0.0;
    return true;
}

}  // namespace tradehost::opportunity_builder
