#include "contest_sim.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

namespace dfs {

namespace {

double stddev_of(const Player& p, const SimOptions& o) {
    return p.stddev > 0 ? p.stddev : o.default_stddev * static_cast<double>(p.projection) / 100.0;
}

double correlation(const Player& a, const Player& b, const SimOptions& o) {
    if (&a == &b) return 1.0;
    return a.team == b.team ? o.team_correlation : 0.0;
}

// The value below which a share f of the sorted sample lies (nearest rank).
double quantile(const std::vector<double>& sorted, double f) {
    return sorted[static_cast<size_t>(f * static_cast<double>(sorted.size() - 1) + 0.5)];
}

}  // namespace

void exact_moments(const Slate& slate, const Lineup& l, const SimOptions& o, double& mean, double& variance) {
    mean = 0;
    variance = 0;
    for (int i : l) {
        const Player& a = slate.players[static_cast<size_t>(i)];
        mean += static_cast<double>(a.projection) / 100.0;
        for (int j : l) {
            const Player& b = slate.players[static_cast<size_t>(j)];
            variance += correlation(a, b, o) * stddev_of(a, o) * stddev_of(b, o);
        }
    }
}

std::vector<double> cholesky(const std::vector<double>& cov, size_t n) {
    std::vector<double> L(n * n, 0.0);
    for (size_t j = 0; j < n; ++j) {
        double d = cov[j * n + j];
        for (size_t k = 0; k < j; ++k) d -= L[j * n + k] * L[j * n + k];
        // rounding leaves a vanished pivot slightly off zero either way
        const double tol = 1e-10 * std::max(1.0, cov[j * n + j]);
        if (d < -tol) throw std::invalid_argument("covariance matrix is not positive semidefinite");
        if (d <= tol) continue;  // this variable is a combination of earlier ones: zero column
        const double ljj = std::sqrt(d);
        L[j * n + j] = ljj;
        for (size_t i = j + 1; i < n; ++i) {
            double s = cov[i * n + j];
            for (size_t k = 0; k < j; ++k) s -= L[i * n + k] * L[j * n + k];
            L[i * n + j] = s / ljj;
        }
    }
    return L;
}

std::vector<LineupDistribution> simulate(const Slate& slate, const std::vector<Lineup>& lineups, const SimOptions& o) {
    if (o.simulations < 1) throw std::invalid_argument("simulations must be at least 1");
    if (o.team_correlation < 0 || o.team_correlation > 1) throw std::invalid_argument("team correlation must be in 0..1");
    // the players the lineups use, as dense indexes into the covariance matrix
    std::map<int, size_t> index;
    std::vector<const Player*> used;
    for (const Lineup& l : lineups)
        for (int p : l)
            if (index.emplace(p, used.size()).second) used.push_back(&slate.players[static_cast<size_t>(p)]);
    const size_t n = used.size();
    std::vector<double> mean(n), cov(n * n);
    for (size_t i = 0; i < n; ++i) {
        mean[i] = static_cast<double>(used[i]->projection) / 100.0;
        for (size_t j = 0; j < n; ++j)
            cov[i * n + j] = correlation(*used[i], *used[j], o) * stddev_of(*used[i], o) * stddev_of(*used[j], o);
    }
    const std::vector<double> L = cholesky(cov, n);
    std::vector<std::vector<size_t>> members(lineups.size());
    for (size_t k = 0; k < lineups.size(); ++k)
        for (int p : lineups[k]) members[k].push_back(index[p]);

    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> z(n), points(n);
    const size_t sims = static_cast<size_t>(o.simulations);
    std::vector<std::vector<double>> scores(lineups.size(), std::vector<double>(sims));
    std::vector<int64_t> wins(lineups.size(), 0), cash(lineups.size(), 0), top(lineups.size(), 0);
    for (size_t s = 0; s < sims; ++s) {
        for (double& v : z) v = normal(rng);
        for (size_t i = 0; i < n; ++i) {
            double x = mean[i];
            for (size_t k = 0; k <= i; ++k) x += L[i * n + k] * z[k];
            points[i] = x;
        }
        size_t best = 0;
        for (size_t k = 0; k < lineups.size(); ++k) {
            double total = 0;
            for (size_t i : members[k]) total += points[i];
            scores[k][s] = total;
            if (total > scores[best][s]) best = k;
            if (o.cash_line > 0 && total >= o.cash_line) ++cash[k];
            if (o.field_top > 0 && total > o.field_top) ++top[k];
        }
        ++wins[best];
    }
    std::vector<LineupDistribution> out(lineups.size());
    const double count = static_cast<double>(sims);
    for (size_t k = 0; k < lineups.size(); ++k) {
        std::vector<double>& v = scores[k];
        double sum = 0, sq = 0;
        for (double x : v) sum += x;
        const double m = sum / count;
        for (double x : v) sq += (x - m) * (x - m);
        std::sort(v.begin(), v.end());
        LineupDistribution& d = out[k];
        d.mean = m;
        d.stddev = std::sqrt(sq / std::max(1.0, count - 1));
        d.p10 = quantile(v, 0.10);
        d.p25 = quantile(v, 0.25);
        d.p50 = quantile(v, 0.50);
        d.p75 = quantile(v, 0.75);
        d.p90 = quantile(v, 0.90);
        d.p_cash = static_cast<double>(cash[k]) / count;
        d.p_top = static_cast<double>(top[k]) / count;
        d.best_share = static_cast<double>(wins[k]) / count;
    }
    return out;
}

}  // namespace dfs
