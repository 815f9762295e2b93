// The feature store's online lookup: the latest vector of a random instrument out of 5000
// (16 features), from the feature_store plugin's OnlineStore beside the same data in an
// std::unordered_map<uint32_t, Row> in the same run. Reports the mean (Google Benchmark's
// time) and the p50/p99 of per-lookup latency: blocks of 32 lookups timed with
// steady_clock, divided by 32 (a single lookup is shorter than the clock's own cost).
//
//   build/bench/feature_store_bench
#include "store/online_store.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <random>
#include <unordered_map>
#include <vector>

namespace {

constexpr uint32_t kKeys = 5000;
constexpr uint32_t kCols = 16;
constexpr size_t kBlock = 32;

struct Row {
    int64_t time;
    std::array<float, kCols> values;
};

std::vector<uint32_t> random_keys() {
    std::mt19937 rng(9);
    std::uniform_int_distribution<uint32_t> d(1, kKeys);
    std::vector<uint32_t> k(1 << 16);
    for (auto& x : k) x = d(rng);
    return k;
}

template <class Lookup> void run(benchmark::State& state, Lookup&& lookup) {
    const std::vector<uint32_t> keys = random_keys();
    std::vector<double> samples;
    samples.reserve(1 << 20);
    size_t i = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        float sum = 0;
        for (size_t b = 0; b < kBlock; ++b) sum += lookup(keys[(i + b) & (keys.size() - 1)]);
        benchmark::DoNotOptimize(sum);
        const auto t1 = std::chrono::steady_clock::now();
        if (samples.size() < samples.capacity())
            samples.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / kBlock);
        i += kBlock;
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
    if (samples.empty()) return;
    std::sort(samples.begin(), samples.end());
    state.counters["p50_ns"] = samples[samples.size() / 2];
    state.counters["p99_ns"] = samples[samples.size() * 99 / 100];
}

void BM_OnlineStoreLookup(benchmark::State& state) {
    tradehost::store::OnlineStore s(kCols);
    std::array<float, kCols> v{};
    for (uint32_t k = 1; k <= kKeys; ++k) {
        v[0] = static_cast<float>(k);
        s.put(k, k, v.data());
    }
    // What a model does with the row: read every value (here: the sum of two).
    run(state, [&](uint32_t k) {
        const float* r = s.get(k);
        return r[0] + r[kCols - 1];
    });
}
BENCHMARK(BM_OnlineStoreLookup);

void BM_UnorderedMapLookup(benchmark::State& state) {
    std::unordered_map<uint32_t, Row> m;
    for (uint32_t k = 1; k <= kKeys; ++k) {
        Row r{static_cast<int64_t>(k), {}};
        r.values[0] = static_cast<float>(k);
        m.emplace(k, r);
    }
    run(state, [&](uint32_t k) {
        const Row& r = m.find(k)->second;
        return r.values[0] + r.values[kCols - 1];
    });
}
BENCHMARK(BM_UnorderedMapLookup);

}  // namespace

BENCHMARK_MAIN();
