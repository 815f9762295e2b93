// PSI and KS; see drift.hpp.
#include "drift.hpp"

#include "registry/registry_error.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace tradehost::store {

using models::RegistryError;

namespace {

size_t bin_of(const std::vector<double>& edges, double v) {
    return static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
}

}  // namespace

TrainingDistribution TrainingDistribution::fit(const std::vector<std::string>& names,
                                               const std::vector<std::vector<double>>& cols) {
    TrainingDistribution d;
    for (size_t f = 0; f < names.size(); ++f) {
        FeatureDistribution fd;
        fd.name = names[f];
        std::vector<double> v;
        for (double x : cols.at(f))
            if (std::isfinite(x)) v.push_back(x);
        std::sort(v.begin(), v.end());
        if (!v.empty()) {
            for (size_t b = 1; b < kBins; ++b) {
                const double e = v[std::min(v.size() - 1, b * v.size() / kBins)];
                if (fd.edges.empty() || e > fd.edges.back()) fd.edges.push_back(e);
            }
            std::vector<size_t> counts(fd.edges.size() + 1, 0);
            for (double x : v) ++counts[bin_of(fd.edges, x)];
            for (size_t c : counts) fd.fractions.push_back(static_cast<double>(c) / static_cast<double>(v.size()));
            const size_t n = std::min(kSample, v.size());
            for (size_t i = 0; i < n; ++i) fd.sample.push_back(v[i * v.size() / n]);
        } else {
            fd.fractions = {1.0};
        }
        d.features.push_back(std::move(fd));
    }
    return d;
}

nlohmann::json TrainingDistribution::to_json() const {
    nlohmann::json fs = nlohmann::json::array();
    for (const auto& f : features)
        fs.push_back({{"name", f.name}, {"edges", f.edges}, {"fractions", f.fractions}, {"sample", f.sample}});
    return {{"definition_sha256", definition_sha256}, {"features", fs}};
}

TrainingDistribution TrainingDistribution::from_json(const nlohmann::json& j, const std::string& where) {
    TrainingDistribution d;
    try {
        d.definition_sha256 = j.value("definition_sha256", std::string());
        for (const auto& f : j.at("features")) {
            FeatureDistribution fd;
            fd.name = f.at("name").get<std::string>();
            fd.edges = f.at("edges").get<std::vector<double>>();
            fd.fractions = f.at("fractions").get<std::vector<double>>();
            fd.sample = f.value("sample", std::vector<double>{});
            if (fd.fractions.size() != fd.edges.size() + 1)
                throw RegistryError(where + ": feature " + fd.name + ": fractions must be one more than edges");
            if (!std::is_sorted(fd.edges.begin(), fd.edges.end()) || !std::is_sorted(fd.sample.begin(), fd.sample.end()))
                throw RegistryError(where + ": feature " + fd.name + ": edges and sample must be ascending");
            d.features.push_back(std::move(fd));
        }
    } catch (const nlohmann::json::exception& e) {
        throw RegistryError(where + ": " + e.what());
    }
    return d;
}

TrainingDistribution TrainingDistribution::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw RegistryError(path + ": cannot read");
    std::stringstream s;
    s << in.rdbuf();
    try {
        return from_json(nlohmann::json::parse(s.str()), path);
    } catch (const nlohmann::json::parse_error& e) {
        throw RegistryError(path + ": " + e.what());
    }
}

double psi(const std::vector<double>& expected, const std::vector<size_t>& actual) {
    size_t total = 0;
    for (size_t c : actual) total += c;
    if (total == 0) return 0;
    double sum = 0;
    for (size_t b = 0; b < expected.size() && b < actual.size(); ++b) {
        const double e = std::max(expected[b], 1e-4);
        const double a = std::max(static_cast<double>(actual[b]) / static_cast<double>(total), 1e-4);
        sum += (a - e) * std::log(a / e);
    }
    return sum;
}

double ks_statistic(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.empty() || b.empty()) return 0;
    size_t i = 0, j = 0;
    double d = 0;
    const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
    while (i < a.size() && j < b.size()) {
        const double x = std::min(a[i], b[j]);
        while (i < a.size() && a[i] <= x) ++i;
        while (j < b.size() && b[j] <= x) ++j;
        d = std::max(d, std::fabs(static_cast<double>(i) / na - static_cast<double>(j) / nb));
    }
    return d;
}

DriftMonitor::DriftMonitor(TrainingDistribution train, size_t window)
    : train_(std::move(train)), window_size_(window), window_(train_.features.size()) {}

void DriftMonitor::observe(const float* row) {
    for (size_t f = 0; f < window_.size(); ++f) {
        if (!std::isfinite(row[f])) continue;
        window_[f].push_back(row[f]);
        if (window_[f].size() > window_size_) window_[f].pop_front();
    }
}

double DriftMonitor::psi_of(size_t f) const {
    const FeatureDistribution& fd = train_.features.at(f);
    std::vector<size_t> counts(fd.edges.size() + 1, 0);
    for (double x : window_.at(f)) ++counts[bin_of(fd.edges, x)];
    return psi(fd.fractions, counts);
}

double DriftMonitor::ks_of(size_t f) const {
    std::vector<double> live(window_.at(f).begin(), window_.at(f).end());
    std::sort(live.begin(), live.end());
    return ks_statistic(live, train_.features.at(f).sample);
}

}  // namespace tradehost::store
