// Time to 1, 20 and 150 lineups on the 560-player DraftKings NFL slate
// (plugins/dfs_optimizer/test_data), three ways in one run:
//   Library      dfs::optimize: our model building plus CBC through its C interface;
//   CommandLine  the same models (written as LP files first) solved by the `cbc` program,
//                one process per lineup, with the same settings;
//   BuildOnly    our model building alone, for the same lineups,
// so the overhead of building the model shows next to the solve.
#include <benchmark/benchmark.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "optimizer.hpp"
#include "site_csv.hpp"

namespace {

namespace fs = std::filesystem;

struct Fixture {
    dfs::Slate slate;
    dfs::SiteRules rules = dfs::site_rules(dfs::Site::draftkings, dfs::Sport::nfl);
    std::map<int, dfs::OptimizeResult> runs;  // lineups -> the library's result, for BuildOnly
    std::map<int, std::string> lp_dirs;       // lineups -> the models as LP files

    Fixture() {
        slate = dfs::read_salary_csv(DFS_DATA_DIR "/dk_nfl_main_salaries.csv", dfs::Site::draftkings);
        dfs::read_projections_csv(DFS_DATA_DIR "/dk_nfl_main_projections.csv", slate);
    }
    dfs::OptimizeOptions options(int lineups) const {
        dfs::OptimizeOptions o;
        o.lineups = lineups;
        o.min_different = 3;
        return o;
    }
    const std::string& lp_dir(int lineups) {
        auto it = lp_dirs.find(lineups);
        if (it != lp_dirs.end()) return it->second;
        const fs::path dir = fs::temp_directory_path() / ("dfs_bench_" + std::to_string(::getpid()) + "_" + std::to_string(lineups));
        fs::create_directories(dir);
        dfs::OptimizeOptions o = options(lineups);
        o.write_lp_dir = dir.string();
        runs[lineups] = dfs::optimize(slate, rules, o);
        return lp_dirs[lineups] = dir.string();
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

void Library(benchmark::State& state) {
    Fixture& f = fixture();
    const int n = static_cast<int>(state.range(0));
    for (auto _ : state) {
        dfs::OptimizeResult r = dfs::optimize(f.slate, f.rules, f.options(n));
        benchmark::DoNotOptimize(r.projected.data());
    }
    state.counters["lineups"] = n;
}

void CommandLine(benchmark::State& state) {
    Fixture& f = fixture();
    const int n = static_cast<int>(state.range(0));
    const std::string dir = f.lp_dir(n);
    for (auto _ : state) {
        for (int k = 1; k <= n; ++k) {
            // the settings the library uses (cbc_solver.cpp)
            const std::string cmd = std::string(CBC_PROGRAM) + " " + dir + "/lineup_" + std::to_string(k) +
                                    ".lp -max -cuts off -heur off -allowableGap 0.5 -ratioGap 0 -solve -quit >/dev/null 2>&1";
            if (std::system(cmd.c_str()) != 0) {
                state.SkipWithError("cbc failed");
                return;
            }
        }
    }
    state.counters["lineups"] = n;
}

void BuildOnly(benchmark::State& state) {
    Fixture& f = fixture();
    const int n = static_cast<int>(state.range(0));
    f.lp_dir(n);
    const dfs::OptimizeResult& done = f.runs[n];
    const dfs::OptimizeOptions o = f.options(n);
    for (auto _ : state) {
        for (int k = 0; k < n; ++k) {
            dfs::LineupRequest req;
            req.slate = &f.slate;
            req.rules = &f.rules;
            req.options = &o;
            for (const dfs::Player& p : f.slate.players) {
                req.objective.push_back(p.projection);
                req.excluded.push_back(!p.has_projection);
            }
            req.over_max_exposure.assign(f.slate.players.size(), false);
            req.needs_min_exposure.assign(f.slate.players.size(), false);
            req.earlier.assign(done.lineups.begin(), done.lineups.begin() + k);
            dfs::BuiltModel m = dfs::build_lineup_model(req);
            benchmark::DoNotOptimize(m.model.rows.data());
        }
    }
    state.counters["lineups"] = n;
}

}  // namespace

BENCHMARK(Library)->Arg(1)->Arg(20)->Arg(150)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(CommandLine)->Arg(1)->Arg(20)->Arg(150)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BuildOnly)->Arg(1)->Arg(20)->Arg(150)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
