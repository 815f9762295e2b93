// One host session of the bench pipeline: see host_session.hpp.
#include "host_session.hpp"

#include "alloc_counter.hpp"

#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/runtime.hpp"
#include "registry/registry.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace bench {

TempDir::TempDir() {
    std::string t = (fs::temp_directory_path() / "tradehost-bench-XXXXXX").string();
    if (!::mkdtemp(t.data())) std::abort();
    path_ = t;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

namespace {

tradehost::Registry& bench_registry() {
    static tradehost::Registry reg = [] {
        tradehost::Registry r;
        r.scan({BENCH_PLUGIN_DIR});
        return r;
    }();
    return reg;
}


std::string deployment_yaml(const std::string& dir, const HostCase& c, uint64_t count, uint64_t capacity) {
    const char* far = c.two_threads ? "\n    executor: b" : "";
    std::string y;
    y += "host:\n";
    y += "  journal: " + dir + "/journal.db\n";
    y += "  api:\n    enabled: false\n";
    y += std::string("  log:\n    level: ") + (std::getenv("TH_BENCH_LOG") ? std::getenv("TH_BENCH_LOG") : "warn") + "\n";
    y += "  summary: false\n";
    y += "instances:\n";
    y += "  feed:\n    use: bench_feed\n    config:\n";
    y += "      count: " + std::to_string(count) + "\n";
    y += "      rate: " + std::to_string(c.rate) + "\n";
    y += "      stamp_every: " + std::to_string(c.stamp_every) + "\n";
    y += "  strategy:\n    use: bench_strategy\n";
    y += std::string("  risk:\n    use: bench_risk") + far + "\n";
    y += std::string("  sink:\n    use: bench_sink") + far + "\n    config:\n";
    y += "      capacity: " + std::to_string(capacity) + "\n";
    y += "      report: " + dir + "/sink.bin\n";
    if (c.track_gaps) y += "      track_gaps: true\n";
    y += "edges:\n";
    y += "  - from: feed.out\n    to: strategy.in\n";
    y += "  - from: strategy.out\n    to: risk.in\n";
    y += "  - from: risk.out\n    to: sink.in\n";
    return y;
}

}  // namespace

// One session of `count` events. The capacity of the sink's sample array does not depend
// on `count`, so sessions of different lengths allocate the same at setup.
SessionResult run_session(const std::string& dir, const HostCase& c, uint64_t count, uint64_t capacity,
                          bool keep_samples, const std::function<void(tradehost::Runtime&)>& during) {
    SessionResult r;
    const std::string path = dir + "/run.yaml";
    std::ofstream(path) << deployment_yaml(dir, c, count, capacity);
    fs::remove(dir + "/sink.bin");
    tradehost::Diagnostics diags;
    tradehost::Deployment dep = tradehost::load_deployment(path, diags);
    tradehost::Plan plan;
    if (diags.ok()) plan = tradehost::build_plan(dep, bench_registry(), diags);
    if (!diags.ok()) {
        r.error = diags.str();
        return r;
    }
    const uint64_t a0 = bench::alloc_count();
    const auto t0 = std::chrono::steady_clock::now();
    {
        tradehost::Runtime rt(dep, std::move(plan));
        tradehost::RunResult res;
        if (during) {
            std::thread runner([&] { res = rt.run(); });
            during(rt);
            runner.join();
        } else {
            res = rt.run();
        }
        if (res.exit_code != 0) {
            r.error = "run failed: " + res.error;
            return r;
        }
    }
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.allocs = bench::alloc_count() - a0;

    std::FILE* f = std::fopen((dir + "/sink.bin").c_str(), "rb");
    if (!f) {
        r.error = "the sink wrote no report";
        return r;
    }
    bool ok = std::fread(&r.rep, sizeof r.rep, 1, f) == 1 && r.rep.magic == bench::kReportMagic;
    if (ok && keep_samples) {
        r.samples.resize(r.rep.n_latency);
        ok = r.rep.n_latency == 0 || std::fread(r.samples.data(), sizeof(int64_t), r.rep.n_latency, f) == r.rep.n_latency;
    }
    std::fclose(f);
    if (!ok) r.error = "unreadable sink report";
    else if (r.rep.received != count)
        r.error = "sink received " + std::to_string(r.rep.received) + " of " + std::to_string(count) + " events";
    else if (r.rep.last_arrival_ns <= r.rep.first_pub_ns)
        r.error = "no time window (first publish / last arrival not stamped)";
    else
        r.ok = true;
    return r;
}

// Setup allocations (a session of count/4 events, after a warm-up session), per case.
double calibrate_setup_allocs(const std::string& key, const std::string& dir, const HostCase& c, uint64_t small,
                              uint64_t capacity) {
    static std::map<std::string, double> cache;
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    run_session(dir, c, small, capacity, false);  // warm-up: first-use allocations of the process
    // The least of two: shutdown's quiescence polling allocates a little, a varying number
    // of times, so the minimum is the stable setup cost.
    double v = -1;
    for (int k = 0; k < 2; ++k) {
        SessionResult r = run_session(dir, c, small, capacity, false);
        if (!r.ok) return cache[key] = -1;
        v = v < 0 ? static_cast<double>(r.allocs) : std::min(v, static_cast<double>(r.allocs));
    }
    cache[key] = v;
    return v;
}

double percentile(std::vector<int64_t>& v, double p) {
    if (v.empty()) return 0;
    size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]);
}

}  // namespace bench
