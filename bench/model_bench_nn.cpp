// The nn_model plugin's Eigen networks in model_bench: an MLP and an LSTM, one input and a
// universe of 256 per call, beside the plain reference loop (plugins/nn_model/tests/
// reference_net.cpp: scalar loops, one input at a time) on the same inputs in the same run.
// Both networks have random weights (seeded); before timing every input's outputs are
// compared and the run stops if the two disagree by more than 1e-4.
//
// MLP: 32 features -> 128 relu -> 64 relu -> 1 sigmoid. LSTM: 16 steps of 16 features ->
// LSTM(32) -> last step -> 1. libtorch (Debian's libtorch-dev) is not timed here: see
// bench/BENCHMARKS.md, session 10, for why.
#include "network.hpp"
#include "reference_net.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace {

using namespace tradehost::nn;

constexpr size_t kInputs = 1024;  // distinct inputs cycled through

Tensor random_tensor(std::vector<uint32_t> shape, std::mt19937& rng, float scale) {
    Tensor t;
    size_t n = 1;
    for (uint32_t d : shape) n *= d;
    t.shape = std::move(shape);
    std::normal_distribution<float> d(0, scale);
    for (size_t i = 0; i < n; ++i) t.values.push_back(d(rng));
    return t;
}

Layer dense(uint32_t in, uint32_t out, Activation a, std::mt19937& rng) {
    Layer l;
    l.type = LayerType::Dense;
    l.in = in;
    l.out = out;
    l.activation = a;
    l.tensors["weight"] = random_tensor({out, in}, rng, 1.0f / std::sqrt(static_cast<float>(in)));
    l.tensors["bias"] = random_tensor({out}, rng, 0.1f);
    return l;
}

Network mlp() {
    std::mt19937 rng(10);
    Network n;
    for (int i = 0; i < 32; ++i) n.features.push_back("x" + std::to_string(i));
    n.outputs = {"p"};
    n.layers = {dense(32, 128, Activation::Relu, rng), dense(128, 64, Activation::Relu, rng),
                dense(64, 1, Activation::Sigmoid, rng)};
    return n;
}

Network lstm() {
    std::mt19937 rng(11);
    Network n;
    for (int i = 0; i < 16; ++i) n.features.push_back("x" + std::to_string(i));
    n.outputs = {"y"};
    n.sequence_length = 16;
    Layer l;
    l.type = LayerType::Lstm;
    l.in = 16;
    l.out = 32;
    const float s = 1.0f / std::sqrt(32.0f);
    l.tensors["weight_ih"] = random_tensor({128, 16}, rng, s);
    l.tensors["weight_hh"] = random_tensor({128, 32}, rng, s);
    l.tensors["bias_ih"] = random_tensor({128}, rng, s);
    l.tensors["bias_hh"] = random_tensor({128}, rng, s);
    Layer last;
    last.type = LayerType::Last;
    last.in = last.out = 32;
    n.layers = {l, last, dense(32, 1, Activation::Identity, rng)};
    return n;
}

struct Net {
    Network spec;
    Model model;
    std::vector<float> x;  // kInputs inputs
    size_t per;

    explicit Net(Network n) : spec(std::move(n)), model(spec), per(spec.sequence_length * spec.inputs()) {
        std::mt19937 rng(12);
        std::normal_distribution<float> d(0, 1);
        x.resize(kInputs * per);
        for (float& v : x) v = d(rng);
        // The same numbers from both, or no timings.
        std::vector<float> out(kInputs * model.outputs());
        model.predict(x.data(), kInputs, out.data());
        for (size_t i = 0; i < kInputs; ++i) {
            const float ref = nn_reference::predict(spec, &x[i * per])[0];
            if (std::fabs(ref - out[i * model.outputs()]) > 1e-4f) {
                std::fprintf(stderr, "model_bench: input %zu: Eigen %.9g, reference %.9g\n", i, out[i], ref);
                std::exit(1);
            }
        }
    }
};

Net& net(bool sequence) {
    static Net m(mlp());
    static Net l(lstm());
    return sequence ? l : m;
}

void run_eigen(benchmark::State& state, bool sequence, size_t batch) {
    Net& n = net(sequence);
    std::vector<float> out(batch * n.model.outputs());
    size_t i = 0;
    for (auto _ : state) {
        n.model.predict(&n.x[(i++ % (kInputs / batch)) * batch * n.per], batch, out.data());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
}

void run_reference(benchmark::State& state, bool sequence, size_t batch) {
    Net& n = net(sequence);
    size_t i = 0;
    for (auto _ : state) {
        const size_t first = (i++ % (kInputs / batch)) * batch;
        for (size_t r = 0; r < batch; ++r) benchmark::DoNotOptimize(nn_reference::predict(n.spec, &n.x[(first + r) * n.per]));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
}

void Mlp_SingleRow_Eigen(benchmark::State& s) { run_eigen(s, false, 1); }
void Mlp_SingleRow_Reference(benchmark::State& s) { run_reference(s, false, 1); }
void Mlp_Batch256_Eigen(benchmark::State& s) { run_eigen(s, false, 256); }
void Mlp_Batch256_Reference(benchmark::State& s) { run_reference(s, false, 256); }
void Lstm_SingleRow_Eigen(benchmark::State& s) { run_eigen(s, true, 1); }
void Lstm_SingleRow_Reference(benchmark::State& s) { run_reference(s, true, 1); }
void Lstm_Batch256_Eigen(benchmark::State& s) { run_eigen(s, true, 256); }
void Lstm_Batch256_Reference(benchmark::State& s) { run_reference(s, true, 256); }

}  // namespace

BENCHMARK(Mlp_SingleRow_Eigen);
BENCHMARK(Mlp_SingleRow_Reference);
BENCHMARK(Mlp_Batch256_Eigen);
BENCHMARK(Mlp_Batch256_Reference);
BENCHMARK(Lstm_SingleRow_Eigen);
BENCHMARK(Lstm_SingleRow_Reference);
BENCHMARK(Lstm_Batch256_Eigen);
BENCHMARK(Lstm_Batch256_Reference);
