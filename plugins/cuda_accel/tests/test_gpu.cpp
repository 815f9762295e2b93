// The CUDA device path on a real device, against the CPU path on the same batches: skipped
// (with the reason) where the runtime reports no device, as on the build machines.
#include "cpu_path.hpp"
#include "cuda_devices.hpp"
#include "dispatch.hpp"
#include "tree_data.hpp"
#include "xgboost_json.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace tradehost::cuda_accel;
using namespace cuda_accel_test;

namespace {

std::vector<std::unique_ptr<Device>> all_devices(std::string& why) {
    const Inventory inv = cuda_probe();
    std::vector<std::unique_ptr<Device>> d;
    for (const auto& info : inv.devices) d.push_back(make_cuda_device(info));
    why = inv.error;
    return d;
}

}  // namespace

TEST(Gpu, TreeOutputsMatchTheCpuPath) {
    std::string why;
    auto devices = all_devices(why);
    if (devices.empty()) GTEST_SKIP() << "no CUDA device: " << why;
    size_t n = 0, cols = 0;
    const auto x = heldout(n, cols);
    for (const std::string name : {"reg", "binary", "multi", "multi_softmax"}) {
        Model m;
        m.forest = tradehost::tree_model::load_xgboost_json(tree_file(name + ".json"));
        std::vector<float> cpu(n * m.outputs()), dev(n * m.outputs());
        cpu_predict(m, x.data(), n, cpu.data());
        Dispatch d(all_devices(why), 0);
        d.load(m);
        d.run(x.data(), n, cols, m.outputs(), dev.data());
        // README tolerance: margins identical, transforms within 1e-6 absolute (device expf).
        for (size_t i = 0; i < cpu.size(); ++i) ASSERT_NEAR(dev[i], cpu[i], 1e-6) << name << " " << i;
    }
}

TEST(Gpu, MlpOutputsMatchTheCpuPathWithinTheFp32Tolerance) {
    std::string why;
    auto devices = all_devices(why);
    if (devices.empty()) GTEST_SKIP() << "no CUDA device: " << why;
    Model m;
    m.kind = Model::Kind::Mlp;
    uint32_t s = 7;
    auto next = [&] {
        s = s * 1664525u + 1013904223u;
        return static_cast<float>(static_cast<int>(s >> 8) % 2001 - 1000) / 4000.0f;
    };
    const uint32_t dims[] = {64, 256, 256, 1};
    for (int k = 0; k < 3; ++k) {
        Layer l{dims[k], dims[k + 1], {}, {}, k == 2 ? Activation::Sigmoid : Activation::Relu};
        for (size_t i = 0; i < static_cast<size_t>(l.in) * l.out; ++i) l.weights.push_back(next());
        for (uint32_t i = 0; i < l.out; ++i) l.bias.push_back(next());
        m.mlp.layers.push_back(l);
    }
    const size_t n = 4096;
    std::vector<float> x(n * 64), cpu(n), dev(n);
    for (auto& v : x) v = next() * 4;
    cpu_predict(m, x.data(), n, cpu.data());
    Dispatch d(std::move(devices), 0);
    d.load(m);
    d.run(x.data(), n, 64, 1, dev.data());
    for (size_t i = 0; i < n; ++i) ASSERT_NEAR(dev[i], cpu[i], 1e-5) << i;
}
