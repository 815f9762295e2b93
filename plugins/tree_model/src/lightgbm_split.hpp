// One LightGBM split as the forest's float `<` splits: where on the float line it changes
// its mind, and which side each piece (and NaN) goes to.
//
// LightGBM decides in double: `fval <= threshold` for numerical splits, with missing types
// None (NaN read as 0), Zero (|x| <= 1e-35 and NaN to the default side) and NaN (NaN to the
// default side), and bitset membership of (int)fval for categorical ones (NaN and negatives
// right). Its predictors also read every |x| <= kZeroThreshold (1e-35f) as 0 before any
// split (c_api.cpp, parser.hpp). For a float input each of these is a union of intervals of
// floats, so a handful of `<` comparisons reproduce it exactly; `goes_left` is the decision
// itself, written as tree.h writes it, and `regions` where it can change.
#pragma once

#include <cstdint>
#include <vector>

namespace tradehost::tree_model::lightgbm {

/// tree.h's decision_type bits.
constexpr int kCategoricalMask = 1;
constexpr int kDefaultLeftMask = 2;
enum MissingType : int { kMissingNone = 0, kMissingZero = 1, kMissingNaN = 2 };
/// LightGBM's kZeroThreshold (meta.h): a float constant used as a double.
constexpr double kZeroThreshold = static_cast<double>(1e-35f);

struct Split {
    int decision_type = 0;
    double threshold = 0;               ///< numerical: the threshold
    std::vector<uint32_t> categories;   ///< categorical: the bitset of categories going left
};

/// Tree::Decision after the predictor's zero rule: true = left.
bool goes_left(const Split& s, double fval);

/// The float line cut at `cuts` (ascending): region 0 is [-inf, cuts[0]), region i is
/// [cuts[i-1], cuts[i]), the last [cuts.back(), +inf]. Adjacent regions go different ways.
struct Regions {
    std::vector<float> cuts;
    std::vector<char> left;   ///< per region, cuts.size() + 1 of them
    bool nan_left = false;
};

Regions regions(const Split& s);

}  // namespace tradehost::tree_model::lightgbm
