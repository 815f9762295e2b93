// The weights file reader: what it reads from the test models, and every malformed file
// refused with the place and the reason (docs/nn-weights-format.md).
#include "test_data.hpp"
#include "weights_file.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace nn_test;
using nlohmann::json;
using tradehost::nn::LayerType;

namespace {

// A file taken apart into its header and blob, and put back together after an edit.
struct Parts {
    json header;
    std::string blob;

    explicit Parts(const std::string& bytes) {
        uint64_t len = 0;
        std::memcpy(&len, bytes.data() + 8, 8);
        header = json::parse(bytes.substr(16, len));
        blob = bytes.substr((16 + len + 63) / 64 * 64);
    }
    std::string bytes() const {
        const std::string text = header.dump();
        std::string out = "THNNWTS1";
        const uint64_t len = text.size();
        out.append(reinterpret_cast<const char*>(&len), 8);
        out += text;
        out.append((64 - out.size() % 64) % 64, '\0');
        return out + blob;
    }
};

std::string refusal(const std::string& bytes) {
    try {
        tradehost::nn::parse_weights(bytes, "m.thnn");
    } catch (const tradehost::nn::WeightsFileError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(WeightsFile, ReadsTheLayersNamesAndTensorsPyTorchWrote) {
    const auto net = tradehost::nn::read_weights_file(model_path("attention_lstm"));
    EXPECT_EQ(net.features, (std::vector<std::string>{"f0", "f1", "f2", "f3", "f4", "f5"}));
    EXPECT_EQ(net.outputs, std::vector<std::string>{"prediction"});
    EXPECT_EQ(net.sequence_length, 8u);
    EXPECT_EQ(net.schema_version, 1);
    ASSERT_EQ(net.layers.size(), 5u);
    EXPECT_EQ(net.layers[0].type, LayerType::Lstm);
    EXPECT_EQ(net.layers[0].tensor("weight_ih").shape, (std::vector<uint32_t>{64, 6}));
    EXPECT_EQ(net.layers[1].type, LayerType::Attention);
    EXPECT_EQ(net.layers[1].heads, 2u);
    EXPECT_TRUE(net.layers[1].norm_first);
    EXPECT_TRUE(net.layers[1].causal);
    EXPECT_EQ(net.layers[3].type, LayerType::Mean);
    EXPECT_EQ(net.layers[4].tensor("weight").values.size(), 16u);

    const auto mlp = tradehost::nn::read_weights_file(model_path("mlp"));
    EXPECT_EQ(mlp.layers[0].activation, tradehost::nn::Activation::Relu);  // Linear + ReLU fused
    EXPECT_EQ(mlp.layers[2].activation, tradehost::nn::Activation::Gelu);
}

TEST(WeightsFile, TheBlobIsReadBitForBit) {
    // The first weight of the first layer is the blob's first four bytes, unchanged.
    const std::string bytes = read_bytes(model_path("mlp"));
    const Parts p(bytes);
    const auto net = tradehost::nn::parse_weights(bytes, "mlp");
    const auto& w = net.layers[0].tensor("weight");
    const size_t off = p.header["layers"][0]["weight"]["offset"].get<size_t>();
    float first = 0;
    std::memcpy(&first, p.blob.data() + off, 4);
    EXPECT_EQ(std::memcmp(&w.values[0], &first, 4), 0);
}

TEST(WeightsFile, MalformedFilesAreRefusedSayingWhereAndWhat) {
    const std::string good = read_bytes(model_path("lstm"));
    EXPECT_NE(refusal("not a model").find("m.thnn: not a tradehost-nn weights file"), std::string::npos);
    EXPECT_NE(refusal(good.substr(0, good.size() - 4)).find("the header says"), std::string::npos);
    EXPECT_NE(refusal(good + "x").find("the header says"), std::string::npos);
    std::string long_header = good;
    const uint64_t huge = 1ull << 40;
    std::memcpy(long_header.data() + 8, &huge, 8);
    EXPECT_NE(refusal(long_header).find("runs past the end"), std::string::npos);

    auto edited = [&](auto edit) {
        Parts p(good);
        edit(p);
        return refusal(p.bytes());
    };
    EXPECT_NE(edited([](Parts& p) { p.header["version"] = 2; }).find("version 2, this reader reads version 1"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["layers"][0]["weight_hh"]["shape"] = {64, 15}; })
                  .find("layers[0] (lstm): tensor 'weight_hh' has shape [64, 15], the layer needs [64, 16]"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["layers"][0]["in"] = 5; })
                  .find("layers[0] (lstm): takes 5 inputs per step, the layer before gives 6"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["layers"][2]["bias"]["offset"] = p.blob.size(); })
                  .find("layers[2] (dense): tensor 'bias' at byte"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) {
                  const float nan = NAN;
                  std::memcpy(p.blob.data(), &nan, 4);
              }).find("layers[0] (lstm): tensor 'weight_ih' value 0 is not finite"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["layers"].erase(1); }).find("end with a 'last' or 'mean' layer"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["outputs"] = {"a", "b"}; })
                  .find("the last layer gives 1 values, 'outputs' names 2"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["layers"][0]["type"] = "transformer"; })
                  .find("layers[0] (transformer): type 'transformer' is not a layer of format version 1"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["layers"][2]["activation"] = "swish"; })
                  .find("activation 'swish' is not one of"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header["features"] = json::array(); }).find("'features' must be a non-empty list"),
              std::string::npos);
    EXPECT_NE(edited([](Parts& p) { p.header.erase("layers"); }).find("'layers' is empty"), std::string::npos);

    const std::string attn = read_bytes(model_path("attention"));
    Parts p(attn);
    p.header["layers"][1]["heads"] = 3;
    EXPECT_NE(refusal(p.bytes()).find("layers[1] (attention): size 16 is not a multiple of heads 3"), std::string::npos);
    EXPECT_NE(refusal(attn).find("accepted"), std::string::npos);
}

TEST(WeightsFile, AMissingFileIsNamed) {
    EXPECT_THROW(
        {
            try {
                tradehost::nn::read_weights_file("/nonexistent/x.thnn");
            } catch (const tradehost::nn::WeightsFileError& e) {
                EXPECT_STREQ(e.what(), "/nonexistent/x.thnn: cannot open the file");
                throw;
            }
        },
        tradehost::nn::WeightsFileError);
}

}  // namespace
