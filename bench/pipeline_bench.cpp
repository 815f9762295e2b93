// pipeline_bench: the same 4-stage work (feed -> strategy -> risk -> sink, one 64-byte
// event, bench/plugins/stages.hpp) passed four ways, all in one run:
//
//   BM_Pipeline_DirectCalls          the floor: four calls through function pointers in one loop
//   BM_Pipeline_TbbFlowGraph         the peer: four serial oneTBB function_nodes, try_put + wait_for_all per batch
//   BM_Pipeline_TbbFlowGraph_PerEvent  the same with wait_for_all after every event (a round trip each)
//   BM_Pipeline_Host_Fused           the host: a Runtime from a YAML deployment, the four bench plugins
//                                    (loaded through the ABI) on one executor
//   BM_Pipeline_Host_TwoThreads      the same with feed+strategy on one executor, risk+sink on another;
//                                    latency percentiles publish -> sink arrival
//   BM_Pipeline_Host_TwoThreads_Rate the same, paced at --th_rate events/s (default 1e6): the p99 goal
//   BM_Plugin_Load                   PluginLibrary::load (dlopen + ABI check + copies), then create
//
// Host cases time one whole session of N events from the feed's first publish to the
// arrival of its last event at the sink (manual time), so items_per_second = N / that time;
// the session's setup and teardown are reported apart as run_wall_ms. allocs_per_event
// comes from the counting malloc hook (alloc_counter.cpp), steady state: allocations of a
// session of N events minus those of a session of N/4 events, over the 3N/4 difference
// (the least of the iterations and of two calibration sessions, so the few allocations of
// shutdown's quiescence polling, which vary from run to run, do not count as per-event).
//
// Flags of this program (before Google Benchmark's own):
//   --th_events=N        events per host session (default 1000000)
//   --th_rate_events=N   events of the paced session (default 2000000)
//   --th_rate=R          pace of the paced session, events/s (default 1000000)
//   --th_batch=B         events per benchmark iteration of the in-process cases (default 1024)
#include "alloc_counter.hpp"
#include "host_session.hpp"
#include "plugins/stages.hpp"

#include "config/deployment.hpp"
#include "loader/plugin_library.hpp"
#include "pipeline/host_api.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/runtime.hpp"
#include "registry/registry.hpp"

#include <tradehost/detail/config_values.hpp>

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>
#include <tbb/flow_graph.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

uint64_t g_events = 1000000;
uint64_t g_rate_events = 2000000;
int64_t g_rate = 1000000;
uint64_t g_batch = 1024;

// Latency samples kept across iterations of one benchmark (8 bytes each).
constexpr size_t kMaxSamples = 16u << 20;


using bench::HostCase;
using bench::ns_to_s;
using bench::SessionResult;
using bench::TempDir;

// ---------------------------------------------------------------------------------------
// The floor: four calls through function pointers in one loop
// ---------------------------------------------------------------------------------------

struct FeedCtx {
    uint64_t i = 0;
    uint64_t count = ~uint64_t{0};
};
using StageFn = void (*)(void* state, const bench::Event* in, bench::Event* out);

__attribute__((noinline)) void feed_fn(void* st, const bench::Event*, bench::Event* out) {
    auto& f = *static_cast<FeedCtx*>(st);
    bench::feed_fill(*out, f.i, f.count);
    if (bench::stamped(f.i, f.count, 0)) out->t_pub = bench::steady_ns();
    ++f.i;
}
__attribute__((noinline)) void strategy_fn(void* st, const bench::Event* in, bench::Event* out) {
    bench::strategy_step(*static_cast<bench::StrategyState*>(st), *in, *out);
}
__attribute__((noinline)) void risk_fn(void* st, const bench::Event* in, bench::Event* out) {
    bench::risk_step(*static_cast<bench::RiskState*>(st), *in, *out);
}
__attribute__((noinline)) void sink_fn(void* st, const bench::Event* in, bench::Event*) {
    bench::sink_step(*static_cast<bench::SinkState*>(st), *in);
    if (in->t_pub) benchmark::DoNotOptimize(bench::steady_ns() - in->t_pub);
}

void BM_Pipeline_DirectCalls(benchmark::State& st) {
    FeedCtx feed;
    bench::StrategyState strat;
    bench::RiskState risk;
    bench::SinkState sink;
    StageFn f0 = feed_fn, f1 = strategy_fn, f2 = risk_fn, f3 = sink_fn;
    const uint64_t batch = g_batch;
    bench::Event a, b, c;
    const uint64_t a0 = bench::alloc_count();
    for (auto _ : st) {
        // The compiler may not assume which functions these are: four indirect calls.
        benchmark::DoNotOptimize(f0);
        benchmark::DoNotOptimize(f1);
        benchmark::DoNotOptimize(f2);
        benchmark::DoNotOptimize(f3);
        for (uint64_t k = 0; k < batch; ++k) {
            f0(&feed, nullptr, &a);
            f1(&strat, &a, &b);
            f2(&risk, &b, &c);
            f3(&sink, &c, nullptr);
        }
    }
    const uint64_t items = batch * static_cast<uint64_t>(st.iterations());
    benchmark::DoNotOptimize(sink.checksum);
    st.SetItemsProcessed(static_cast<int64_t>(items));
    if (bench::alloc_hook_active() && items)
        st.counters["allocs_per_event"] = static_cast<double>(bench::alloc_count() - a0) / static_cast<double>(items);
    if (sink.received != items) st.SkipWithError("sink did not receive every event");
}

// ---------------------------------------------------------------------------------------
// The peer: oneTBB flow graph, four serial function_nodes
// ---------------------------------------------------------------------------------------

// `per_event`: wait_for_all after every try_put (a round trip per event) instead of per batch.
void tbb_flow_graph(benchmark::State& st, bool per_event) {
    using namespace tbb::flow;
    bench::StrategyState strat;
    bench::RiskState risk;
    bench::SinkState sink;
    const uint64_t count = ~uint64_t{0};
    graph g;
    function_node<uint64_t, bench::Event> feed_node(g, serial, [&](uint64_t i) {
        bench::Event e;
        bench::feed_fill(e, i, count);
        if (bench::stamped(i, count, 0)) e.t_pub = bench::steady_ns();
        return e;
    });
    function_node<bench::Event, bench::Event> strategy_node(g, serial, [&](const bench::Event& in) {
        bench::Event out;
        bench::strategy_step(strat, in, out);
        return out;
    });
    function_node<bench::Event, bench::Event> risk_node(g, serial, [&](const bench::Event& in) {
        bench::Event out;
        bench::risk_step(risk, in, out);
        return out;
    });
    function_node<bench::Event, continue_msg> sink_node(g, serial, [&](const bench::Event& in) {
        bench::sink_step(sink, in);
        if (in.t_pub) benchmark::DoNotOptimize(bench::steady_ns() - in.t_pub);
        return continue_msg();
    });
    make_edge(feed_node, strategy_node);
    make_edge(strategy_node, risk_node);
    make_edge(risk_node, sink_node);

    const uint64_t batch = g_batch;
    uint64_t i = 0;
    const uint64_t a0 = bench::alloc_count();
    for (auto _ : st) {
        for (uint64_t k = 0; k < batch; ++k) {
            feed_node.try_put(i++);
            if (per_event) g.wait_for_all();
        }
        g.wait_for_all();
    }
    const uint64_t items = batch * static_cast<uint64_t>(st.iterations());
    st.SetItemsProcessed(static_cast<int64_t>(items));
    if (bench::alloc_hook_active() && items)
        st.counters["allocs_per_event"] = static_cast<double>(bench::alloc_count() - a0) / static_cast<double>(items);
    if (sink.received != items) st.SkipWithError("sink did not receive every event");
}

void BM_Pipeline_TbbFlowGraph(benchmark::State& st) { tbb_flow_graph(st, false); }
void BM_Pipeline_TbbFlowGraph_PerEvent(benchmark::State& st) { tbb_flow_graph(st, true); }

// ---------------------------------------------------------------------------------------
// The host: a Runtime from a YAML deployment, the bench plugins loaded through the ABI
// ---------------------------------------------------------------------------------------


void BM_Host(benchmark::State& st, HostCase c) {
    const uint64_t n = c.rate ? g_rate_events : g_events;
    const uint64_t small = std::max<uint64_t>(n / 4, 1);
    const bool latency = c.stamp_every != 0;
    const uint64_t capacity = latency ? n / c.stamp_every + 2 : 2;
    TempDir dir;

    const double setup_allocs = bench::alloc_hook_active()
                                    ? bench::calibrate_setup_allocs(c.key, dir.path(), c, small, capacity)
                                    : -1;
    std::vector<int64_t> samples;
    double wall = 0, window = 0, min_allocs = -1, allocs = 0;
    uint64_t dropped_samples = 0;
    for (auto _ : st) {
        SessionResult r = bench::run_session(dir.path(), c, n, capacity, latency);
        if (!r.ok) {
            st.SkipWithError(r.error.c_str());
            break;
        }
        const double w = ns_to_s(r.rep.last_arrival_ns - r.rep.first_pub_ns);
        st.SetIterationTime(w);
        window += w;
        wall += r.wall_s;
        allocs += static_cast<double>(r.allocs);
        min_allocs = min_allocs < 0 ? static_cast<double>(r.allocs) : std::min(min_allocs, static_cast<double>(r.allocs));
        dropped_samples += r.rep.dropped_samples;
        size_t room = kMaxSamples - std::min(kMaxSamples, samples.size());
        samples.insert(samples.end(), r.samples.begin(), r.samples.begin() + static_cast<std::ptrdiff_t>(std::min(room, r.samples.size())));
    }
    const double iters = static_cast<double>(st.iterations());
    if (iters == 0) return;
    st.SetItemsProcessed(static_cast<int64_t>(n) * st.iterations());
    st.counters["events"] = static_cast<double>(n);
    st.counters["run_wall_ms"] = wall / iters * 1e3;
    st.counters["setup_ms"] = (wall - window) / iters * 1e3;
    if (setup_allocs >= 0) {
        st.counters["allocs_per_event"] = (min_allocs - setup_allocs) / static_cast<double>(n - small);
        st.counters["allocs_per_session"] = allocs / iters;
    }
    if (latency) {
        st.counters["samples"] = static_cast<double>(samples.size());
        st.counters["p50_ns"] = bench::percentile(samples, 0.50);
        st.counters["p99_ns"] = bench::percentile(samples, 0.99);
        st.counters["p999_ns"] = bench::percentile(samples, 0.999);
        st.counters["max_ns"] = samples.empty() ? 0 : static_cast<double>(*std::max_element(samples.begin(), samples.end()));
        if (dropped_samples) st.counters["dropped_samples"] = static_cast<double>(dropped_samples);
    }
    if (c.rate) st.counters["target_rate"] = static_cast<double>(c.rate);
}

// ---------------------------------------------------------------------------------------
// Plugin load and create
// ---------------------------------------------------------------------------------------

void BM_Plugin_Load(benchmark::State& st) {
    // A private copy (another inode): the registry of the host cases keeps the original
    // loaded, and dlopen of a loaded file only bumps a reference count.
    TempDir dir;
    const std::string path = dir.path() + "/th_bench_risk.so";
    fs::copy_file(std::string(BENCH_PLUGIN_DIR) + "/th_bench_risk.so", path);
    th_host_api api;
    tradehost::fill_host_api(api);
    // The host context create receives (an Instance in a running host); the risk stage only
    // keeps the pointer, so an opaque placeholder does.
    alignas(64) static unsigned char ctx[64];
    th_config cfg;
    {
        th_config::Value v;
        v.type = TH_CFG_INT;
        v.i = 1000;
        v.s = "1000";
        cfg.values["limit"] = v;
    }
    int64_t load_ns = 0, create_ns = 0, unload_ns = 0;
    for (auto _ : st) {
        const auto t0 = std::chrono::steady_clock::now();
        std::shared_ptr<tradehost::PluginLibrary> lib = tradehost::PluginLibrary::load(path);
        const auto t1 = std::chrono::steady_clock::now();
        th_instance* h = nullptr;
        char err[256] = {0};
        th_status s = lib->entry().create(&api, reinterpret_cast<th_host_ctx*>(ctx), &cfg, &h, err, sizeof err);
        const auto t2 = std::chrono::steady_clock::now();
        if (s != TH_OK || !h) {
            st.SkipWithError(err[0] ? err : "create failed");
            break;
        }
        lib->entry().destroy(h);
        lib.reset();  // dlclose: the plugin is built to really unload
        const auto t3 = std::chrono::steady_clock::now();
        st.SetIterationTime(std::chrono::duration<double>(t2 - t0).count());
        load_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
        create_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(t2 - t1).count();
        unload_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(t3 - t2).count();
    }
    const double iters = static_cast<double>(st.iterations());
    if (iters == 0) return;
    st.counters["load_ns"] = static_cast<double>(load_ns) / iters;
    st.counters["create_ns"] = static_cast<double>(create_ns) / iters;
    st.counters["destroy_unload_ns"] = static_cast<double>(unload_ns) / iters;
}

bool take_flag(const char* arg, const char* name, uint64_t& out) {
    const size_t n = std::strlen(name);
    if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
    char* end = nullptr;
    unsigned long long v = std::strtoull(arg + n + 1, &end, 10);
    if (!end || *end || v == 0) {
        std::fprintf(stderr, "pipeline_bench: %s needs a positive integer\n", name);
        std::exit(64);
    }
    out = v;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    // Our flags first; the rest go to Google Benchmark.
    std::vector<char*> rest{argv[0]};
    uint64_t rate = static_cast<uint64_t>(g_rate);
    for (int i = 1; i < argc; ++i) {
        if (take_flag(argv[i], "--th_events", g_events) || take_flag(argv[i], "--th_rate_events", g_rate_events) ||
            take_flag(argv[i], "--th_rate", rate) || take_flag(argv[i], "--th_batch", g_batch))
            continue;
        rest.push_back(argv[i]);
    }
    g_rate = static_cast<int64_t>(rate);
    if (g_events < 8) g_events = 8;
    if (g_rate_events < 8) g_rate_events = 8;
    int n = static_cast<int>(rest.size());
    spdlog::set_level(spdlog::level::warn);

    benchmark::RegisterBenchmark("BM_Pipeline_DirectCalls", BM_Pipeline_DirectCalls);
    benchmark::RegisterBenchmark("BM_Pipeline_TbbFlowGraph", BM_Pipeline_TbbFlowGraph);
    benchmark::RegisterBenchmark("BM_Pipeline_TbbFlowGraph_PerEvent", BM_Pipeline_TbbFlowGraph_PerEvent);
    benchmark::RegisterBenchmark("BM_Pipeline_Host_Fused", BM_Host, HostCase{"fused", false, 0, 0})
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Pipeline_Host_TwoThreads", BM_Host, HostCase{"two", true, 0, 16})
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Pipeline_Host_TwoThreads_Rate", BM_Host, HostCase{"rate", true, g_rate, 1})
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Plugin_Load", BM_Plugin_Load)->UseManualTime()->Unit(benchmark::kMicrosecond);

    benchmark::Initialize(&n, rest.data());
    if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 64;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
