// A LightGBM text model through the plugin: picked by its .txt name or by format:, a batch of
// held-out rows scored in one call, outputs those of the forest the loader builds.
#include "heldout.hpp"
#include "lightgbm_text.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

using tradehost::testing::Harness;
using namespace tree_model_test;

namespace {

const std::string kDir = std::string(TEST_DATA_DIR) + "/lightgbm/";

std::string create_error(Harness& h) {
    try {
        h.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "created";
}

}  // namespace

TEST(TreeModelPluginLightgbm, ABatchOfHeldOutRowsIsScoredAsTheForestScoresIt) {
    const auto rows_in = read_floats("lightgbm/heldout_multi.csv");
    const auto want = read_floats("lightgbm/multi.predictions.csv");
    const size_t rows = 100, cols = 5;
    std::vector<float> x;
    for (size_t r = 0; r < rows; ++r) x.insert(x.end(), rows_in[r].begin(), rows_in[r].end());
    const auto forest = tradehost::tree_model::load_lightgbm_text(kDir + "multi.txt");
    std::vector<float> direct(rows * 3);
    forest.predict_batch(x.data(), rows, direct.data());

    Harness h(PLUGIN_PATH);
    h.set("model", kDir + "multi.txt");  // format: auto, by the .txt
    h.set_list("class_values", {"-1", "0", "1"});
    h.set("output", "predictions");
    h.create();
    std::vector<th_instrument> ids;
    for (size_t i = 0; i < rows; ++i) ids.push_back(h.intern("S" + std::to_string(i)));
    std::vector<unsigned char> buf(th_features_size(rows, cols, true), 0);
    auto* f = reinterpret_cast<th_features*>(buf.data());
    f->hdr = tradehost::make_event<th_features>(1000).hdr;
    f->hdr.size = static_cast<uint32_t>(buf.size());
    f->rows = rows;
    f->cols = cols;
    // Without `features:` the model's own names are the schema.
    f->schema_hash = th_features_schema_hash("Column_0,Column_1,Column_2,Column_3,Column_4;v1");
    f->parts = 1;
    std::memcpy(th_features_instruments_mut(f), ids.data(), ids.size() * sizeof(th_instrument));
    std::memcpy(th_features_values_mut(f), x.data(), x.size() * sizeof(float));
    ASSERT_EQ(h.send("features", f->hdr), TH_OK) << h.last_error();
    const auto pred = h.take_all("predictions");
    ASSERT_EQ(pred.size(), 1u);
    const auto* pf = reinterpret_cast<const th_features*>(pred[0].bytes.data());
    ASSERT_EQ(pf->rows, rows);
    ASSERT_EQ(pf->cols, 3);
    for (size_t i = 0; i < rows * 3; ++i) {
        ASSERT_EQ(th_features_values(pf)[i], direct[i]) << i;
        EXPECT_NEAR(th_features_values(pf)[i], want[i / 3][i % 3], 1e-6) << i;  // and LightGBM's
    }
    EXPECT_EQ(h.metric("rows"), static_cast<int64_t>(rows));
}

TEST(TreeModelPluginLightgbm, FormatPicksTheParserWhateverTheName) {
    const auto copy = std::filesystem::temp_directory_path() / "th_tree_model_lgbm_model.bin";
    std::filesystem::copy_file(kDir + "reg.txt", copy, std::filesystem::copy_options::overwrite_existing);
    Harness unknown(PLUGIN_PATH);
    unknown.set("model", copy.string());
    EXPECT_NE(create_error(unknown).find("cannot tell the format from the name; set format: xgboost_json or lightgbm_text"),
              std::string::npos);
    Harness named(PLUGIN_PATH);
    named.set("model", copy.string());
    named.set("format", "lightgbm_text");
    EXPECT_EQ(create_error(named), "created");
    Harness wrong(PLUGIN_PATH);
    wrong.set("model", copy.string());
    wrong.set("format", "xgboost_json");  // a text model read as JSON is refused, not misread
    EXPECT_NE(create_error(wrong).find("not a usable XGBoost JSON model"), std::string::npos);
    Harness bad(PLUGIN_PATH);
    bad.set("model", copy.string());
    bad.set("format", "onnx");
    EXPECT_NE(create_error(bad).find("format: 'onnx' is not supported (auto, xgboost_json or lightgbm_text)"),
              std::string::npos);
    std::filesystem::remove(copy);
}
