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

}  // namespace

void exact_moments(const Slate& slate, const Lineup& l, const SimOptions& o, double& mean, double& variance) {
    mean = 0;
    variance = 0;
    for (size_t i = 0; i < l.size(); ++i) {
        const Player& a = slate.players[static_cast<size_t>(l[i])];
        mean += static_cast<double>(a.projection) / 100.0;
        for (size_t j = 0; j < l.size(); ++j) {
            const Player& b = slate.players[static_cast<size_t>(l[j])];
            const double rho = i == j ? 1.0 : a.team == b.team ? o.team_correlation : 0.0;
            variance += rho * stddev_of(a, o) * stddev_of(b, o);
        }
    }
}

std::vector<LineupDistribution> simulate(const Slate& slate, const std::vector<Lineup>& lineups, const SimOptions& o) {
    if (o.simulations < 1) throw std::invalid_argument("simulations must be at least 1");
    if (o.team_correlation < 0 || o.team_correlation > 1) throw std::invalid_argument("team correlation must be in 0..1");
    // players used, and their teams, as dense indexes
    std::map<int, size_t> player_index;
    std::map<std::string, size_t> team_index;
    std::vector<size_t> team_of;
    std::vector<double> mean, sd;
    for (const Lineup& l : lineups)
        for (int p : l) {
            if (player_index.count(p)) continue;
            const Player& pl = slate.players[static_cast<size_t>(p)];
            player_index[p] = mean.size();
            team_of.push_back(team_index.emplace(pl.team, team_index.size()).first->second);
            mean.push_back(static_cast<double>(pl.projection) / 100.0);
            sd.push_back(stddev_of(pl, o));
        }
    // points_p = mean_p + sd_p (sqrt(rho) Z_team + sqrt(1 - rho) Z_p): teammates' correlation is rho
    const double shared = std::sqrt(o.team_correlation), own = std::sqrt(1 - o.team_correlation);
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> z(0.0, 1.0);
    std::vector<double> team_z(team_index.size()), points(mean.size());
    std::vector<std::vector<double>> scores(lineups.size(), std::vector<double>(static_cast<size_t>(o.simulations)));
    std::vector<int> wins(lineups.size(), 0);
    for (int s = 0; s < o.simulations; ++s) {
        for (double& t : team_z) t = z(rng);
        for (size_t p = 0; p < points.size(); ++p) points[p] = mean[p] + sd[p] * (shared * team_z[team_of[p]] + own * z(rng));
        size_t best = 0;
        for (size_t k = 0; k < lineups.size(); ++k) {
            double total = 0;
            for (int p : lineups[k]) total += points[player_index[p]];
            scores[k][static_cast<size_t>(s)] = total;
            if (total > scores[best][static_cast<size_t>(s)]) best = k;
        }
        ++wins[best];
    }
    std::vector<LineupDistribution> out(lineups.size());
    for (size_t k = 0; k < lineups.size(); ++k) {
        std::vector<double>& v = scores[k];
        double sum = 0, sq = 0;
        for (double x : v) sum += x;
        const double m = sum / static_cast<double>(v.size());
        for (double x : v) sq += (x - m) * (x - m);
        std::sort(v.begin(), v.end());
        auto q = [&](double f) { return v[static_cast<size_t>(f * static_cast<double>(v.size() - 1))]; };
        out[k] = {m, std::sqrt(sq / static_cast<double>(std::max<size_t>(1, v.size() - 1))), q(0.1), q(0.5), q(0.9),
                  static_cast<double>(wins[k]) / o.simulations};
    }
    return out;
}

}  // namespace dfs
