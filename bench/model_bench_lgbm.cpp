// LightGBM in model_bench: a 500-tree LightGBM model (text format) scored by the tree_model
// plugin's predictor beside LightGBM's own C API on the same rows in the same run, one row
// (LGBM_BoosterPredictForMatSingleRowFast) and 256-row batches (LGBM_BoosterPredictForMat).
//
// Built only when a lib_lightgbm is given (-DTRADEHOST_LIGHTGBM_ROOT=<LightGBM checkout with
// lib_lightgbm.so built>): LightGBM is not a Debian package and none of it is committed.
// The model is trained here through the C API (binary, 31 leaves, 16 features, NaN in ~10%
// of the values, one thread), saved as model.txt in build/bench and read back by both. Before
// timing every row is compared: the run stops if ours differ from LightGBM's by more than
// T * 2^-23 (float sums of T leaves against LightGBM's double sums; see test_lightgbm.cpp).
#include "lightgbm_text.hpp"

#include <LightGBM/c_api.h>
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using tradehost::tree_model::Forest;

constexpr int kTrees = 500;
constexpr int32_t kFeatures = 16;
constexpr size_t kRows = 4096;  // distinct rows cycled through

void check(int rc, const char* what) {
    if (rc != 0) throw std::runtime_error(std::string(what) + ": " + LGBM_GetLastError());
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
    const int32_t n = 5000;
    const std::vector<float> x = make_rows(n, 1);
    std::vector<float> y(n);
    for (int32_t i = 0; i < n; ++i) {
        const float* r = &x[static_cast<size_t>(i) * kFeatures];
        auto v = [&](size_t k) { return std::isnan(r[k]) ? 0.f : r[k]; };
        y[i] = v(0) + v(1) * v(2) - std::fabs(v(3)) + 0.5f * v(4) + 0.3f * std::sin(3 * v(5)) > 0 ? 1.f : 0.f;
    }
    const char* params = "objective=binary num_leaves=31 learning_rate=0.05 num_threads=1 deterministic=true seed=1 verbosity=-1";
    DatasetHandle ds = nullptr;
    check(LGBM_DatasetCreateFromMat(x.data(), C_API_DTYPE_FLOAT32, n, kFeatures, 1, params, nullptr, &ds),
          "LGBM_DatasetCreateFromMat");
    check(LGBM_DatasetSetField(ds, "label", y.data(), n, C_API_DTYPE_FLOAT32), "label");
    BoosterHandle b = nullptr;
    check(LGBM_BoosterCreate(ds, params, &b), "LGBM_BoosterCreate");
    for (int i = 0; i < kTrees; ++i) {
        int finished = 0;
        check(LGBM_BoosterUpdateOneIter(b, &finished), "LGBM_BoosterUpdateOneIter");
    }
    check(LGBM_BoosterSaveModel(b, 0, -1, C_API_FEATURE_IMPORTANCE_SPLIT, path.c_str()), "LGBM_BoosterSaveModel");
    LGBM_BoosterFree(b);
    LGBM_DatasetFree(ds);
}

struct Models {
    Forest ours;
    BoosterHandle lib = nullptr;
    FastConfigHandle fast = nullptr;
    std::vector<float> rows = make_rows(kRows, 2);
};

Models& models() {
    static Models* m = [] {
        auto* mm = new Models;
        const std::string path = std::string(BENCH_OUTPUT_DIR) + "/model_bench_lgbm_" + std::to_string(kTrees) + ".txt";
        if (!std::filesystem::exists(path)) train(path);
        mm->ours = tradehost::tree_model::load_lightgbm_text(path);
        int iterations = 0;
        check(LGBM_BoosterCreateFromModelfile(path.c_str(), &iterations, &mm->lib), "LGBM_BoosterCreateFromModelfile");
        check(LGBM_BoosterPredictForMatSingleRowFastInit(mm->lib, C_API_PREDICT_NORMAL, 0, -1, C_API_DTYPE_FLOAT32,
                                                         kFeatures, "num_threads=1", &mm->fast),
              "LGBM_BoosterPredictForMatSingleRowFastInit");
        std::vector<float> ours(kRows);
        mm->ours.predict_batch(mm->rows.data(), kRows, ours.data());
        std::vector<double> lib(kRows);
        int64_t len = 0;
        check(LGBM_BoosterPredictForMat(mm->lib, mm->rows.data(), C_API_DTYPE_FLOAT32, kRows, kFeatures, 1,
                                        C_API_PREDICT_NORMAL, 0, -1, "num_threads=1", &len, lib.data()),
              "LGBM_BoosterPredictForMat");
        const double tol = static_cast<double>(mm->ours.roots.size()) * std::ldexp(1.0, -23);
        double worst = 0;
        for (size_t i = 0; i < kRows; ++i) {
            double one = 0;
            check(LGBM_BoosterPredictForMatSingleRowFast(mm->fast, &mm->rows[i * kFeatures], &len, &one),
                  "LGBM_BoosterPredictForMatSingleRowFast");
            const double err = std::max(std::fabs(ours[i] - lib[i]), std::fabs(ours[i] - one));
            worst = std::max(worst, err);
            if (err > tol) {
                std::fprintf(stderr, "model_bench: lightgbm row %zu: ours %.9g, LightGBM %.17g (single %.17g)\n", i,
                             ours[i], lib[i], one);
                std::exit(1);
            }
        }
        std::fprintf(stderr,
                     "model_bench: LightGBM %zu trees (walk depth %u), %zu rows: outputs within %.3g of LightGBM's "
                     "(bound %.3g)\n",
                     mm->ours.roots.size(), mm->ours.depth, kRows, worst, tol);
        return mm;
    }();
    return *m;
}

void Lgbm_SingleRow_Ours(benchmark::State& state) {
    Models& m = models();
    size_t i = 0;
    float out = 0;
    for (auto _ : state) {
        m.ours.predict(&m.rows[(i++ % kRows) * kFeatures], &out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void Lgbm_SingleRow_LightGBM(benchmark::State& state) {
    Models& m = models();
    size_t i = 0;
    double out = 0;
    int64_t len = 0;
    for (auto _ : state) {
        LGBM_BoosterPredictForMatSingleRowFast(m.fast, &m.rows[(i++ % kRows) * kFeatures], &len, &out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void Lgbm_Batch256_Ours(benchmark::State& state) {
    Models& m = models();
    std::vector<float> out(256);
    size_t b = 0;
    for (auto _ : state) {
        m.ours.predict_batch(&m.rows[(b++ % (kRows / 256)) * 256 * kFeatures], 256, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * 256);
}

void Lgbm_Batch256_LightGBM(benchmark::State& state) {
    Models& m = models();
    std::vector<double> out(256);
    int64_t len = 0;
    size_t b = 0;
    for (auto _ : state) {
        LGBM_BoosterPredictForMat(m.lib, &m.rows[(b++ % (kRows / 256)) * 256 * kFeatures], C_API_DTYPE_FLOAT32, 256,
                                  kFeatures, 1, C_API_PREDICT_NORMAL, 0, -1, "num_threads=1", &len, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * 256);
}

}  // namespace

BENCHMARK(Lgbm_SingleRow_Ours);
BENCHMARK(Lgbm_SingleRow_LightGBM);
BENCHMARK(Lgbm_Batch256_Ours);
BENCHMARK(Lgbm_Batch256_LightGBM);
