// Coordination throughput: opportunities per second through meta_weighter (calibrate and
// blend three agents' views, close outcomes), top_k (bandit pick of k among n with a sector
// penalty) and opportunity_builder (cost-aware sizes within limits) for 5,000 instruments per
// cycle, and the decision latency (pick + build after the cycle's last view) p50/p99. Beside
// it, in the same run, a plain straightforward loop over the same inputs: calibrated blend
// by direct sigmoid, a full sort of the candidates, greedy penalty, the same sizing formula
// and a gross scale (no outcomes, no learning, no state): the floor such a cycle costs.
#include "bandit.hpp"
#include "builder.hpp"
#include "weighter.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace tradehost;

constexpr size_t kInstruments = 5000, kAgents = 3, kPicks = 50, kSectors = 11;
constexpr int64_t kMinute = 60'000'000'000;

struct Market {
    std::vector<double> mid;
    std::vector<double> scores;  // cycle-major: [cycle % kCycles][instrument][agent]
    static constexpr size_t kCycles = 64;
    Market() : mid(kInstruments, 100.0), scores(kCycles * kInstruments * kAgents) {
        std::mt19937_64 rng(18);
        std::uniform_real_distribution<double> u(-1, 1);
        for (double& s : scores) s = u(rng);
    }
    double score(size_t cycle, size_t i, size_t a) const { return scores[((cycle % kCycles) * kInstruments + i) * kAgents + a]; }
};

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

// The counters both paths report: items, decision latency percentiles and throughput.
void report(benchmark::State& state, const std::vector<double>& latency, const std::vector<double>& cycle_time) {
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kInstruments));
    state.counters["decision_p50_us"] = percentile(latency, 0.50);
    state.counters["decision_p99_us"] = percentile(latency, 0.99);
    state.counters["cycle_p99_us"] = percentile(cycle_time, 0.99);
    state.counters["opportunities_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * kInstruments), benchmark::Counter::kIsRate);
}

void BM_Coordination(benchmark::State& state) {
    const Market m;
    meta_weighter::WeighterSettings ws;
    ws.min_samples = 50;
    ws.refit_every = 30 * kMinute;
    ws.default_horizon = kMinute;
    meta_weighter::Weighter w(ws);
    top_k::BanditSettings bs;
    bs.seed = 18;
    bs.penalty = 0.05;
    top_k::Bandit bandit(bs);
    opportunity_builder::BuilderSettings os;
    os.limits.max_name = 50000;
    os.limits.max_gross = 1e6;
    os.limits.max_turnover = 5e5;
    opportunity_builder::Builder builder(os);
    for (size_t i = 0; i < kInstruments; ++i) builder.set_sector(static_cast<th_instrument>(i + 1), static_cast<int32_t>(i % kSectors));
    const std::vector<std::string> agents{"technical", "momentum", "reversion"};
    std::vector<top_k::Candidate> cands(kInstruments);
    std::vector<double> blend(kInstruments);
    std::vector<opportunity_builder::Opportunity> picks;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> move(0, 0.001);
    std::vector<double> mid = m.mid;
    std::vector<double> latency, cycle_time;
    size_t cycle = 0;
    int64_t now = 1'704'067'200'000'000'000;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        now += kMinute;
        for (size_t i = 0; i < kInstruments; ++i) {
            const th_instrument id = static_cast<th_instrument>(i + 1);
            mid[i] *= 1 + move(rng);
            w.on_price(id, now, mid[i]);
            builder.on_touch(id, mid[i] - 0.005, mid[i] + 0.005);
            meta_weighter::Blend b;
            for (size_t a = 0; a < kAgents; ++a) b = w.on_signal(agents[a], id, now, m.score(cycle, i, a), kMinute);
            blend[i] = b.value;
            cands[i] = {static_cast<uint32_t>(i), std::fabs(b.value), static_cast<int32_t>(i % kSectors)};
        }
        w.maybe_refit(now);
        const auto t1 = std::chrono::steady_clock::now();
        const std::vector<uint32_t> chosen = bandit.select(cands, kPicks);
        picks.clear();
        for (uint32_t arm : chosen) picks.push_back({arm + 1, blend[arm], kMinute});
        const auto targets = builder.build(picks);
        benchmark::DoNotOptimize(targets.data());
        const auto t2 = std::chrono::steady_clock::now();
        for (uint32_t arm : chosen) bandit.update(arm, blend[arm] > 0 ? 1.0 : -1.0);  // a stand-in reward
        latency.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
        cycle_time.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
        ++cycle;
    }
    report(state, latency, cycle_time);
}

// The plain loop: the same inputs and formulas, no state beyond the arrays.
void BM_PlainLoop(benchmark::State& state) {
    const Market m;
    const double a = 2.0, b = 0.0, c0 = 1.5e-4, k = 1.0 * 0.02 / std::sqrt(100.0 * 1e6);
    const double wts[kAgents] = {0.4, 0.35, 0.25};
    std::vector<double> blend(kInstruments), size(kInstruments);
    std::vector<size_t> order(kInstruments);
    std::vector<double> latency, cycle_time;
    size_t cycle = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        for (size_t i = 0; i < kInstruments; ++i) {
            double num = 0;
            for (size_t j = 0; j < kAgents; ++j) num += wts[j] * (2 / (1 + std::exp(-(a * m.score(cycle, i, j) + b))) - 1);
            blend[i] = num;
        }
        const auto t1 = std::chrono::steady_clock::now();
        for (size_t i = 0; i < kInstruments; ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return std::fabs(blend[x]) > std::fabs(blend[y]); });
        int per_sector[kSectors] = {};
        std::vector<size_t> chosen;
        for (size_t r = 0; r < kPicks; ++r) {  // greedy with the penalty over the sorted list
            size_t best = 0;
            double best_s = -1e300;
            for (size_t idx : order) {
                if (std::find(chosen.begin(), chosen.end(), idx) != chosen.end()) continue;
                const double s = std::fabs(blend[idx]) - 0.05 * per_sector[idx % kSectors];
                if (s > best_s) {
                    best_s = s;
                    best = idx;
                }
            }
            chosen.push_back(best);
            ++per_sector[best % kSectors];
        }
        double gross = 0;
        for (size_t i : chosen) {
            const double alpha = std::fabs(blend[i]) * 20e-4;
            const double x = alpha > c0 ? std::min(50000.0, std::pow((alpha - c0) / (1.5 * k), 2)) : 0.0;
            size[i] = blend[i] > 0 ? x : -x;
            gross += x;
        }
        if (gross > 1e6)
            for (size_t i : chosen) size[i] *= 1e6 / gross;
        benchmark::DoNotOptimize(size.data());
        const auto t2 = std::chrono::steady_clock::now();
        latency.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
        cycle_time.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count());
        ++cycle;
    }
    report(state, latency, cycle_time);
}

}  // namespace

BENCHMARK(BM_Coordination)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainLoop)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
