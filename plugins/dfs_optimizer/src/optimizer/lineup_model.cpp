#include "lineup_model.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

namespace dfs {

namespace {

bool eligible(const Player& p, const RosterSlot& s) {
    return std::any_of(s.accepts.begin(), s.accepts.end(), [&](const std::string& a) { return p.plays(a); });
}

int popcount(uint32_t m) { return __builtin_popcount(m); }

class Builder {
public:
    explicit Builder(const LineupRequest& r) : req_(r), slate_(*r.slate), rules_(*r.rules), opt_(*r.options) {}

    BuiltModel build() {
        player_cols_.resize(slate_.players.size());
        add_player_columns();
        roster_rows();
        salary_rows();
        spread_rows();
        twin_rows();
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
    std::vector<std::vector<int>> player_cols_;  // per player: its column (none when unusable)
    std::vector<uint32_t> free_mask_;            // per player: free slots it may fill
    std::vector<bool> kept_;                     // per player: late swap keeps it in its slot

    bool is_defense(const Player& p) const {
        return !rules_.defense_position.empty() && p.plays(rules_.defense_position);
    }

    // One 0/1 column per player who may be chosen. Which slot a chosen player fills is not a
    // variable: Hall's condition on the slot neighbourhoods (roster_rows) makes the chosen set
    // exactly the sets that have a slot assignment, and read_lineup finds one afterwards.
    // This keeps the model at one column per player instead of one per (player, slot).
    void add_player_columns() {
        const size_t n = slate_.players.size();
        free_mask_.assign(n, 0);
        kept_.assign(n, false);
        uint32_t fixed_slots = 0;
        for (size_t s = 0; s < req_.fixed_slot.size(); ++s)
            if (req_.fixed_slot[s] >= 0) {
                fixed_slots |= 1u << s;
                kept_[static_cast<size_t>(req_.fixed_slot[s])] = true;
            }
        for (size_t p = 0; p < n; ++p) {
            for (int s = 0; s < rules_.roster_size(); ++s)
                if (!(fixed_slots & (1u << s)) && eligible(slate_.players[p], rules_.slots[s])) free_mask_[p] |= 1u << s;
            if (!kept_[p] && (req_.excluded[p] || free_mask_[p] == 0)) continue;
            const int c = out_.model.add_binary("x" + std::to_string(p), static_cast<double>(req_.objective[p]));
            out_.col_player.push_back(static_cast<int>(p));
            player_cols_[p].push_back(c);
            if (kept_[p]) out_.model.lower[static_cast<size_t>(c)] = 1;
        }
    }

    int helper(const std::string& name) {
        out_.col_player.push_back(-1);
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

    // Hall's theorem: chosen players can fill the free slots one each iff, for every union U
    // of players' slot sets, at most |U| chosen players have their slot set inside U, and as
    // many players are chosen as there are free slots. Unions are closed over the distinct
    // slot sets (at most 2^slots of them, a few dozen in practice).
    void roster_rows() {
        std::vector<uint32_t> unions;
        for (size_t p = 0; p < slate_.players.size(); ++p)
            if (!player_cols_[p].empty() && !kept_[p] &&
                std::find(unions.begin(), unions.end(), free_mask_[p]) == unions.end())
                unions.push_back(free_mask_[p]);
        for (size_t i = 0; i < unions.size(); ++i)
            for (size_t j = 0; j < i; ++j) {
                const uint32_t u = unions[i] | unions[j];
                if (std::find(unions.begin(), unions.end(), u) == unions.end()) unions.push_back(u);
            }
        int free_slots = 0;
        for (int s = 0; s < rules_.roster_size(); ++s)
            if (s >= static_cast<int>(req_.fixed_slot.size()) || req_.fixed_slot[static_cast<size_t>(s)] < 0) ++free_slots;
        for (uint32_t u : unions) {
            if (popcount(u) >= free_slots) continue;  // the total row covers it
            std::string slots;
            for (int s = 0; s < rules_.roster_size(); ++s)
                if (u & (1u << s)) slots += (slots.empty() ? "" : "+") + rules_.slots[s].name;
            LinearRow r{"slots:" + slots, "roster", {}, {}, 'L', static_cast<double>(popcount(u))};
            for (size_t p = 0; p < slate_.players.size(); ++p)
                if (!player_cols_[p].empty() && !kept_[p] && (free_mask_[p] & ~u) == 0) add_player(r, p, 1);
            row(std::move(r));
        }
        LinearRow total{"roster_size", "roster", {}, {}, 'E', static_cast<double>(free_slots)};
        for (size_t p = 0; p < slate_.players.size(); ++p)
            if (!kept_[p]) add_player(total, p, 1);
        row(std::move(total));
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

    // Showdown: a person is the captain or a FLEX player, not both.
    void twin_rows() {
        for (size_t p = 0; p < slate_.players.size(); ++p) {
            const int t = slate_.players[p].twin;
            if (t <= static_cast<int>(p) || player_cols_[p].empty() || player_cols_[static_cast<size_t>(t)].empty()) continue;
            LinearRow r{"one_role:" + slate_.players[p].name, "roster", {}, {}, 'L', 1};
            add_player(r, p, 1);
            add_player(r, static_cast<size_t>(t), 1);
            row(std::move(r));
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
        for (size_t p = 0; p < slate_.players.size(); ++p)
            if (kept_[p]) {
                LinearRow r{"late_swap_locked:" + slate_.players[p].id, "late_swap_locked", {}, {}, 'E', 1};
                add_player(r, p, 1);
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

namespace {
// Backtracking over slots: the chosen players are few (a roster), so this is instant.
bool assign(const Slate& slate, const SiteRules& rules, std::vector<int>& players, Lineup& l, size_t slot) {
    if (slot == l.size()) return true;
    if (l[slot] >= 0) return assign(slate, rules, players, l, slot + 1);
    for (int& p : players) {
        if (p < 0 || !eligible(slate.players[static_cast<size_t>(p)], rules.slots[slot])) continue;
        const int who = p;
        l[slot] = who;
        p = -1;
        if (assign(slate, rules, players, l, slot + 1)) return true;
        p = who;
        l[slot] = -1;
    }
    return false;
}
}  // namespace

Lineup read_lineup(const LineupRequest& req, const BuiltModel& built, const std::vector<double>& x) {
    const SiteRules& rules = *req.rules;
    Lineup l(static_cast<size_t>(rules.roster_size()), -1);
    std::vector<int> chosen;
    for (size_t s = 0; s < req.fixed_slot.size(); ++s) l[s] = req.fixed_slot[s];
    for (size_t c = 0; c < built.col_player.size(); ++c) {
        const int p = built.col_player[c];
        if (p >= 0 && x[c] > 0.5 && std::find(l.begin(), l.end(), p) == l.end()) chosen.push_back(p);
    }
    if (!assign(*req.slate, rules, chosen, l, 0))
        throw std::logic_error("chosen players fit no slot assignment (Hall rows incomplete)");
    return l;
}

}  // namespace dfs
