// tradehost-dfs: the lineup optimiser's command line. `tradehost dfs ARGS` runs it.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>

#include "cli_options.hpp"
#include "contest_sim.hpp"
#include "optimizer.hpp"
#include "site_csv.hpp"

namespace {
// The host's exit codes (host/cli/commands.hpp), plus 3 for rules no lineup can meet.
constexpr int kExitBadInput = 2;
constexpr int kExitInfeasible = 3;
constexpr int kExitUsage = 64;
}  // namespace

int main(int argc, char** argv) {
    using namespace dfs;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        std::fputs(cli_usage(), args.empty() ? stderr : stdout);
        return args.empty() ? kExitUsage : 0;
    }
    CliOptions o;
    if (std::string err = parse_cli(args, o); !err.empty()) {
        std::fprintf(stderr, "tradehost dfs: %s\n%s", err.c_str(), cli_usage());
        return kExitUsage;
    }
    try {
        const SiteRules rules = o.showdown ? showdown_rules(o.site, o.sport) : site_rules(o.site, o.sport);
        Slate slate = read_salary_csv(o.salaries, o.site);
        for (const std::string& miss : read_projections_csv(o.projections, slate))
            std::fprintf(stderr, "%s: no such player on the slate, skipped\n", miss.c_str());
        if (o.command == "simulate") {
            const std::vector<Lineup> lineups = read_lineups_csv(o.entries, rules, slate);
            SimOptions sim;
            sim.simulations = o.simulations;
            sim.team_correlation = o.team_correlation;
            sim.seed = o.optimize.seed;
            sim.cash_line = o.cash_line;
            sim.field_top = o.field_top;
            const auto d = simulate(slate, lineups, sim);
            std::printf("lineup,mean,stddev,p10,p25,p50,p75,p90,p_cash,p_top,best_share\n");
            for (size_t k = 0; k < d.size(); ++k)
                std::printf("%zu,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.4f,%.4f,%.4f\n", k + 1, d[k].mean, d[k].stddev, d[k].p10,
                            d[k].p25, d[k].p50, d[k].p75, d[k].p90, d[k].p_cash, d[k].p_top, d[k].best_share);
            return 0;
        }
        OptimizeResult res;
        if (o.command == "optimize") {
            res = optimize(slate, rules, o.optimize);
        } else {
            const std::vector<Lineup> entries = read_lineups_csv(o.entries, rules, slate);
            res = late_swap(slate, rules, o.optimize, entries, o.now);
        }
        const std::string csv = upload_csv(rules, slate, res.lineups);
        if (o.out.empty()) {
            std::fputs(csv.c_str(), stdout);
        } else {
            std::ofstream f(o.out, std::ios::binary);
            if (!(f << csv)) {
                std::fprintf(stderr, "tradehost dfs: cannot write %s\n", o.out.c_str());
                return 1;
            }
        }
        for (size_t k = 0; k < res.lineups.size(); ++k)
            std::fprintf(stderr, "lineup %zu: projection %.2f salary %lld\n", k + 1,
                         static_cast<double>(res.projected[k]) / 100.0,
                         static_cast<long long>(lineup_salary(slate, res.lineups[k])));
        return 0;
    } catch (const Infeasible& e) {
        std::fprintf(stderr, "tradehost dfs: %s\n", e.what());
        return kExitInfeasible;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "tradehost dfs: %s\n", e.what());
        return kExitBadInput;
    } catch (const std::exception& e) {
        // file errors ("file:line: what") and anything else the run could not get past
        std::fprintf(stderr, "tradehost dfs: %s\n", e.what());
        return kExitBadInput;
    }
}
