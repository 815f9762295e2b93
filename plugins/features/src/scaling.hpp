// Per-column scaling fitted offline (tools/fit_scaling.py): every method is
// (x - center) / scale, with center/scale the mean/std (standard), min/max-min (minmax) or
// median/IQR (robust). Loaded from JSON at create; the file names the columns it was fitted
// on, and a file for other columns is refused.
#pragma once

#include <string>
#include <vector>

namespace tradehost::features {

class Scaling {
public:
    /// No scaling.
    Scaling() = default;
    /// Reads `path`; throws ConfigError naming the file and the first problem, including the
    /// first column whose name differs from `columns`.
    static Scaling load(const std::string& path, const std::vector<std::string>& columns);

    bool active() const { return !center_.empty(); }
    const std::string& method() const { return method_; }
    double apply(size_t col, double x) const { return active() ? (x - center_[col]) / scale_[col] : x; }

private:
    std::string method_;
    std::vector<double> center_;
    std::vector<double> scale_;
};

}  // namespace tradehost::features
