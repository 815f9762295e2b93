#include "lineup_model.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace dfs {

namespace {

bool eligible(const Player& p, const RosterSlot& s) {
    return std::any_of(s.accepts.begin(), s.accepts.end(), [&](const std::string& a) { return p.plays(a); });
}

class Builder {
public:
    explicit Builder(const LineupRequest& r) : req_(r), slate_(*r.slate), rules_(*r.rules), opt_(*r.options) {}

    BuiltModel build() {
        player_cols_.resize(slate_.players.size());
        add_assignment_columns();
        roster_rows();
        salary_rows();
        spread_rows();
        lock_and_exposure_rows();
        stack_rows();
        uniqueness_rows();
        return std::move(out_);
    }

private:
    const LineupRequest& req_;
    const Slate& slate_;
    const SiteRules& rules_;
    const OptimizeOptions& opt_;
    BuiltModel out_;
    std::vector<std::vector<int>> player_cols_;  // per player: its assignment columns

    bool usable(size_t p) const { return !req_.excluded[p]; }
    bool is_defense(const Player& p) const {
        return !rules_.defense_position.empty() && p.plays(rules_.defense_position);
    }

    void add_assignment_columns() {
        for (size_t p = 0; p < slate_.players.size(); ++p) {
            if (!usable(p)) continue;
            for (int s = 0; s < rules_.roster_size(); ++s) {
                if (!eligible(slate_.players[p], rules_.slots[s])) continue;
                const int c = out_.model.add_binary("y" + std::to_string(p) + "_" + std::to_string(s),
                                                    static_cast<double>(req_.objective[p]));
                out_.col_player.push_back(static_cast<int>(p));
                out_.col_slot.push_back(s);
                player_cols_[p].push_back(c);
            }
        }
    }

    int helper(const std::string& name) {
        out_.col_player.push_back(-1);
        out_.col_slot.push_back(-1);
        return out_.model.add_binary(name, 0);
    }

    // sum of x[p] (a player's slot columns) times coef, appended to a row
    void add_player(LinearRow& row, size_t p, double coef) const {
        for (int c : player_cols_[p]) {
            row.cols.push_back(c);
            row.coefs.push_back(coef);
        }
    }

    void row(LinearRow r) { out_.model.add_row(std::move(r)); }

    void roster_rows() {
        for (size_t p = 0; p < slate_.players.size(); ++p) {
            if (player_cols_[p].size() < 2) continue;  // one column is already 0/1
            LinearRow r{"once:" + slate_.players[p].id, "roster", {}, {}, 'L', 1};
            add_player(r, p, 1);
            row(std::move(r));
        }
        for (int s = 0; s < rules_.roster_size(); ++s) {
            LinearRow r{"slot:" + rules_.slots[s].name + "#" + std::to_string(s + 1), "roster", {}, {}, 'E', 1};
            for (size_t c = 0; c < out_.col_slot.size(); ++c)
                if (out_.col_slot[c] == s) {
                    r.cols.push_back(static_cast<int>(c));
                    r.coefs.push_back(1);
                }
            row(std::move(r));
        }
    }

    void salary_rows() {
        LinearRow cap{"salary_cap", "salary_cap", {}, {}, 'L', static_cast<double>(rules_.salary_cap)};
        for (size_t p = 0; p < slate_.players.size(); ++p) add_player(cap, p, slate_.players[p].salary);
        if (opt_.min_salary > 0) {
            LinearRow floor{"min_salary", "min_salary", cap.cols, cap.coefs, 'G', static_cast<double>(opt_.min_salary)};
            row(std::move(floor));
        }
        row(std::move(cap));
    }

    // Players from at least N games / N teams, and at most K from one team: an indicator per
    // game (team) that may be 1 only when a chosen player is in it.
    void spread_rows() {
        std::map<std::string, std::vector<size_t>> games, teams;
        for (size_t p = 0; p < slate_.players.size(); ++p) {
            if (player_cols_[p].empty()) continue;
            games[slate_.players[p].game].push_back(p);
            teams[slate_.players[p].team].push_back(p);
        }
        auto at_least = [&](const std::map<std::string, std::vector<size_t>>& groups, int n, const char* what) {
            if (n <= 1) return;
            LinearRow total{std::string(what), what, {}, {}, 'G', static_cast<double>(n)};
            for (const auto& [key, members] : groups) {
                const int z = helper(std::string(what) + "_" + std::to_string(out_.model.cols()));
                LinearRow link{std::string(what) + ":" + key, what, {z}, {1}, 'L', 0};
                for (size_t p : members) add_player(link, p, -1);
                row(std::move(link));
                total.cols.push_back(z);
                total.coefs.push_back(1);
            }
            row(std::move(total));
        };
        at_least(games, rules_.min_games, "min_games");
        at_least(teams, rules_.min_teams, "min_teams");
        if (rules_.max_per_team > 0) {
            for (const auto& [team, members] : teams) {
                LinearRow r{"max_per_team:" + team, "max_per_team", {}, {}, 'L', static_cast<double>(rules_.max_per_team)};
                for (size_t p : members) add_player(r, p, 1);
                row(std::move(r));
            }
        }
    }

    void lock_and_exposure_rows() {
        for (const std::string& id : opt_.locks) {
            const int p = slate_.find(id);
            if (p < 0 || player_cols_[p].empty()) continue;  // the caller reports unknown ids
            LinearRow r{"lock:" + id, "lock", {}, {}, 'E', 1};
            add_player(r, p, 1);
            row(std::move(r));
        }
        LinearRow capped{"max_exposure", "max_exposure", {}, {}, 'E', 0};
        for (size_t p = 0; p < slate_.players.size(); ++p) {
            if (req_.over_max_exposure[p]) add_player(capped, p, 1);
            if (req_.needs_min_exposure[p]) {
                LinearRow r{"min_exposure:" + slate_.players[p].id, "min_exposure", {}, {}, 'E', 1};
                add_player(r, p, 1);
                row(std::move(r));
            }
        }
        if (!capped.cols.empty()) row(std::move(capped));
        for (int s = 0; s < static_cast<int>(req_.fixed_slot.size()); ++s) {
            const int p = req_.fixed_slot[s];
            if (p < 0) continue;
            LinearRow r{"late_swap_locked:" + slate_.players[p].id, "late_swap_locked", {}, {}, 'E', 1};
            for (int c : player_cols_[p])
                if (out_.col_slot[c] == s) {
                    r.cols.push_back(c);
                    r.coefs.push_back(1);
                }
            row(std::move(r));
        }
    }

    void stack_rows() {
        if (rules_.sport != Sport::nfl) return;
        for (size_t q = 0; q < slate_.players.size(); ++q) {
            const Player& qb = slate_.players[q];
            if (player_cols_[q].empty() || !qb.plays("QB")) continue;
            if (opt_.qb_stack > 0) {
                // chosen QB => at least k of his team's WR/TE
                LinearRow r{"qb_stack:" + qb.id, "qb_stack", {}, {}, 'G', 0};
                add_player(r, q, -opt_.qb_stack);
                for (size_t p = 0; p < slate_.players.size(); ++p) {
                    const Player& o = slate_.players[p];
                    if (o.team == qb.team && (o.plays("WR") || o.plays("TE"))) add_player(r, p, 1);
                }
                row(std::move(r));
            }
            if (opt_.bring_back > 0) {
                LinearRow r{"bring_back:" + qb.id, "bring_back", {}, {}, 'G', 0};
                add_player(r, q, -opt_.bring_back);
                for (size_t p = 0; p < slate_.players.size(); ++p) {
                    const Player& o = slate_.players[p];
                    if (o.team == qb.opponent && !is_defense(o)) add_player(r, p, 1);
                }
                row(std::move(r));
            }
        }
        if (opt_.team_stack > 1) {
            std::map<std::string, std::vector<size_t>> teams;
            for (size_t p = 0; p < slate_.players.size(); ++p)
                if (!player_cols_[p].empty() && !is_defense(slate_.players[p]))
                    teams[slate_.players[p].team].push_back(p);
            LinearRow any{"team_stack", "team_stack", {}, {}, 'G', 1};
            for (const auto& [team, members] : teams) {
                const int z = helper("stack_" + std::to_string(out_.model.cols()));
                LinearRow r{"team_stack:" + team, "team_stack", {z}, {static_cast<double>(-opt_.team_stack)}, 'G', 0};
                for (size_t p : members) add_player(r, p, 1);
                row(std::move(r));
                any.cols.push_back(z);
                any.coefs.push_back(1);
            }
            row(std::move(any));
        }
    }

    // At most (roster - min_different) players shared with each earlier lineup.
    void uniqueness_rows() {
        const double shared = rules_.roster_size() - opt_.min_different;
        for (size_t k = 0; k < req_.earlier.size(); ++k) {
            LinearRow r{"min_different:lineup " + std::to_string(k + 1), "min_different", {}, {}, 'L', shared};
            for (int p : req_.earlier[k]) add_player(r, static_cast<size_t>(p), 1);
            row(std::move(r));
        }
    }
};

}  // namespace

BuiltModel build_lineup_model(const LineupRequest& req) { return Builder(req).build(); }

Lineup read_lineup(const BuiltModel& built, const std::vector<double>& x, int slots) {
    Lineup l(static_cast<size_t>(slots), -1);
    for (size_t c = 0; c < built.col_player.size(); ++c)
        if (built.col_player[c] >= 0 && x[c] > 0.5) l[static_cast<size_t>(built.col_slot[c])] = built.col_player[c];
    return l;
}

}  // namespace dfs
