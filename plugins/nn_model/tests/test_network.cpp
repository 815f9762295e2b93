// The Eigen model and the plain reference loop against PyTorch's own outputs on held-out
// inputs (test_data/make_models.py): every layer kind, one input at a time and in batches.
#include "network.hpp"
#include "reference_net.hpp"
#include "test_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace nn_test;

namespace {

constexpr float kTolerance = 1e-5f;  // the bound, absolute; outputs are of order 1

struct Case {
    tradehost::nn::Network net;
    std::vector<float> x;  // every held-out input, flattened
    std::vector<std::vector<float>> want;
};

Case load(const std::string& name) {
    Case c{tradehost::nn::read_weights_file(model_path(name)), {}, read_floats(name + ".outputs.csv")};
    for (const auto& row : read_floats(name + ".inputs.csv")) {
        EXPECT_EQ(row.size(), c.net.sequence_length * c.net.inputs()) << name;
        c.x.insert(c.x.end(), row.begin(), row.end());
    }
    return c;
}

class PyTorchOutputs : public ::testing::TestWithParam<std::string> {};

TEST_P(PyTorchOutputs, EigenEqualsPyTorchOneInputAndBatchesOfEverySize) {
    const Case c = load(GetParam());
    tradehost::nn::Model m(c.net);
    const size_t rows = c.want.size(), per = c.net.sequence_length * c.net.inputs(), outs = m.outputs();
    ASSERT_EQ(rows, 64u);
    ASSERT_EQ(c.want[0].size(), outs);
    for (size_t batch : {size_t{1}, size_t{7}, size_t{64}}) {
        std::vector<float> out(rows * outs);
        for (size_t first = 0; first < rows; first += batch) {
            const size_t n = std::min(batch, rows - first);
            m.predict(c.x.data() + first * per, n, out.data() + first * outs);
        }
        float worst = 0;
        for (size_t r = 0; r < rows; ++r)
            for (size_t k = 0; k < outs; ++k) {
                const float d = std::fabs(out[r * outs + k] - c.want[r][k]);
                worst = std::max(worst, d);
                ASSERT_LE(d, kTolerance) << GetParam() << " batch " << batch << " row " << r << " output " << k
                                         << ": ours " << out[r * outs + k] << ", PyTorch " << c.want[r][k];
            }
        std::ostringstream text;
        text << worst;  // %g: the scale of the differences, not 0.000000
        RecordProperty("max_abs_diff_batch_" + std::to_string(batch), text.str());
    }
}

TEST_P(PyTorchOutputs, ThePlainReferenceLoopEqualsPyTorch) {
    const Case c = load(GetParam());
    const size_t per = c.net.sequence_length * c.net.inputs();
    for (size_t r = 0; r < c.want.size(); ++r) {
        const auto got = nn_reference::predict(c.net, c.x.data() + r * per);
        ASSERT_EQ(got.size(), c.want[r].size());
        for (size_t k = 0; k < got.size(); ++k)
            ASSERT_NEAR(got[k], c.want[r][k], kTolerance) << GetParam() << " row " << r << " output " << k;
    }
}

INSTANTIATE_TEST_SUITE_P(EveryLayerKind, PyTorchOutputs, ::testing::ValuesIn(model_names()),
                         [](const auto& info) { return info.param; });

TEST(NnModel, ABatchRowDoesNotDependOnTheOtherRows) {
    // Row 5 alone and inside a batch of 64 give the same numbers: no state leaks across rows.
    const Case c = load("attention_lstm");
    tradehost::nn::Model m(c.net);
    const size_t per = c.net.sequence_length * c.net.inputs();
    std::vector<float> all(64), one(1);
    m.predict(c.x.data(), 64, all.data());
    m.predict(c.x.data() + 5 * per, 1, one.data());
    EXPECT_NEAR(one[0], all[5], 1e-6);
}

}  // namespace
