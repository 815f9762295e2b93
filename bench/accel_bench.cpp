// cuda_accel against its peers on the same batches, rows per second for batch sizes 1, 256,
// 4096 and 65536, copies included:
//   TreeModelPlugin  tree_model's own predictor (Forest::predict / predict_batch), what the
//                    tree_model plugin runs per event;
//   AccelCpuPath     cuda_accel's CPU path (the same predictor behind the dispatch);
//   AccelGpu         cuda_accel's CUDA device path: pinned staging, H2D copy, kernel, D2H
//                    copy, on every device the runtime reports (skipped without one);
// and for a feed-forward network (nn_model's mlp.thnn test network): the CPU reference
// (MlpCpuPath) against the GPU (MlpGpu: cuBLAS SGEMM + fused epilogues).
// The tree model is config/models.yaml's (plugins/tree_model/models/meanrev_xgb.json).
#include "cpu_path.hpp"
#include "cuda_devices.hpp"
#include "dispatch.hpp"
#include "nn_network.hpp"
#include "xgboost_json.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <vector>

using namespace tradehost::cuda_accel;

namespace {

const Model& tree_model() {
    static const Model m = [] {
        Model t;
        t.forest = tradehost::tree_model::load_xgboost_json(SOURCE_DIR "/plugins/tree_model/models/meanrev_xgb.json");
        return t;
    }();
    return m;
}

const Model& mlp_model() {
    static const Model m = [] {
        Model t;
        t.kind = Model::Kind::Mlp;
        t.mlp = mlp_from_network(tradehost::nn::read_weights_file(SOURCE_DIR "/plugins/nn_model/test_data/mlp.thnn"));
        return t;
    }();
    return m;
}

// Rows of plausible feature values (rsi around 50, z-scores, small returns), fixed seed.
std::vector<float> rows(size_t n, size_t cols) {
    std::vector<float> x(n * cols);
    uint32_t s = 99;
    for (size_t i = 0; i < x.size(); ++i) {
        s = s * 1664525u + 1013904223u;
        const float u = static_cast<float>(s >> 8) / 16777216.0f;
        x[i] = i % cols == 0 ? 100 * u : 4 * u - 2;
    }
    return x;
}

void run_cpu(benchmark::State& state, const Model& m, bool via_forest) {
    const size_t n = static_cast<size_t>(state.range(0));
    const auto x = rows(n, m.inputs());
    std::vector<float> out(n * m.outputs());
    for (auto _ : state) {
        if (via_forest && n == 1) m.forest.predict(x.data(), out.data());
        else if (via_forest) m.forest.predict_batch(x.data(), n, out.data());
        else cpu_predict(m, x.data(), n, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}

void run_gpu(benchmark::State& state, const Model& m) {
    const Inventory inv = cuda_probe();
    if (inv.devices.empty()) {
        state.SkipWithError(("no CUDA device: " + inv.error).c_str());
        return;
    }
    std::vector<std::unique_ptr<Device>> devices;
    for (const auto& d : inv.devices) devices.push_back(make_cuda_device(d));
    Dispatch dispatch(std::move(devices), 0);
    dispatch.load(m);
    const size_t n = static_cast<size_t>(state.range(0));
    const auto x = rows(n, m.inputs());
    std::vector<float> out(n * m.outputs());
    dispatch.run(x.data(), n, m.inputs(), m.outputs(), out.data());  // buffers grown outside the timing
    for (auto _ : state) {
        dispatch.run(x.data(), n, m.inputs(), m.outputs(), out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
    state.SetLabel(std::to_string(inv.devices.size()) + "x " + inv.devices.front().name);
}

void TreeModelPlugin(benchmark::State& s) { run_cpu(s, tree_model(), true); }
void AccelCpuPath(benchmark::State& s) { run_cpu(s, tree_model(), false); }
void AccelGpu(benchmark::State& s) { run_gpu(s, tree_model()); }
void MlpCpuPath(benchmark::State& s) { run_cpu(s, mlp_model(), false); }
void MlpGpu(benchmark::State& s) { run_gpu(s, mlp_model()); }

}  // namespace

BENCHMARK(TreeModelPlugin)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(AccelCpuPath)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(AccelGpu)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536)->UseRealTime();
BENCHMARK(MlpCpuPath)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536);
BENCHMARK(MlpGpu)->Arg(1)->Arg(256)->Arg(4096)->Arg(65536)->UseRealTime();

BENCHMARK_MAIN();
