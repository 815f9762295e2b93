// cuda_features' indicator rows beside the features plugin, rows (instrument updates) per
// second for universes of 1, 256, 4096 and 65536 instruments, one observation each per pass:
//   FeaturesPlugin       the features plugin's code per instrument (FeatureRow::update and
//                        write, its indicator classes), what it runs per event;
//   IndicatorCpuPath     cuda_features' CPU path (the SoA state and update functions the
//                        kernel runs), one pass over the universe;
//   IndicatorGpu         the CUDA device: observations in, one kernel pass, rows back,
//                        copies included (skipped without a device).
// The set is the nine indicators the issue names, with the usual windows.
#include "cuda_devices.hpp"
#include "feature_row.hpp"
#include "indicator_engine.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

using namespace tradehost::cuda_accel;
namespace features = tradehost::features;

namespace {

const std::vector<features::FeatureSpec>& specs() {
    static const std::vector<features::FeatureSpec> s = [] {
        std::vector<features::FeatureSpec> v;
        for (const char* t : {"sma:20", "ema:12", "rsi:14", "macd:12:26:9", "bb:20:2", "zscore:20", "vol:20", "ret:5",
                              "atr:14"})
            v.push_back(features::parse_spec(t));
        return v;
    }();
    return s;
}

// 64 rounds of observations for n instruments (a random walk each), cycled by the loops.
constexpr size_t kRounds = 64;
std::vector<ind::Obs> walk(size_t n) {
    std::vector<ind::Obs> out(kRounds * n);
    uint32_t s = 7;
    for (size_t i = 0; i < n; ++i) {
        double px = 50.0 + static_cast<double>(i % 100);
        for (size_t r = 0; r < kRounds; ++r) {
            s = s * 1664525u + 1013904223u;
            px *= 1.0 + (static_cast<double>(s >> 8) / 16777216.0 - 0.5) * 0.01;
            out[r * n + i] = ind::Obs{static_cast<int64_t>(r) * 60000000000LL, px * 1.001, px * 0.999, px, 100.0};
        }
    }
    return out;
}

features::Observation observation(const ind::Obs& o) {
    features::Observation f;
    f.ts = o.ts;
    f.open = f.close = o.close;
    f.high = o.high;
    f.low = o.low;
    f.volume = o.volume;
    return f;
}

void FeaturesPlugin(benchmark::State& state) {
    const size_t n = static_cast<size_t>(state.range(0));
    const auto obs = walk(n);
    std::vector<features::FeatureRow> rows;
    for (size_t i = 0; i < n; ++i) rows.emplace_back(specs());
    std::vector<double> out(16);
    size_t r = 0;
    for (auto _ : state) {
        for (size_t i = 0; i < n; ++i)
            if (rows[i].update(observation(obs[r * n + i]))) rows[i].write(out.data());
        benchmark::DoNotOptimize(out.data());
        r = (r + 1) % kRounds;
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

void run_engine(benchmark::State& state, std::unique_ptr<IndicatorDevice> device) {
    const size_t n = static_cast<size_t>(state.range(0));
    const auto obs = walk(n);
    IndicatorEngine engine(make_program(specs()), std::move(device), 0, 1u << 30);
    std::vector<uint32_t> slots(n);
    for (size_t i = 0; i < n; ++i) slots[i] = engine.slot(static_cast<th_instrument>(i + 1));
    std::vector<double> rows(n * engine.program().cols);
    std::vector<uint8_t> ready(n);
    size_t r = 0;
    for (auto _ : state) {
        engine.step(slots.data(), obs.data() + r * n, n, rows.data(), ready.data());
        benchmark::DoNotOptimize(rows.data());
        r = (r + 1) % kRounds;
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

void IndicatorCpuPath(benchmark::State& state) { run_engine(state, nullptr); }

void IndicatorGpu(benchmark::State& state) {
    const Inventory inv = cuda_probe();
    if (inv.devices.empty()) {
        state.SkipWithError(("no CUDA device: " + inv.error).c_str());
        return;
    }
    state.SetLabel(inv.devices.front().name);
    run_engine(state, make_cuda_indicator_device(inv.devices.front()));
}

}  // namespace

BENCHMARK(FeaturesPlugin)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(IndicatorCpuPath)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(IndicatorGpu)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536)->UseRealTime();
