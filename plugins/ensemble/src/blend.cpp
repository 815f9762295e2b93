// The ensemble's arithmetic; see blend.hpp.
#include "blend.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace tradehost::ensemble {

Method method_from_name(const std::string& name) {
    if (name == "weighted") return Method::Weighted;
    if (name == "soft_vote") return Method::SoftVote;
    if (name == "hard_vote") return Method::HardVote;
    if (name == "stacking") return Method::Stacking;
    if (name == "bma") return Method::Bma;
    if (name == "dynamic") return Method::Dynamic;
    throw std::invalid_argument("'" + name + "' is not a method (weighted, soft_vote, hard_vote, stacking, bma, dynamic)");
}

Blend weighted(const std::vector<double>& x, const std::vector<double>& w) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        num += w[i] * x[i];
        den += w[i];
    }
    if (!(den > 0)) return {};
    const double v = num / den;
    return {v, std::min(1.0, std::fabs(v))};
}

Blend soft_vote(const std::vector<double>& x) { return weighted(x, std::vector<double>(x.size(), 1.0)); }

Blend hard_vote(const std::vector<double>& x) {
    int up = 0, down = 0;
    for (double v : x) {
        if (v > 0) ++up;
        else if (v < 0) ++down;
    }
    if (up == down) return {};
    const int voters = up + down;
    return {up > down ? 1.0 : -1.0, static_cast<double>(std::max(up, down)) / voters};
}

Blend Stacker::apply(const std::vector<double>& x) const {
    double z = intercept;
    for (std::size_t i = 0; i < x.size(); ++i) z += coef[i] * x[i];
    if (logistic) {
        const double p = 1.0 / (1.0 + std::exp(-z));
        return {p - 0.5, std::fabs(2 * p - 1)};
    }
    return {z, std::min(1.0, std::fabs(z) / scale)};
}

Stacker load_stacker(const std::string& path, const std::vector<std::string>& members) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open the stacking model");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw std::runtime_error(path + ": not JSON: " + e.what());
    }
    auto fail = [&](const std::string& what) { return std::runtime_error(path + ": " + what); };
    if (!j.is_object()) throw fail("expected an object with link, intercept and coef");
    Stacker s;
    const std::string link = j.value("link", "logistic");
    if (link != "logistic" && link != "identity") throw fail("link: '" + link + "' (logistic or identity)");
    s.logistic = link == "logistic";
    if (!j.contains("intercept") || !j["intercept"].is_number()) throw fail("intercept: a number is required");
    s.intercept = j["intercept"].get<double>();
    if (j.contains("scale")) {
        if (!j["scale"].is_number() || !(j["scale"].get<double>() > 0)) throw fail("scale: a number > 0");
        s.scale = j["scale"].get<double>();
    }
    if (!j.contains("coef") || !j["coef"].is_object()) throw fail("coef: an object of member name -> coefficient");
    const auto& c = j["coef"];
    for (const auto& m : members) {
        if (!c.contains(m)) throw fail("coef: no coefficient for member '" + m + "'");
        if (!c[m].is_number()) throw fail("coef." + m + ": not a number");
        s.coef.push_back(c[m].get<double>());
    }
    for (const auto& [name, v] : c.items()) {
        (void)v;
        if (std::find(members.begin(), members.end(), name) == members.end())
            throw fail("coef: '" + name + "' is not a configured member");
    }
    for (double v : s.coef)
        if (!std::isfinite(v)) throw fail("coef: a coefficient is not finite");
    if (!std::isfinite(s.intercept)) throw fail("intercept: not finite");
    return s;
}

OutcomeWindow::OutcomeWindow(std::size_t capacity) : cap_(std::max<std::size_t>(capacity, 1)), xs_(cap_), rs_(cap_) {}

void OutcomeWindow::add(double x, double r) {
    if (n_ == cap_) {  // the oldest pair leaves the sums
        const double ox = xs_[head_], orr = rs_[head_];
        sx_ -= ox;
        sr_ -= orr;
        sxx_ -= ox * ox;
        srr_ -= orr * orr;
        sxr_ -= ox * orr;
    } else {
        ++n_;
    }
    xs_[head_] = x;
    rs_[head_] = r;
    head_ = (head_ + 1) % cap_;
    sx_ += x;
    sr_ += r;
    sxx_ += x * x;
    srr_ += r * r;
    sxr_ += x * r;
}

namespace {
// Centred sums; clamped at 0 against the rounding of long-running sums.
struct Centred {
    double xx, rr, xr;
};
Centred centred(double n, double sx, double sr, double sxx, double srr, double sxr) {
    return {std::max(0.0, sxx - sx * sx / n), std::max(0.0, srr - sr * sr / n), sxr - sx * sr / n};
}
}  // namespace

double OutcomeWindow::ic() const {
    if (n_ < 3) return 0;
    const auto c = centred(static_cast<double>(n_), sx_, sr_, sxx_, srr_, sxr_);
    const double den = std::sqrt(c.xx * c.rr);
    return den > 0 ? std::clamp(c.xr / den, -1.0, 1.0) : 0.0;
}

double OutcomeWindow::slope() const {
    if (n_ < 2) return 0;
    const auto c = centred(static_cast<double>(n_), sx_, sr_, sxx_, srr_, sxr_);
    return c.xx > 0 ? c.xr / c.xx : 0.0;
}

double OutcomeWindow::intercept() const {
    if (n_ == 0) return 0;
    const double n = static_cast<double>(n_);
    return (sr_ - slope() * sx_) / n;
}

double OutcomeWindow::rss() const {
    if (n_ < 2) return 0;
    const auto c = centred(static_cast<double>(n_), sx_, sr_, sxx_, srr_, sxr_);
    const double b = c.xx > 0 ? c.xr / c.xx : 0.0;
    return std::max(0.0, c.rr - b * c.xr);
}

double OutcomeWindow::r_std() const {
    if (n_ < 2) return 0;
    const auto c = centred(static_cast<double>(n_), sx_, sr_, sxx_, srr_, sxr_);
    return std::sqrt(c.rr / static_cast<double>(n_ - 1));
}

std::vector<std::pair<double, double>> OutcomeWindow::pairs() const {
    std::vector<std::pair<double, double>> out;
    out.reserve(n_);
    const std::size_t start = n_ == cap_ ? head_ : 0;
    for (std::size_t i = 0; i < n_; ++i) {
        const std::size_t k = (start + i) % cap_;
        out.emplace_back(xs_[k], rs_[k]);
    }
    return out;
}

namespace {
std::vector<double> normalised(std::vector<double> w) {
    double sum = 0;
    for (double v : w) sum += v;
    if (!(sum > 0)) return std::vector<double>(w.size(), w.empty() ? 0.0 : 1.0 / static_cast<double>(w.size()));
    for (double& v : w) v /= sum;
    return w;
}
}  // namespace

std::vector<double> bma_weights(const std::vector<OutcomeWindow>& w, const std::vector<double>& prior,
                                std::size_t min_n) {
    const std::vector<double> p = normalised(prior);
    // Members with enough outcomes share their prior mass by posterior; the others keep theirs.
    std::vector<double> out(w.size(), 0.0);
    std::vector<double> log_post(w.size(), -std::numeric_limits<double>::infinity());
    double scored_prior = 0, best = -std::numeric_limits<double>::infinity();
    constexpr double kParams = 3;  // intercept, slope, error variance
    for (std::size_t m = 0; m < w.size(); ++m) {
        const std::size_t n = w[m].size();
        if (n < std::max<std::size_t>(min_n, 4) || !(p[m] > 0)) {
            out[m] = p[m];
            continue;
        }
        const double nn = static_cast<double>(n);
        // A perfect fit (RSS 0) would be an infinite likelihood: floor the variance.
        const double sigma2 = std::max(w[m].rss() / nn, 1e-300);
        const double bic = nn * std::log(sigma2) + kParams * std::log(nn);
        log_post[m] = std::log(p[m]) - 0.5 * bic;
        best = std::max(best, log_post[m]);
        scored_prior += p[m];
    }
    if (scored_prior > 0) {
        double z = 0;
        for (std::size_t m = 0; m < w.size(); ++m)
            if (std::isfinite(log_post[m])) z += std::exp(log_post[m] - best);  // shifted: no overflow
        for (std::size_t m = 0; m < w.size(); ++m)
            if (std::isfinite(log_post[m])) out[m] = scored_prior * std::exp(log_post[m] - best) / z;
    }
    return normalised(out);
}

std::vector<double> dynamic_weights(const std::vector<OutcomeWindow>& w, const std::vector<double>& prior,
                                    std::size_t min_n, double floor, double cap) {
    const std::vector<double> p = normalised(prior);
    std::vector<double> raw(w.size(), 0.0);
    bool any = false;
    for (std::size_t m = 0; m < w.size(); ++m) {
        if (w[m].size() < std::max<std::size_t>(min_n, 3)) return p;  // not everyone scored yet
        raw[m] = p[m] * std::max(w[m].ic(), 0.0);
        any = any || raw[m] > 0;
    }
    if (!any) return p;
    // Hold each weight within [floor, cap] (floor * n <= 1 <= cap * n, checked at config
    // time): members pushed past a bound are fixed there and the rest share what is left in
    // proportion to their raw weights, until no free member is out of bounds.
    const std::size_t n = raw.size();
    std::vector<double> out(n, 0.0);
    std::vector<bool> fixed(n, false);
    for (std::size_t round = 0; round <= n; ++round) {
        double fixed_sum = 0, free_raw = 0;
        for (std::size_t m = 0; m < n; ++m) {
            if (fixed[m]) fixed_sum += out[m];
            else free_raw += raw[m];
        }
        for (std::size_t m = 0; m < n; ++m)
            if (!fixed[m]) out[m] = free_raw > 0 ? (1.0 - fixed_sum) * raw[m] / free_raw : 0.0;
        // Caps first: capping one raises the others' shares, which may lift them off the
        // floor, so floors are fixed only in a round with no cap left to apply.
        bool capped = false;
        for (std::size_t m = 0; m < n; ++m)
            if (!fixed[m] && out[m] > cap) {
                out[m] = cap;
                fixed[m] = capped = true;
            }
        if (capped) continue;
        bool floored = false;
        for (std::size_t m = 0; m < n; ++m)
            if (!fixed[m] && out[m] < floor) {
                out[m] = floor;
                fixed[m] = floored = true;
            }
        if (!floored) break;
    }
    return normalised(out);
}

}  // namespace tradehost::ensemble
