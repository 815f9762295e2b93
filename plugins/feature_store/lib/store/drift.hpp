// Drift of live features against the training distribution, per feature: the population
// stability index over the training set's decile bins, and the two-sample Kolmogorov-
// Smirnov statistic between a window of live values and a sample of training values.
// `tradehost train` writes the training distribution beside the model (drift.json).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

namespace tradehost::store {

struct FeatureDistribution {
    std::string name;
    std::vector<double> edges;      ///< inner bin edges, ascending: bins = edges.size() + 1
    std::vector<double> fractions;  ///< training share per bin, summing to 1
    std::vector<double> sample;     ///< sorted training values (at most kSample) for KS
};

struct TrainingDistribution {
    std::string definition_sha256;
    std::vector<FeatureDistribution> features;

    static constexpr size_t kBins = 10;
    static constexpr size_t kSample = 1000;
    /// From training columns (col-major: one vector per feature); NaNs are left out.
    static TrainingDistribution fit(const std::vector<std::string>& names, const std::vector<std::vector<double>>& cols);
    nlohmann::json to_json() const;
    /// Throws RegistryError naming `where` and what is wrong.
    static TrainingDistribution from_json(const nlohmann::json& j, const std::string& where);
    static TrainingDistribution load(const std::string& path);
};

/// PSI of `actual` bin counts against `expected` fractions; empty bins count as 1e-4 so the
/// logarithm stays finite (the usual convention).
double psi(const std::vector<double>& expected, const std::vector<size_t>& actual);
/// Two-sample KS statistic sup |F_a - F_b| of two sorted samples.
double ks_statistic(const std::vector<double>& a_sorted, const std::vector<double>& b_sorted);

/// Live values per feature in a sliding window, scored against the training distribution.
class DriftMonitor {
public:
    DriftMonitor(TrainingDistribution train, size_t window);
    /// One live row (the training distribution's features, in order).
    void observe(const float* row);
    size_t observed() const { return window_.empty() ? 0 : window_[0].size(); }
    double psi_of(size_t feature) const;
    double ks_of(size_t feature) const;
    const TrainingDistribution& training() const { return train_; }

private:
    TrainingDistribution train_;
    size_t window_size_;
    std::vector<std::deque<double>> window_;
};

}  // namespace tradehost::store
