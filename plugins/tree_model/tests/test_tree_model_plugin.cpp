// The tree_model plugin through the SDK harness: schema checks at create and per event,
// signals and predictions from single rows and batches.
#include "heldout.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

using tradehost::testing::Harness;
using tradehost::testing::Published;
using namespace tree_model_test;

namespace {

const char* kSchema = "x0,x1,x2,x3,x4,x5,x6,x7;v1";

// A th_features event in `buf`: one instrument (ids empty) or a batch.
th_features& features(std::vector<unsigned char>& buf, const std::vector<th_instrument>& ids, const float* values,
                      uint16_t rows, uint16_t cols, const char* schema_text = kSchema) {
    const bool batch = ids.size() != 1;
    buf.assign(th_features_size(rows, cols, batch), 0);
    auto* f = reinterpret_cast<th_features*>(buf.data());
    f->hdr = tradehost::make_event<th_features>(1000).hdr;
    f->hdr.size = th_features_size(rows, cols, batch);
    f->instrument = batch ? 0 : ids[0];
    f->rows = rows;
    f->cols = cols;
    f->schema_hash = th_features_schema_hash(schema_text);
    f->parts = 1;
    tradehost::copy_str(f->schema, "test");
    if (batch) std::memcpy(th_features_instruments_mut(f), ids.data(), ids.size() * sizeof(th_instrument));
    std::memcpy(th_features_values_mut(f), values, static_cast<size_t>(rows) * cols * sizeof(float));
    return *f;
}

std::string create_error(Harness& h) {
    try {
        h.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "created";
}

}  // namespace

TEST(TreeModelPlugin, ASingleRowBecomesASignalCenteredOnHalfForProbabilities) {
    size_t rows = 0, cols = 0;
    const auto x = heldout_matrix(rows, cols);
    const auto want = read_floats("binary.predictions.csv");
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("binary"));
    h.set("output", "both");
    h.create();
    h.start();
    std::vector<unsigned char> buf;
    const th_instrument spy = h.intern("SPY");
    ASSERT_EQ(h.send("features", features(buf, {spy}, x.data() + 3 * cols, 1, 8).hdr), TH_OK) << h.last_error();
    const auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 1u);
    EXPECT_EQ(sig[0].instrument, spy);
    EXPECT_EQ(sig[0].hdr.ts, 1000);
    EXPECT_DOUBLE_EQ(sig[0].value, static_cast<double>(want[3][0]) - 0.5);
    EXPECT_DOUBLE_EQ(sig[0].strength, std::fabs(static_cast<double>(want[3][0]) - 0.5) / 0.5);
    EXPECT_STREQ(sig[0].name, "tree_model");
    const auto pred = h.take_all("predictions");
    ASSERT_EQ(pred.size(), 1u);
    const auto* pf = reinterpret_cast<const th_features*>(pred[0].bytes.data());
    EXPECT_EQ(pf->instrument, spy);
    EXPECT_EQ(pf->schema_hash, th_features_schema_hash("prediction;v1"));
    EXPECT_EQ(th_features_values(pf)[0], want[3][0]);
}

TEST(TreeModelPlugin, ABatchIsScoredInOneCallWithASignalPerInstrument) {
    size_t rows = 0, cols = 0;
    const auto x = heldout_matrix(rows, cols);
    const auto want = read_floats("multi.predictions.csv");
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("multi"));
    h.set_list("class_values", {"-1", "0", "1"});
    h.set("output", "both");
    h.create();
    std::vector<th_instrument> ids;
    for (size_t i = 0; i < 100; ++i) ids.push_back(h.intern("S" + std::to_string(i)));
    std::vector<unsigned char> buf;
    ASSERT_EQ(h.send("features", features(buf, ids, x.data(), 100, 8).hdr), TH_OK) << h.last_error();
    const auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 100u);
    for (size_t r = 0; r < 100; ++r) {
        EXPECT_EQ(sig[r].instrument, ids[r]);
        EXPECT_NEAR(sig[r].value, -want[r][0] + want[r][2], 1e-6);
        EXPECT_FLOAT_EQ(static_cast<float>(sig[r].strength), std::max({want[r][0], want[r][1], want[r][2]}));
    }
    const auto pred = h.take_all("predictions");
    ASSERT_EQ(pred.size(), 1u);
    const auto* pf = reinterpret_cast<const th_features*>(pred[0].bytes.data());
    ASSERT_EQ(pf->rows, 100);
    ASSERT_EQ(pf->cols, 3);
    EXPECT_EQ(th_features_instruments(pf)[42], ids[42]);
    EXPECT_EQ(th_features_values(pf)[42 * 3 + 2], want[42][2]);
    EXPECT_EQ(h.metric("rows"), 100);
}

TEST(TreeModelPlugin, EventsOfAnotherSchemaAreDroppedAndReportedOnce) {
    size_t rows = 0, cols = 0;
    const auto x = heldout_matrix(rows, cols);
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("reg"));
    h.create();
    std::vector<unsigned char> buf;
    const th_instrument a = h.intern("A");
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(h.send("features", features(buf, {a}, x.data(), 1, 8, "x0,x1,x2,x3,x4,x5,x6,x7;v2").hdr), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
    EXPECT_EQ(h.metric("schema_mismatch"), 3);
    size_t warnings = 0;
    for (const auto& l : h.log_lines())
        if (l.find("do not match the model's schema") != std::string::npos &&
            l.find("x0,x1,x2,x3,x4,x5,x6,x7;v1") != std::string::npos)
            ++warnings;
    EXPECT_EQ(warnings, 1u);
    ASSERT_EQ(h.send("features", features(buf, {a}, x.data(), 1, 8).hdr), TH_OK);
    EXPECT_EQ(h.take<th_signal>("signals").size(), 1u);
}

TEST(TreeModelPlugin, AConfigThatDisagreesWithTheModelIsRefusedSayingWhere) {
    Harness wrong(PLUGIN_PATH);
    wrong.set("model", model_path("reg"));
    wrong.set_list("features", {"x0", "x1", "x2", "rsi_14", "x4", "x5", "x6", "x7"});
    EXPECT_NE(create_error(wrong).find("features[3] is 'rsi_14', the model was trained on 'x3'"), std::string::npos);

    Harness count(PLUGIN_PATH);
    count.set("model", model_path("reg"));
    count.set_list("features", {"x0", "x1"});
    EXPECT_NE(create_error(count).find("2 columns, the model takes 8"), std::string::npos);

    Harness classes(PLUGIN_PATH);
    classes.set("model", model_path("multi"));
    EXPECT_NE(create_error(classes).find("class_values: a 3-class model needs one value per class"), std::string::npos);

    Harness missing(PLUGIN_PATH);
    missing.set("model", std::string(TEST_DATA_DIR) + "/no_such_model.json");
    EXPECT_NE(create_error(missing).find("no_such_model.json: cannot open the file"), std::string::npos);
}
