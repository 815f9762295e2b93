// Test helpers written apart from the optimiser: a lineup checker that reads the rules
// directly, a slot fitter, and small seeded slates.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "optimizer.hpp"

namespace dfs::test {

inline bool accepts(const RosterSlot& s, const Player& p) {
    for (const auto& a : s.accepts)
        if (p.plays(a)) return true;
    return false;
}

// Slot order for a set of players, by trying every slot for each player in turn.
inline bool fit(const Slate& slate, const SiteRules& r, const std::vector<int>& set, size_t i, Lineup& l) {
    if (i == set.size()) return true;
    for (size_t s = 0; s < l.size(); ++s) {
        if (l[s] >= 0 || !accepts(r.slots[s], slate.players[static_cast<size_t>(set[i])])) continue;
        l[s] = set[i];
        if (fit(slate, r, set, i + 1, l)) return true;
        l[s] = -1;
    }
    return false;
}

inline std::optional<Lineup> fit_slots(const Slate& slate, const SiteRules& r, const std::vector<int>& set) {
    if (set.size() != r.slots.size()) return std::nullopt;
    Lineup l(r.slots.size(), -1);
    if (!fit(slate, r, set, 0, l)) return std::nullopt;
    return l;
}

// Empty when the lineup meets the site's rules and the options' per-lineup rules.
inline std::string why_invalid(const Slate& slate, const SiteRules& r, const OptimizeOptions& o, const Lineup& l) {
    if (l.size() != r.slots.size()) return "wrong size";
    std::set<int> seen;
    int64_t salary = 0;
    std::map<std::string, int> per_team, per_game;
    for (size_t s = 0; s < l.size(); ++s) {
        if (l[s] < 0) return "empty slot";
        const Player& p = slate.players[static_cast<size_t>(l[s])];
        if (!seen.insert(l[s]).second) return "player twice: " + p.id;
        if (p.twin >= 0 && std::find(l.begin(), l.end(), p.twin) != l.end()) return "captain and FLEX: " + p.name;
        if (!accepts(r.slots[s], p)) return p.id + " cannot play " + r.slots[s].name;
        if (!p.has_projection) return p.id + " has no projection";
        if (std::find(o.excludes.begin(), o.excludes.end(), p.id) != o.excludes.end()) return "excluded " + p.id;
        salary += p.salary;
        ++per_team[p.team];
        ++per_game[p.game];
    }
    for (const auto& id : o.locks)
        if (!seen.count(slate.find(id))) return "lock missing " + id;
    if (salary > r.salary_cap) return "over the cap";
    if (salary < o.min_salary) return "under the min salary";
    if (static_cast<int>(per_game.size()) < r.min_games) return "too few games";
    if (static_cast<int>(per_team.size()) < r.min_teams) return "too few teams";
    if (r.max_per_team > 0)
        for (const auto& [t, n] : per_team)
            if (n > r.max_per_team) return "too many from " + t;
    auto is_def = [&](const Player& p) { return !r.defense_position.empty() && p.plays(r.defense_position); };
    for (int q : l) {
        const Player& qb = slate.players[static_cast<size_t>(q)];
        if (!qb.plays("QB") || r.sport != Sport::nfl) continue;
        int receivers = 0, opponents = 0;
        for (int p : l) {
            const Player& o2 = slate.players[static_cast<size_t>(p)];
            if (o2.team == qb.team && (o2.plays("WR") || o2.plays("TE"))) ++receivers;
            if (o2.team == qb.opponent && !is_def(o2)) ++opponents;
        }
        if (receivers < o.qb_stack) return "qb stack short";
        if (opponents < o.bring_back) return "no bring-back";
    }
    if (o.team_stack > 1) {
        std::map<std::string, int> skaters;
        for (int p : l)
            if (!is_def(slate.players[static_cast<size_t>(p)])) ++skaters[slate.players[static_cast<size_t>(p)].team];
        int best = 0;
        for (const auto& [t, n] : skaters) best = std::max(best, n);
        if (best < o.team_stack) return "no team stack";
    }
    return {};
}

inline int shared(const Lineup& a, const Lineup& b) {
    int n = 0;
    for (int p : a)
        if (std::find(b.begin(), b.end(), p) != b.end()) ++n;
    return n;
}

// Small slate: `teams` teams in teams/2 games, `shape` positions per team ("QB", "RB/WR"...).
// Salaries and projections from a seeded generator (raw mt19937 words, so every standard
// library draws the same numbers).
inline Slate small_slate(uint32_t seed, int teams, const std::vector<std::string>& shape, int salary_lo,
                         int salary_hi) {
    std::mt19937 g(seed);
    Slate s;
    for (int t = 0; t < teams; ++t) {
        const std::string team = "T" + std::to_string(t), opp = "T" + std::to_string(t ^ 1);
        const std::string game = t % 2 ? opp + "@" + team : team + "@" + opp;
        for (size_t k = 0; k < shape.size(); ++k) {
            Player p;
            p.id = std::to_string(1000 + t * 100 + static_cast<int>(k));
            p.name = team + "_" + shape[k] + std::to_string(k);
            for (size_t a = 0, b; a <= shape[k].size(); a = b + 1) {
                b = shape[k].find('/', a);
                if (b == std::string::npos) b = shape[k].size();
                p.positions.push_back(shape[k].substr(a, b - a));
            }
            p.team = team;
            p.opponent = opp;
            p.game = game;
            p.salary = salary_lo + static_cast<int32_t>(g() % static_cast<uint32_t>((salary_hi - salary_lo) / 100 + 1)) * 100;
            // points follow salary with noise, in centi-points
            p.projection = p.salary / 4 + static_cast<int64_t>(g() % 1200);
            p.has_projection = true;
            s.players.push_back(p);
        }
    }
    return s;
}

}  // namespace dfs::test
