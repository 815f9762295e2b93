// reload_bench: what a hot reload costs the event path, beside the same session
// without one, in one run:
//
//   BM_Reload_None    the peer: a paced two-executor session (feed+strategy | risk+sink),
//                     no reload; max_gap_ns is the longest gap the sink sees anyway
//                     (scheduling, pacing, timer noise)
//   BM_Reload_Stall   the same session with the strategy reloaded --th_reloads times while
//                     the feed runs (copy, dlopen, ABI check, create, quiesce, snapshot,
//                     restore, swap, start, drain). max_gap_ns is the stall: the longest gap
//                     between consecutive events delivered at the sink. reload_ms is the total
//                     reload time, request to done, as an operator or `--watch` sees it.
//
// Both check that the sink received every event (no loss across the swaps). Times are
// manual: one iteration is one whole session.
//
// Flags (before Google Benchmark's own):
//   --th_events=N    events per session (default 400000)
//   --th_rate=R      feed pace, events/s (default 200000)
//   --th_reloads=K   reloads per session, evenly spread (default 3)
#include "host_session.hpp"

#include "pipeline/runtime.hpp"

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace {

uint64_t g_events = 400000;
uint64_t g_rate = 200000;
uint64_t g_reloads = 3;

using Clock = std::chrono::steady_clock;

struct ReloadTimes {
    std::vector<double> ms;  // request -> done, per completed reload
    uint64_t missed = 0;     // requests not done before the session ended
};

// Reloads `instance` g_reloads times, spread over the session's paced duration.
ReloadTimes reload_during(tradehost::Runtime& rt, const char* instance, double session_s) {
    ReloadTimes out;
    const auto start = Clock::now();
    for (uint64_t k = 1; k <= g_reloads; ++k) {
        const auto at = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(session_s * static_cast<double>(k) /
                                                                  static_cast<double>(g_reloads + 1)));
        std::this_thread::sleep_until(at);
        const uint64_t before = rt.reloads_done();
        const auto t0 = Clock::now();
        if (!rt.request_reload(instance)) std::abort();  // the deployment names it
        // Done when the run loop has carried the request out; a session ending first counts
        // as missed (the wait is bounded by the session's own length plus a margin).
        const auto give_up = t0 + std::chrono::duration<double>(session_s + 2.0);
        while (rt.reloads_done() == before && Clock::now() < give_up)
            std::this_thread::sleep_for(std::chrono::microseconds(20));
        if (rt.reloads_done() == before) ++out.missed;
        else out.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return out;
}

void BM_Reload(benchmark::State& st, bool reload) {
    bench::HostCase c;
    c.key = reload ? "reload" : "no-reload";
    c.two_threads = true;
    c.rate = static_cast<int64_t>(g_rate);
    c.track_gaps = true;
    const double session_s = static_cast<double>(g_events) / static_cast<double>(g_rate);
    bench::TempDir dir;
    int64_t max_gap = 0;
    uint64_t over_1ms = 0;
    std::vector<double> reload_ms;
    uint64_t missed = 0;
    for (auto _ : st) {
        ReloadTimes times;
        std::function<void(tradehost::Runtime&)> during;
        if (reload) during = [&](tradehost::Runtime& rt) { times = reload_during(rt, "strategy", session_s); };
        bench::SessionResult r = bench::run_session(dir.path(), c, g_events, 2, false, during);
        if (!r.ok) {
            st.SkipWithError(r.error.c_str());
            break;
        }
        st.SetIterationTime(bench::ns_to_s(r.rep.last_arrival_ns - r.rep.first_pub_ns));
        max_gap = std::max(max_gap, r.rep.max_gap_ns);
        over_1ms += r.rep.gaps_over_1ms;
        reload_ms.insert(reload_ms.end(), times.ms.begin(), times.ms.end());
        missed += times.missed;
    }
    const double iters = static_cast<double>(st.iterations());
    if (iters == 0) return;
    st.SetItemsProcessed(static_cast<int64_t>(g_events) * st.iterations());
    st.counters["max_gap_ns"] = static_cast<double>(max_gap);
    st.counters["gaps_over_1ms"] = static_cast<double>(over_1ms) / iters;
    if (reload) {
        st.counters["reloads"] = static_cast<double>(reload_ms.size());
        if (missed) st.counters["reloads_missed"] = static_cast<double>(missed);
        if (!reload_ms.empty()) {
            double sum = 0;
            for (double v : reload_ms) sum += v;
            st.counters["reload_ms_mean"] = sum / static_cast<double>(reload_ms.size());
            st.counters["reload_ms_max"] = *std::max_element(reload_ms.begin(), reload_ms.end());
        }
    }
}

bool take_flag(const char* arg, const char* name, uint64_t& out) {
    const size_t n = std::strlen(name);
    if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
    char* end = nullptr;
    unsigned long long v = std::strtoull(arg + n + 1, &end, 10);
    if (!end || *end || v == 0) {
        std::fprintf(stderr, "reload_bench: %s needs a positive integer\n", name);
        std::exit(64);
    }
    out = v;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (take_flag(argv[i], "--th_events", g_events) || take_flag(argv[i], "--th_rate", g_rate) ||
            take_flag(argv[i], "--th_reloads", g_reloads))
            continue;
        rest.push_back(argv[i]);
    }
    if (g_events < 8) g_events = 8;
    int n = static_cast<int>(rest.size());
    spdlog::set_level(spdlog::level::warn);

    benchmark::RegisterBenchmark("BM_Reload_None", BM_Reload, false)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
    benchmark::RegisterBenchmark("BM_Reload_Stall", BM_Reload, true)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

    benchmark::Initialize(&n, rest.data());
    if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 64;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
