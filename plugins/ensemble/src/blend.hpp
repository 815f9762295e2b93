// The ensemble's arithmetic, free of the ABI: how member scores combine under each method,
// and how each member's record of realised outcomes turns into a weight.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tradehost::ensemble {

enum class Method { Weighted, SoftVote, HardVote, Stacking, Bma, Dynamic };

/// "weighted", "soft_vote", "hard_vote", "stacking", "bma", "dynamic"; throws on others.
Method method_from_name(const std::string& name);

/// One blended view: value (its sign the direction) and strength in [0, 1].
struct Blend {
    double value = 0;
    double strength = 0;
};

/// Fixed weights over signed scores x in [-1, 1]: value = sum(w x) / sum(w), strength = |value|.
Blend weighted(const std::vector<double>& x, const std::vector<double>& w);
/// Soft voting: the plain mean of the signed scores (equal weights).
Blend soft_vote(const std::vector<double>& x);
/// Hard voting: each member votes its sign (0 abstains); value = the majority's sign,
/// strength = the share of voters that agree with it. A tie is value 0, strength 0.
Blend hard_vote(const std::vector<double>& x);

/// A stacking meta-model: a linear model over the members' signed scores, fitted offline
/// (for example scikit-learn's LogisticRegression or LinearRegression on out-of-fold base
/// predictions) and read from a JSON file. Logistic: p = sigmoid(b + c.x), value = p - 0.5,
/// strength = |2p - 1|. Identity: y = b + c.x, value = y, strength = min(1, |y| / scale).
struct Stacker {
    double intercept = 0;
    std::vector<double> coef;  ///< one per member, in the config's member order
    bool logistic = true;
    double scale = 1;
    Blend apply(const std::vector<double>& x) const;
};

/// {"link": "logistic"|"identity", "intercept": b, "coef": {"member": c, ...}, "scale": s}:
/// coefficients by member name, so the file cannot silently pair a coefficient with the
/// wrong member; every configured member must be there, and nothing else. Throws
/// std::runtime_error naming the file and what is wrong.
Stacker load_stacker(const std::string& path, const std::vector<std::string>& members);

/// A member's last `capacity` scored predictions: its signed score x when it spoke and the
/// forward return r realised over the horizon after it. Running sums make every statistic
/// O(1) per update.
class OutcomeWindow {
public:
    explicit OutcomeWindow(std::size_t capacity = 500);
    void add(double x, double r);
    std::size_t size() const { return n_; }
    std::size_t capacity() const { return cap_; }
    /// Pearson correlation of x and r (the information coefficient); 0 with < 3 points or
    /// no variance.
    double ic() const;
    /// Least squares r = a + b x over the window: b (0 when x has no variance).
    double slope() const;
    double intercept() const;
    /// The residual sum of squares of that fit.
    double rss() const;
    /// Standard deviation of r over the window (0 with < 2 points).
    double r_std() const;
    /// The pairs, oldest first (for the saved state).
    std::vector<std::pair<double, double>> pairs() const;

private:
    std::size_t cap_;
    std::size_t n_ = 0, head_ = 0;
    std::vector<double> xs_, rs_;
    double sx_ = 0, sr_ = 0, sxx_ = 0, srr_ = 0, sxr_ = 0;
};

/// Bayesian model averaging by BIC (Raftery 1995): each member is the model r = a + b x + e
/// with Gaussian e; BIC_m = n ln(RSS_m / n) + k ln n (k = 3: a, b and the variance);
/// posterior weight_m = prior_m exp(-BIC_m / 2), normalised. Members with fewer than
/// `min_n` outcomes keep their prior share. Returns one weight per member, summing to 1.
std::vector<double> bma_weights(const std::vector<OutcomeWindow>& w, const std::vector<double>& prior,
                                std::size_t min_n);

/// Performance-weighted dynamic blending: weight_m = prior_m * max(IC_m, 0), normalised,
/// with each weight then held within [floor, cap] and renormalised; members with fewer than
/// `min_n` outcomes, or all members without positive IC, fall back to the prior.
std::vector<double> dynamic_weights(const std::vector<OutcomeWindow>& w, const std::vector<double>& prior,
                                    std::size_t min_n, double floor, double cap);

}  // namespace tradehost::ensemble
