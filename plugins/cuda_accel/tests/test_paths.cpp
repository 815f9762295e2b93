// The paths below the plugin: the CPU path against xgboost's own predictions, the device
// kernels' arithmetic (run by the emulated device) against the CPU path, the MLP reference
// against a hand-computed network, and the dispatcher's split and fault injection.
#include "cpu_path.hpp"
#include "dispatch.hpp"
#include "host_device.hpp"
#include "nn_network.hpp"
#include "tree_data.hpp"
#include "xgboost_json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace tradehost::cuda_accel;
using namespace cuda_accel_test;

namespace {

Model tree(const std::string& name) {
    Model m;
    m.kind = Model::Kind::Tree;
    m.forest = tradehost::tree_model::load_xgboost_json(tree_file(name + ".json"));
    return m;
}

// A 3-4-2 network with every activation, weights chosen so each unit's value is exact.
Model small_mlp() {
    Model m;
    m.kind = Model::Kind::Mlp;
    Layer a{3, 4, {0.5f, -1, 0.25f, 1, 1, 1, -0.5f, 0, 2, 0, 0, -1}, {0.125f, -0.5f, 0, 1}, Activation::Relu};
    Layer b{4, 2, {1, 0.5f, -1, 0.25f, -0.5f, 1, 0.5f, -2}, {0, 0.5f}, Activation::Sigmoid};
    m.mlp.layers = {a, b};
    m.mlp.check();
    return m;
}

// Deterministic rows with some missing values.
std::vector<float> rows_of(size_t n, size_t cols) {
    std::vector<float> x(n * cols);
    uint32_t s = 12345;
    for (auto& v : x) {
        s = s * 1664525u + 1013904223u;
        v = (s >> 8) % 97 == 0 ? NAN : static_cast<float>(static_cast<int>(s >> 8) % 2001 - 1000) / 400.0f;
    }
    return x;
}

std::vector<std::unique_ptr<Device>> host_devices(int n) {
    std::vector<std::unique_ptr<Device>> d;
    for (int i = 0; i < n; ++i) d.push_back(make_host_device(i));
    return d;
}

}  // namespace

TEST(CpuPath, TreeOutputsEqualXgboostsOwnPredictionsOnTheHeldOutRows) {
    size_t n = 0, cols = 0;
    const auto x = heldout(n, cols);
    for (const std::string name : {"reg", "binary", "multi", "multi_softmax"}) {
        const Model m = tree(name);
        const auto want = read_floats(name + ".predictions.csv");
        std::vector<float> out(n * m.outputs());
        cpu_predict(m, x.data(), n, out.data());
        for (size_t r = 0; r < n; ++r)
            for (size_t k = 0; k < m.outputs(); ++k) ASSERT_EQ(out[r * m.outputs() + k], want[r][k]) << name << " row " << r;
    }
}

TEST(DevicePath, TheKernelsGiveTheCpuPathsTreeOutputsWithinTheStatedTolerance) {
    size_t n = 0, cols = 0;
    const auto x = heldout(n, cols);
    for (const std::string name : {"reg", "binary", "multi", "multi_softmax"}) {
        const Model m = tree(name);
        std::vector<float> cpu(n * m.outputs()), dev(n * m.outputs());
        cpu_predict(m, x.data(), n, cpu.data());
        Dispatch d(host_devices(1), 0);
        d.load(m);
        d.run(x.data(), n, cols, m.outputs(), dev.data());
        // Margins are summed in the same order; on the host even expf is the same call, so the
        // emulated kernels agree exactly. The GPU's expf may differ by 2 ulp (README table).
        for (size_t i = 0; i < cpu.size(); ++i) ASSERT_EQ(dev[i], cpu[i]) << name << " value " << i;
    }
}

TEST(CpuPath, TheMlpReferenceMatchesTheNetworkComputedByHand) {
    const Model m = small_mlp();
    const float row[3] = {1, 2, -1};
    // Layer 1: [0.5-2-0.25+0.125, 1+2-1-0.5, -0.5+0-2+0, 0+0+1+1] -> relu -> [0, 1.5, 0, 2]
    // Layer 2: [0+0.75-0+0.5+0, 0+1.5+0-4+0.5] = [1.25, -2] -> sigmoid
    float out[2];
    cpu_predict(m, row, 1, out);
    EXPECT_FLOAT_EQ(out[0], 1.0f / (1.0f + std::exp(-1.25f)));
    EXPECT_FLOAT_EQ(out[1], 1.0f / (1.0f + std::exp(2.0f)));
}

TEST(DevicePath, TheMlpKernelsGiveTheReferencesOutputs) {
    const Model m = small_mlp();
    const size_t n = 1000;
    const auto x = rows_of(n, 3);
    std::vector<float> cpu(n * 2), dev(n * 2);
    cpu_predict(m, x.data(), n, cpu.data());
    Dispatch d(host_devices(3), 0);
    d.load(m);
    d.run(x.data(), n, 3, 2, dev.data());
    for (size_t i = 0; i < cpu.size(); ++i) {
        if (std::isnan(cpu[i])) EXPECT_TRUE(std::isnan(dev[i])) << i;
        else ASSERT_EQ(dev[i], cpu[i]) << i;
    }
}

TEST(DevicePath, ABatchIsSpreadOverTheDevicesInOrderAndSmallOnesStayOnOne) {
    const Model m = tree("binary");
    for (size_t n : {size_t{1}, size_t{255}, size_t{256}, size_t{1000}, size_t{4099}}) {
        const auto x = rows_of(n, 8);
        std::vector<float> cpu(n), dev(n, -1.0f);
        cpu_predict(m, x.data(), n, cpu.data());
        Dispatch d(host_devices(4), 0);
        d.load(m);
        d.run(x.data(), n, 8, 1, dev.data());
        ASSERT_EQ(std::memcmp(cpu.data(), dev.data(), n * sizeof(float)), 0) << n << " rows";
    }
}

TEST(DevicePath, TheFaultInjectionSwitchFailsExactlyTheBatchAfterTheCount) {
    const Model m = tree("reg");
    const auto x = rows_of(10, 8);
    std::vector<float> out(10);
    Dispatch d(host_devices(2), 3);
    d.load(m);
    for (int i = 0; i < 3; ++i) EXPECT_NO_THROW(d.run(x.data(), 10, 8, 1, out.data()));
    try {
        d.run(x.data(), 10, 8, 1, out.data());
        FAIL() << "the fourth batch should fail";
    } catch (const DeviceError& e) {
        EXPECT_NE(std::string(e.what()).find("fault injected after 3 batches"), std::string::npos) << e.what();
    }
}

TEST(Mlp, ShapesThatDoNotChainAreRefusedNamingTheLayer) {
    Model m = small_mlp();
    m.mlp.layers[1].in = 5;
    m.mlp.layers[1].weights.resize(10);
    try {
        m.mlp.check();
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "layer 1 takes 5 inputs, the previous layer gives 4");
    }
}

// nn_model's feed-forward test networks (every activation, a layer norm, a dropout the
// exporter leaves out): the CPU path against PyTorch's own outputs to nn_model's 1e-5, and
// the device kernels (emulated) against the CPU path exactly.
TEST(Mlp, FeedForwardNetworksGivePyTorchsOutputsOnBothPaths) {
    for (const std::string name : {"mlp", "mlp_multi"}) {
        const auto net = tradehost::nn::read_weights_file(nn_file(name + ".thnn"));
        Model m;
        m.kind = Model::Kind::Mlp;
        m.mlp = mlp_from_network(net);
        size_t n = 0, n_out = 0;
        const auto x = nn_rows(name + ".inputs.csv", n);
        const auto want = nn_rows(name + ".outputs.csv", n_out);
        ASSERT_EQ(n, n_out);
        ASSERT_EQ(x.size(), n * m.inputs());
        ASSERT_EQ(want.size(), n * m.outputs());
        std::vector<float> cpu(want.size()), dev(want.size());
        cpu_predict(m, x.data(), n, cpu.data());
        for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(cpu[i], want[i], 1e-5) << name << " value " << i;
        Dispatch d(host_devices(2), 0);
        d.load(m);
        d.run(x.data(), n, m.inputs(), m.outputs(), dev.data());
        EXPECT_EQ(dev, cpu) << name;
    }
}

TEST(Mlp, SequenceNetworksAreLeftToNnModel) {
    const auto net = tradehost::nn::read_weights_file(nn_file("lstm.thnn"));
    try {
        mlp_from_network(net);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cuda_accel runs feed-forward networks (sequence_length 1): use nn_model"),
                  std::string::npos)
            << e.what();
    }
}
