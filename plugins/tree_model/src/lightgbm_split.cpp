// LightGBM's split decisions and their float regions; see lightgbm_split.hpp.
#include "lightgbm_split.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tradehost::tree_model::lightgbm {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// The smallest float >= d (d finite or infinite, not NaN).
float ceil_float(double d) {
    const float f = static_cast<float>(d);
    return static_cast<double>(f) >= d ? f : std::nextafter(f, kInf);
}

// The smallest float > d: floats x with x <= d are exactly those with x < above(d).
float above(double d) {
    const float f = static_cast<float>(d);
    return static_cast<double>(f) > d ? f : std::nextafter(f, kInf);
}

}  // namespace

bool goes_left(const Split& s, double fval) {
    // The predictors' sparse row: what is not kept is 0 (c_api.cpp, parser.hpp).
    if (!(std::fabs(fval) > kZeroThreshold || std::isnan(fval))) fval = 0.0;
    if (s.decision_type & kCategoricalMask) {
        // CategoricalDecision; (int)fval is undefined past INT_MAX, so such values go right.
        if (std::isnan(fval) || fval <= -1.0 || fval >= 2147483648.0) return false;
        const auto c = static_cast<uint32_t>(static_cast<int>(fval));
        const size_t word = c / 32;
        return word < s.categories.size() && ((s.categories[word] >> (c % 32)) & 1u);
    }
    // NumericalDecision.
    const int missing = (s.decision_type >> 2) & 3;
    if (std::isnan(fval) && missing != kMissingNaN) fval = 0.0;
    const bool is_zero = fval >= -kZeroThreshold && fval <= kZeroThreshold;
    if ((missing == kMissingZero && is_zero) || (missing == kMissingNaN && std::isnan(fval)))
        return (s.decision_type & kDefaultLeftMask) != 0;
    return fval <= s.threshold;
}

Regions regions(const Split& s) {
    // Every float where the decision may change: the zero band's edges, then the threshold
    // or each category's [c, c+1) ((-1, 1) for 0: (int) truncates toward zero).
    std::vector<float> cand{ceil_float(-kZeroThreshold), above(kZeroThreshold)};
    if (s.decision_type & kCategoricalMask) {
        for (size_t w = 0; w < s.categories.size(); ++w)
            for (uint32_t b = 0; b < 32; ++b) {
                if (!((s.categories[w] >> b) & 1u)) continue;
                const double c = static_cast<double>(w * 32 + b);
                cand.push_back(c == 0 ? above(-1.0) : ceil_float(c));
                cand.push_back(ceil_float(c + 1));
            }
    } else {
        cand.push_back(above(s.threshold));
    }
    std::sort(cand.begin(), cand.end());
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());

    // Each region is decided by its lowest float (-inf for the first); equal neighbours merge.
    Regions r;
    r.nan_left = goes_left(s, std::numeric_limits<double>::quiet_NaN());
    r.left.push_back(goes_left(s, -static_cast<double>(kInf)));
    for (float c : cand) {
        const bool l = goes_left(s, static_cast<double>(c));
        if (l == static_cast<bool>(r.left.back())) continue;
        r.cuts.push_back(c);
        r.left.push_back(l);
    }
    return r;
}

}  // namespace tradehost::tree_model::lightgbm
