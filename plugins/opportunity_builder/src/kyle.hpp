// Kyle's lambda fitted on fills: the price impact per unit of signed volume.
#pragma once

#include <cstddef>
#include <deque>

namespace tradehost::opportunity_builder {

/** Rolling OLS of the price change between consecutive fills on the signed volume of the
 *  later one, dp_t = a + lambda q_t + e (Kyle 1985; Hasbrouck 2007 ch. 5 fits it on trades
 *  the same way). Buys are +qty, sells -qty. One per instrument. */
class KyleLambda {
public:
    KyleLambda(size_t window, size_t min_obs) : window_(window < 2 ? 2 : window), min_obs_(min_obs < 2 ? 2 : min_obs) {}

    /** A fill at price px of signed quantity q (> 0 bought, < 0 sold). */
    void on_fill(double px, double q);
    /** The fitted slope, in price per unit; false while fewer than min_obs pairs are in the
     *  window or the signed volumes do not vary. A negative slope (noise) reads as 0. */
    bool lambda(double* out) const;
    size_t observations() const { return obs_.size(); }

private:
    struct Obs {
        double q, dp;
    };
    size_t window_, min_obs_;
    std::deque<Obs> obs_;
    double last_px_ = 0;
    bool have_px_ = false;
};

}  // namespace tradehost::opportunity_builder
