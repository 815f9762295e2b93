// Model inference and features: a 500-tree XGBoost model scored by the tree_model plugin's
// predictor beside libxgboost's own (XGBoosterPredictFromDense, Debian's libxgboost-dev) on
// the same rows in the same run, one row and 256-row batches; and the features plugin's
// indicator updates per second.
//
//   build/bench/model_bench [--th_trees=500] [--th_model=PATH]
//
// The model is trained here through libxgboost's C API (binary:logistic, depth 6, 16
// features, NaN in ~10% of the values), saved as JSON and read back by both predictors; it
// is kept in build/bench (model_bench_<trees>.json) so later runs skip the training. Before
// timing, every row's output is compared: the run stops if ours differ from libxgboost's.
#include "feature_row.hpp"
#include "xgboost_json.hpp"

#include <benchmark/benchmark.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using tradehost::tree_model::Forest;

int g_trees = 500;
std::string g_model;
constexpr size_t kFeatures = 16;
constexpr size_t kRows = 4096;  // distinct rows cycled through, so the branch predictor cannot learn one

void check(int rc, const char* what) {
    if (rc != 0) throw std::runtime_error(std::string(what) + ": " + XGBGetLastError());
}

std::vector<float> make_rows(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0, 1);
    std::uniform_real_distribution<float> u(0, 1);
    std::vector<float> x(n * kFeatures);
    for (float& v : x) v = u(rng) < 0.1f ? NAN : d(rng);
    return x;
}

void train(const std::string& path) {
    const size_t n = 5000;
    const std::vector<float> x = make_rows(n, 1);
    std::vector<float> y(n);
    for (size_t i = 0; i < n; ++i) {
        const float* r = &x[i * kFeatures];
        auto v = [&](size_t k) { return std::isnan(r[k]) ? 0.f : r[k]; };
        y[i] = v(0) + v(1) * v(2) - std::fabs(v(3)) + 0.5f * v(4) + 0.3f * std::sin(3 * v(5)) > 0 ? 1.f : 0.f;
    }
    DMatrixHandle dm = nullptr;
    check(XGDMatrixCreateFromMat(x.data(), n, kFeatures, NAN, &dm), "XGDMatrixCreateFromMat");
    check(XGDMatrixSetFloatInfo(dm, "label", y.data(), n), "label");
    BoosterHandle b = nullptr;
    check(XGBoosterCreate(&dm, 1, &b), "XGBoosterCreate");
    for (const auto& [k, v] : std::vector<std::pair<const char*, const char*>>{
             {"objective", "binary:logistic"}, {"max_depth", "6"}, {"eta", "0.05"}, {"seed", "1"},
             {"subsample", "0.8"}, {"tree_method", "hist"}})
        check(XGBoosterSetParam(b, k, v), "XGBoosterSetParam");
    for (int i = 0; i < g_trees; ++i) check(XGBoosterUpdateOneIter(b, i, dm), "XGBoosterUpdateOneIter");
    check(XGBoosterSaveModel(b, path.c_str()), "XGBoosterSaveModel");
    XGBoosterFree(b);
    XGDMatrixFree(dm);
}

struct Models {
    Forest ours;
    BoosterHandle lib = nullptr;
    std::vector<float> rows = make_rows(kRows, 2);
};

std::string array_interface(const float* data, size_t rows) {
    char buf[256];
    std::snprintf(buf, sizeof buf, R"({"data": [%llu, true], "shape": [%zu, %zu], "typestr": "<f4", "version": 3})",
                  static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(data)), rows, kFeatures);
    return buf;
}

const char* kConfig = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
                      R"("strict_shape": false, "cache_id": 0, "missing": NaN})";

const float* lib_predict(BoosterHandle b, const float* rows, size_t n) {
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* out = nullptr;
    check(XGBoosterPredictFromDense(b, array_interface(rows, n).c_str(), kConfig, nullptr, &shape, &dim, &out),
          "XGBoosterPredictFromDense");
    return out;
}

Models& models() {
    static Models* m = [] {
        auto* mm = new Models;
        if (!std::filesystem::exists(g_model)) train(g_model);
        mm->ours = tradehost::tree_model::load_xgboost_json(g_model);
        check(XGBoosterCreate(nullptr, 0, &mm->lib), "XGBoosterCreate");
        check(XGBoosterLoadModel(mm->lib, g_model.c_str()), "XGBoosterLoadModel");
        check(XGBoosterSetParam(mm->lib, "nthread", "1"), "nthread");  // one core each, like ours
        // Equal outputs, or no numbers: every row, singly and in one batch.
        std::vector<float> ours(kRows);
        mm->ours.predict_batch(mm->rows.data(), kRows, ours.data());
        const float* lib = lib_predict(mm->lib, mm->rows.data(), kRows);
        for (size_t i = 0; i < kRows; ++i) {
            float one = 0;
            mm->ours.predict(&mm->rows[i * kFeatures], &one);
            if (ours[i] != lib[i] || one != lib[i]) {
                std::fprintf(stderr, "model_bench: row %zu: ours %.9g (single %.9g), libxgboost %.9g\n", i, ours[i],
                             one, lib[i]);
                std::exit(1);
            }
        }
        std::fprintf(stderr, "model_bench: %zu trees, %zu rows: outputs equal to libxgboost's\n",
                     mm->ours.roots.size(), kRows);
        return mm;
    }();
    return *m;
}

void Xgb_SingleRow_Ours(benchmark::State& state) {
    Models& m = models();
    size_t i = 0;
    float out = 0;
    for (auto _ : state) {
        m.ours.predict(&m.rows[(i++ % kRows) * kFeatures], &out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void Xgb_SingleRow_Libxgboost(benchmark::State& state) {
    Models& m = models();
    size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(lib_predict(m.lib, &m.rows[(i++ % kRows) * kFeatures], 1));
    state.SetItemsProcessed(state.iterations());
}

void Xgb_Batch256_Ours(benchmark::State& state) {
    Models& m = models();
    std::vector<float> out(256);
    size_t b = 0;
    for (auto _ : state) {
        m.ours.predict_batch(&m.rows[(b++ % (kRows / 256)) * 256 * kFeatures], 256, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * 256);
}

void Xgb_Batch256_Libxgboost(benchmark::State& state) {
    Models& m = models();
    size_t b = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(lib_predict(m.lib, &m.rows[(b++ % (kRows / 256)) * 256 * kFeatures], 256));
    state.SetItemsProcessed(state.iterations() * 256);
}

// The features plugin's indicators: every kind it has (24 columns), one instrument's update
// per iteration over a random walk of bars; rows written as the plugin writes them.
void Features_Update24Columns(benchmark::State& state) {
    using namespace tradehost::features;
    std::vector<FeatureSpec> specs;
    for (const char* s : {"sma:20", "ema:12", "wma:10", "rsi:14", "macd:12:26:9", "bb:20:2", "atr:14", "adx:14",
                          "stoch:14:3", "obv", "vwap", "zscore:20", "vol:20", "ret:5", "tod"})
        specs.push_back(parse_spec(s));
    std::vector<FeatureRow> universe;
    for (int i = 0; i < 64; ++i) universe.emplace_back(specs);
    std::mt19937 rng(3);
    std::normal_distribution<double> d(0, 0.002);
    std::vector<Observation> bars(1 << 14);
    double px = 100;
    for (size_t i = 0; i < bars.size(); ++i) {
        const double open = px;
        px *= std::exp(d(rng));
        bars[i] = {static_cast<th_time_ns>(i) * 60000000000LL, open, std::max(open, px) * 1.001,
                   std::min(open, px) * 0.999, px, 100.0 + static_cast<double>(i % 50)};
    }
    double row[24];
    size_t i = 0;
    for (auto _ : state) {
        FeatureRow& r = universe[i % universe.size()];
        if (r.update(bars[(i / universe.size()) % bars.size()])) r.write(row);
        benchmark::DoNotOptimize(row);
        ++i;
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(Xgb_SingleRow_Ours);
BENCHMARK(Xgb_SingleRow_Libxgboost);
BENCHMARK(Xgb_Batch256_Ours);
BENCHMARK(Xgb_Batch256_Libxgboost);
BENCHMARK(Features_Update24Columns);

int main(int argc, char** argv) {
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--th_trees=", 11) == 0) g_trees = std::atoi(argv[i] + 11);
        else if (std::strncmp(argv[i], "--th_model=", 11) == 0) g_model = argv[i] + 11;
        else rest.push_back(argv[i]);
    }
    if (g_model.empty()) g_model = std::string(BENCH_OUTPUT_DIR) + "/model_bench_" + std::to_string(g_trees) + ".json";
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
