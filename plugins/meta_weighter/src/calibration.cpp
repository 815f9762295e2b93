// Platt and isotonic calibration (calibration.hpp).
#include "calibration.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::meta_weighter {

namespace {
double sigmoid(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }
}  // namespace

void Platt::fit(const std::vector<Sample>& s) {
    if (s.empty()) return;
    const double ridge = 1e-6 * static_cast<double>(s.size());
    double A = 0, B = 0;  // start flat: Newton from 0 converges on every non-degenerate sample
    for (int it = 0; it < 50; ++it) {
        // gradient and Hessian of the negative log-likelihood + ridge/2 (A^2 + B^2)
        double ga = ridge * A, gb = ridge * B, haa = ridge, hab = 0, hbb = ridge;
        for (const Sample& e : s) {
            const double p = sigmoid(A * e.x + B), d = p - e.y, w = p * (1 - p);
            ga += d * e.x;
            gb += d;
            haa += w * e.x * e.x;
            hab += w * e.x;
            hbb += w;
        }
        const double det = haa * hbb - hab * hab;
        if (!(det > 0)) break;
        const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
        A -= da;
        B -= db;
        if (std::fabs(da) + std::fabs(db) < 1e-10) break;
    }
    if (std::isfinite(A) && std::isfinite(B)) {
        a = A;
        b = B;
    }
}

double Platt::prob(double x) const { return sigmoid(a * x + b); }

void Isotonic::fit(std::vector<Sample> s) {
    if (s.empty()) return;
    std::sort(s.begin(), s.end(), [](const Sample& l, const Sample& r) { return l.x < r.x; });
    struct Block {
        double sx, sy, n;
    };
    std::vector<Block> st;
    for (const Sample& e : s) {
        st.push_back({e.x, static_cast<double>(e.y), 1});
        // pool while the previous block's mean exceeds this one's
        while (st.size() > 1 && st[st.size() - 2].sy / st[st.size() - 2].n >= st.back().sy / st.back().n) {
            Block top = st.back();
            st.pop_back();
            st.back().sx += top.sx;
            st.back().sy += top.sy;
            st.back().n += top.n;
        }
    }
    xs.clear();
    ps.clear();
    for (const Block& b : st) {
        xs.push_back(b.sx / b.n);
        ps.push_back(b.sy / b.n);
    }
}

double Isotonic::prob(double x) const {
    if (xs.empty()) return 0.5;
    if (x <= xs.front()) return ps.front();
    if (x >= xs.back()) return ps.back();
    const size_t i = static_cast<size_t>(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin());
    const double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
    return ps[i - 1] + t * (ps[i] - ps[i - 1]);
}

void Calibrator::fit(const std::vector<Sample>& s) {
    if (s.empty()) return;
    if (method_ == PlattMethod) platt_.fit(s);
    else iso_.fit(s);
    fitted_ = true;
}

double Calibrator::prob(double x) const {
    if (!fitted_) return std::clamp((1 + x) / 2, 0.0, 1.0);
    return method_ == PlattMethod ? platt_.prob(x) : iso_.prob(x);
}

}  // namespace tradehost::meta_weighter
