#include "optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <set>

#include "cbc_solver.hpp"

namespace dfs {

namespace {

// Rule families in the order the infeasibility check adds them: the site's own rules first,
// then the user's, so the reported rule is the first user wish the site's rules cannot take.
const char* const kRuleOrder[] = {"roster",    "salary_cap",  "min_salary",   "min_games",
                                  "min_teams", "max_per_team", "lock",        "late_swap_locked",
                                  "qb_stack",  "bring_back",  "team_stack",   "min_exposure",
                                  "max_exposure", "min_different"};

std::string describe(const std::string& group) {
    if (group == "roster") return "the roster slots cannot all be filled by eligible players";
    if (group == "salary_cap") return "no full roster fits under the salary cap";
    if (group == "min_salary") return "no lineup reaches the minimum salary under the cap";
    if (group == "min_games") return "players from the required number of games";
    if (group == "min_teams") return "players from the required number of teams";
    if (group == "max_per_team") return "the site's limit of players from one team";
    if (group == "lock") return "the locked players";
    if (group == "late_swap_locked") return "the players kept by late swap";
    if (group == "qb_stack") return "the QB stack (receivers from the QB's team)";
    if (group == "bring_back") return "the bring-back (players from the QB's opponent)";
    if (group == "team_stack") return "the team stack";
    if (group == "min_exposure") return "the minimum exposures";
    if (group == "max_exposure") return "the maximum exposures";
    if (group == "min_different") return "the minimum number of different players between lineups";
    return group;
}

LinearModel with_rows(const LinearModel& full, const std::vector<const LinearRow*>& rows) {
    LinearModel m;
    m.col_names = full.col_names;
    m.objective = full.objective;
    m.upper = full.upper;
    m.lower = full.lower;
    for (const LinearRow* r : rows) m.rows.push_back(*r);
    return m;
}

// Additive filter: add the rule families in order; the first one that makes the model
// infeasible is the culprit. Within it, add its rows one by one (when there are few) to name
// the single row, e.g. the lock of one player.
[[noreturn]] void explain_infeasible(const LinearModel& full, int threads, const std::string& where) {
    std::vector<const LinearRow*> kept;
    for (const char* group : kRuleOrder) {
        std::vector<const LinearRow*> rows;
        for (const LinearRow& r : full.rows)
            if (r.group == group) rows.push_back(&r);
        if (rows.empty()) continue;
        std::vector<const LinearRow*> trial = kept;
        trial.insert(trial.end(), rows.begin(), rows.end());
        if (solve_with_cbc(with_rows(full, trial), threads).status != SolveStatus::infeasible) {
            kept = std::move(trial);
            continue;
        }
        std::string culprit = group;
        if (rows.size() <= 32 && std::string(group) != "roster") {
            std::vector<const LinearRow*> partial = kept;
            for (const LinearRow* r : rows) {
                partial.push_back(r);
                if (solve_with_cbc(with_rows(full, partial), threads).status == SolveStatus::infeasible) {
                    culprit = r->name;
                    break;
                }
            }
        }
        throw Infeasible(culprit, where + ": infeasible: " + describe(group) + " cannot be met" +
                                      (culprit != group ? " (" + culprit + ")" : std::string()));
    }
    throw Infeasible("unknown", where + ": infeasible, but every rule family alone can be met");
}

// Players of games that have started, other than the ones an entry keeps.
std::vector<bool> started_but_not(const std::vector<bool>& started, const std::vector<int>& kept) {
    std::vector<bool> out = started;
    for (int p : kept)
        if (p >= 0) out[static_cast<size_t>(p)] = false;
    return out;
}

int count_limit(double share, int lineups, bool round_up) {
    const double v = share * lineups;
    return static_cast<int>(round_up ? std::ceil(v - 1e-9) : std::floor(v + 1e-9));
}

class Runner {
public:
    Runner(const Slate& s, const SiteRules& r, const OptimizeOptions& o) : slate_(s), rules_(r), opt_(o), rng_(o.seed) {
        check_options();
        const size_t n = slate_.players.size();
        excluded_.assign(n, false);
        for (size_t p = 0; p < n; ++p) excluded_[p] = !slate_.players[p].has_projection;
        for (const std::string& id : opt_.excludes) excluded_[static_cast<size_t>(slate_.find(id))] = true;
        uses_.assign(n, 0);
    }

    // One lineup under the current exposure counts; `fixed` for late swap.
    Lineup next(const std::vector<Lineup>& earlier, int index, int total, const std::vector<int>& fixed,
                const std::vector<bool>& extra_excluded) {
        LineupRequest req;
        req.slate = &slate_;
        req.rules = &rules_;
        req.options = &opt_;
        req.objective = objective();
        req.excluded = excluded_;
        for (size_t p = 0; p < extra_excluded.size(); ++p)
            if (extra_excluded[p]) req.excluded[p] = true;
        for (int p : fixed)
            if (p >= 0) req.excluded[static_cast<size_t>(p)] = false;  // kept, projection or not
        req.earlier = earlier;
        req.fixed_slot = fixed;
        const int left = total - index;  // lineups still to build, this one included
        req.over_max_exposure.assign(slate_.players.size(), false);
        req.needs_min_exposure.assign(slate_.players.size(), false);
        for (size_t p = 0; p < slate_.players.size(); ++p) {
            const Exposure e = exposure(p);
            if (uses_[p] >= count_limit(e.max, total, false)) req.over_max_exposure[p] = true;
            if (count_limit(e.min, total, true) - uses_[p] >= left) req.needs_min_exposure[p] = true;
        }
        const BuiltModel built = build_lineup_model(req);
        if (!opt_.write_lp_dir.empty()) write_lp(built.model, index);
        const SolveResult res = solve_with_cbc(built.model, opt_.threads);
        const std::string where = "lineup " + std::to_string(index + 1);
        if (res.status == SolveStatus::infeasible) explain_infeasible(built.model, opt_.threads, where);
        if (res.status != SolveStatus::optimal) throw std::runtime_error(where + ": CBC did not prove an optimum");
        Lineup l = read_lineup(req, built, res.x);
        for (int p : l) ++uses_[static_cast<size_t>(p)];
        return l;
    }

private:
    const Slate& slate_;
    const SiteRules& rules_;
    const OptimizeOptions& opt_;
    std::mt19937_64 rng_;
    std::vector<bool> excluded_;
    std::vector<int> uses_;

    void write_lp(const LinearModel& m, int index) const {
        const std::string path = opt_.write_lp_dir + "/lineup_" + std::to_string(index + 1) + ".lp";
        std::ofstream f(path, std::ios::binary);
        if (!(f << to_lp_text(m))) throw std::runtime_error("cannot write " + path);
    }

    Exposure exposure(size_t p) const {
        auto it = opt_.exposures.find(slate_.players[p].id);
        if (it != opt_.exposures.end()) return it->second;
        return Exposure{0, opt_.max_exposure};
    }

    void check_options() const {
        if (opt_.lineups < 1) throw std::invalid_argument("lineups must be at least 1");
        if (opt_.min_different < 1 || opt_.min_different > rules_.roster_size())
            throw std::invalid_argument("min_different must be between 1 and the roster size (" +
                                        std::to_string(rules_.roster_size()) + ")");
        if (opt_.randomness < 0) throw std::invalid_argument("randomness must not be negative");
        const bool paired = std::any_of(slate_.players.begin(), slate_.players.end(), [](const Player& p) { return p.twin >= 0; });
        if (rules_.showdown && !paired)
            throw std::invalid_argument("showdown: the salary file has no CPT and FLEX rows (a classic slate?)");
        if (!rules_.showdown && paired)
            throw std::invalid_argument("the salary file is a showdown slate (CPT and FLEX rows): use --contest showdown");
        if (opt_.max_exposure < 0 || opt_.max_exposure > 1) throw std::invalid_argument("max_exposure must be in 0..1");
        auto known = [&](const std::string& id, const char* what) {
            if (slate_.find(id) < 0) throw std::invalid_argument(std::string(what) + ": no player with id " + id + " on the slate");
        };
        for (const auto& id : opt_.locks) {
            known(id, "lock");
            if (!slate_.players[static_cast<size_t>(slate_.find(id))].has_projection)
                throw std::invalid_argument("lock: player " + id + " has no projection");
        }
        for (const auto& id : opt_.excludes) known(id, "exclude");
        for (const auto& [id, e] : opt_.exposures) {
            known(id, "exposure");
            if (e.min < 0 || e.max > 1 || e.min > e.max)
                throw std::invalid_argument("exposure of " + id + ": need 0 <= min <= max <= 1");
        }
    }

    // Per-lineup objective: the projections, or a seeded normal draw around them.
    std::vector<int64_t> objective() {
        std::vector<int64_t> out(slate_.players.size());
        std::normal_distribution<double> unit(0.0, 1.0);
        for (size_t p = 0; p < out.size(); ++p) {
            const Player& pl = slate_.players[p];
            out[p] = pl.projection;
            if (opt_.randomness <= 0) continue;
            const double sd = pl.stddev > 0 ? pl.stddev * 100 : opt_.randomness * static_cast<double>(pl.projection);
            out[p] = static_cast<int64_t>(std::llround(static_cast<double>(pl.projection) + sd * unit(rng_)));
        }
        return out;
    }
};

}  // namespace

int64_t lineup_salary(const Slate& slate, const Lineup& l) {
    int64_t s = 0;
    for (int p : l) s += slate.players[static_cast<size_t>(p)].salary;
    return s;
}

int64_t lineup_projection(const Slate& slate, const Lineup& l) {
    int64_t s = 0;
    for (int p : l) s += slate.players[static_cast<size_t>(p)].projection;
    return s;
}

OptimizeResult optimize(const Slate& slate, const SiteRules& rules, const OptimizeOptions& options) {
    Runner runner(slate, rules, options);
    OptimizeResult out;
    const std::vector<int> no_fixed;
    for (int k = 0; k < options.lineups; ++k) {
        out.lineups.push_back(runner.next(out.lineups, k, options.lineups, no_fixed, {}));
        out.projected.push_back(lineup_projection(slate, out.lineups.back()));
    }
    return out;
}

OptimizeResult late_swap(const Slate& slate, const SiteRules& rules, const OptimizeOptions& options,
                         const std::vector<Lineup>& entries, int64_t now) {
    OptimizeOptions per_entry = options;
    per_entry.lineups = static_cast<int>(entries.size());
    Runner runner(slate, rules, per_entry);
    std::vector<bool> started(slate.players.size(), false);
    for (size_t p = 0; p < slate.players.size(); ++p)
        started[p] = slate.players[p].game_start > 0 && slate.players[p].game_start <= now;
    OptimizeResult out;
    for (size_t k = 0; k < entries.size(); ++k) {
        if (entries[k].size() != static_cast<size_t>(rules.roster_size()))
            throw std::invalid_argument("entry " + std::to_string(k + 1) + " does not have " +
                                        std::to_string(rules.roster_size()) + " players");
        std::vector<int> fixed(entries[k].size(), -1);
        for (size_t s = 0; s < entries[k].size(); ++s)
            if (entries[k][s] >= 0 && started[static_cast<size_t>(entries[k][s])]) fixed[s] = entries[k][s];
        // Entries are re-optimised on their own: two entries that keep the same started
        // players could not be told apart otherwise.
        out.lineups.push_back(runner.next({}, static_cast<int>(k), per_entry.lineups, fixed, started_but_not(started, fixed)));
        out.projected.push_back(lineup_projection(slate, out.lineups.back()));
    }
    return out;
}

}  // namespace dfs
