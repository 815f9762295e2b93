// Calibration of an agent's score (sign(value) x strength, in [-1, 1]) into P(price up over
// the horizon): Platt scaling (a logistic regression on the score) or isotonic regression
// (pool-adjacent-violators). Both are fitted on (score, outcome) history.
#pragma once

#include <string>
#include <vector>

namespace tradehost::meta_weighter {

struct Sample {
    double x;  ///< the agent's score when it spoke
    int y;     ///< 1: the price went its way up, 0: down
};

/** Platt (1999): P(y=1|x) = 1 / (1 + exp(-(a x + b))), a and b by maximum likelihood
 *  (Newton-Raphson with a tiny ridge so separable data stays finite). */
struct Platt {
    double a = 2, b = 0;  // unfitted: a gentle increasing map, P(0) = 0.5
    void fit(const std::vector<Sample>& s);
    double prob(double x) const;
};

/** Isotonic: the non-decreasing step function of least squares (PAV), evaluated by linear
 *  interpolation between block means at their mean scores, flat beyond the ends. */
struct Isotonic {
    std::vector<double> xs, ps;  // block mean scores (increasing) and block probabilities
    void fit(std::vector<Sample> s);
    double prob(double x) const;
};

class Calibrator {
public:
    enum Method { PlattMethod, IsotonicMethod };
    explicit Calibrator(Method m) : method_(m) {}
    void fit(const std::vector<Sample>& s);
    /** P(up); before the first fit, (1 + x) / 2: the agent's strength taken at its word. */
    double prob(double x) const;
    bool fitted() const { return fitted_; }
    const Platt& platt() const { return platt_; }

private:
    Method method_;
    Platt platt_;
    Isotonic iso_;
    bool fitted_ = false;
};

}  // namespace tradehost::meta_weighter
