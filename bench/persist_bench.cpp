// The cost of the paper venue's persistence per order as a session grows (issue: "state
// writes are proportional to the change"). The default deployment's plugins through a real
// Runtime and SQLite journal, at 1x, 10x and 50x a base session, with persist on and off in
// the same run: per-order time with persistence must stay flat as history grows.
//
//   build/bench/persist_bench [--th_base=QUOTES]
#include "common/diagnostics.hpp"
#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/runtime.hpp"
#include "registry/registry.hpp"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

int64_t g_base = 3000;  // quotes in the 1x session

tradehost::Registry& registry() {
    static tradehost::Registry reg = [] {
        tradehost::Registry r;
        r.scan({PROJECT_PLUGIN_DIR});
        return r;
    }();
    return reg;
}

std::string deployment(const std::string& dir, int64_t quotes, bool persist) {
    return "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\n" + "host:\n  journal: " + dir +
           "/journal.db\n  api: {enabled: false}\n  log: {level: error}\n  summary: false\n"
           "instances:\n  feed:\n    config: {count: " +
           std::to_string(quotes) + "}\n  venue:\n    config: {persist: " + (persist ? "true" : "false") + "}\n";
}

// One session of `scale` x the base; reports microseconds per order journaled.
void BM_PaperSession(benchmark::State& st, bool persist) {
    const int64_t scale = st.range(0);
    double us_per_order = 0, orders = 0;
    for (auto _ : st) {
        const fs::path dir = fs::temp_directory_path() / ("th_persist_bench_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        const std::string path = (dir / "run.yaml").string();
        std::ofstream(path) << deployment(dir.string(), g_base * scale, persist);
        tradehost::Diagnostics d;
        tradehost::Deployment dep = tradehost::load_deployment(path, d);
        tradehost::Plan plan;
        if (d.ok()) plan = tradehost::build_plan(dep, registry(), d);
        if (!d.ok()) {
            st.SkipWithError(d.str().c_str());
            return;
        }
        const auto t0 = std::chrono::steady_clock::now();
        tradehost::RunResult res;
        {
            tradehost::Runtime rt(dep, std::move(plan));
            res = rt.run();
        }
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        st.SetIterationTime(s);
        if (res.exit_code != 0) {
            st.SkipWithError(res.error.c_str());
            return;
        }
        orders = static_cast<double>(res.journal.orders);
        us_per_order = orders > 0 ? s * 1e6 / orders : 0;
        fs::remove_all(dir);
    }
    st.counters["orders"] = orders;
    st.counters["us_per_order"] = us_per_order;
    st.counters["quotes"] = static_cast<double>(g_base * scale);
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::err);  // the strategies log every order at info
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--th_base=", 10) == 0) g_base = std::atoll(argv[i] + 10);
        else rest.push_back(argv[i]);
    }
    for (bool persist : {true, false})
        benchmark::RegisterBenchmark(persist ? "BM_Paper_Persist" : "BM_Paper_NoPersist", BM_PaperSession, persist)
            ->Arg(1)
            ->Arg(10)
            ->Arg(50)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond)
            ->Iterations(1);
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 64;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
