// The nn_model plugin through the SDK harness: schema checks at create and per event, a
// one-step network on single rows and batches, a sequence network fed step by step.
#include "test_data.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using tradehost::testing::Harness;
using namespace nn_test;

namespace {

const char* kSchema = "f0,f1,f2,f3,f4,f5;v1";

// A th_features event in `buf`: one instrument (ids of size 1) or a batch.
th_features& features(std::vector<unsigned char>& buf, const std::vector<th_instrument>& ids,
                       const std::vector<float>& values, const char* schema_text = kSchema) {
    const bool batch = ids.size() != 1;
    const auto rows = static_cast<uint16_t>(ids.size());
    const uint16_t cols = 6;
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
    std::memcpy(th_features_values_mut(f), values.data(), values.size() * sizeof(float));
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

TEST(NnModelPlugin, ASingleRowBecomesASignalAndAPrediction) {
    const auto x = read_floats("mlp.inputs.csv");
    const auto want = read_floats("mlp.outputs.csv");
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("mlp"));
    h.set("output", "both");
    h.set("center", "0.25");
    h.set("scale", "2");
    h.create();
    h.start();
    std::vector<unsigned char> buf;
    const th_instrument spy = h.intern("SPY");
    ASSERT_EQ(h.send("features", features(buf, {spy}, x[3]).hdr), TH_OK) << h.last_error();
    const auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 1u);
    EXPECT_EQ(sig[0].instrument, spy);
    EXPECT_EQ(sig[0].hdr.ts, 1000);
    EXPECT_NEAR(sig[0].value, want[3][0] - 0.25, 1e-5);
    EXPECT_NEAR(sig[0].strength, std::min(1.0, std::fabs(want[3][0] - 0.25) / 2), 1e-5);
    EXPECT_STREQ(sig[0].name, "nn_model");
    const auto pred = h.take_all("predictions");
    ASSERT_EQ(pred.size(), 1u);
    const auto* pf = reinterpret_cast<const th_features*>(pred[0].bytes.data());
    EXPECT_EQ(pf->instrument, spy);
    EXPECT_EQ(pf->schema_hash, th_features_schema_hash("prediction;v1"));
    EXPECT_NEAR(th_features_values(pf)[0], want[3][0], 1e-5);
}

TEST(NnModelPlugin, AUniverseIsScoredInOneCallWithTheChosenOutput) {
    const auto x = read_floats("mlp_multi.inputs.csv");
    const auto want = read_floats("mlp_multi.outputs.csv");
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("mlp_multi"));
    h.set("signal_output", "p2");
    h.set("center", "0.5");
    h.set("output", "both");
    h.create();
    std::vector<th_instrument> ids;
    std::vector<float> values;
    for (size_t i = 0; i < 64; ++i) {
        ids.push_back(h.intern("S" + std::to_string(i)));
        values.insert(values.end(), x[i].begin(), x[i].end());
    }
    std::vector<unsigned char> buf;
    ASSERT_EQ(h.send("features", features(buf, ids, values).hdr), TH_OK) << h.last_error();
    const auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 64u);
    for (size_t r = 0; r < 64; ++r) {
        EXPECT_EQ(sig[r].instrument, ids[r]);
        EXPECT_NEAR(sig[r].value, want[r][2] - 0.5, 1e-5) << r;
    }
    const auto pred = h.take_all("predictions");
    ASSERT_EQ(pred.size(), 1u);
    const auto* pf = reinterpret_cast<const th_features*>(pred[0].bytes.data());
    ASSERT_EQ(pf->rows, 64);
    ASSERT_EQ(pf->cols, 3);
    EXPECT_EQ(pf->schema_hash, th_features_schema_hash("p0,p1,p2;v1"));
    EXPECT_EQ(th_features_instruments(pf)[42], ids[42]);
    EXPECT_NEAR(th_features_values(pf)[42 * 3 + 1], want[42][1], 1e-5);
    EXPECT_EQ(h.metric("rows"), 64);
}

TEST(NnModelPlugin, ASequenceNetworkScoresEachInstrumentOnItsLastStepsOnceItHasThem) {
    // 16 instruments; event t carries step t of each one's held-out input. After 8 events
    // (the model's sequence_length) each instrument's window is its whole input.
    const auto x = read_floats("gru.inputs.csv");
    const auto want = read_floats("gru.outputs.csv");
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("gru"));
    h.create();
    std::vector<th_instrument> ids;
    for (size_t i = 0; i < 16; ++i) ids.push_back(h.intern("S" + std::to_string(i)));
    std::vector<unsigned char> buf;
    // A row before the window: pushed first, so the window after 9 events is steps 0..7.
    std::vector<float> extra(16 * 6, 9.0f);
    ASSERT_EQ(h.send("features", features(buf, ids, extra).hdr), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
    for (size_t t = 0; t < 8; ++t) {
        std::vector<float> values;
        for (size_t i = 0; i < 16; ++i) values.insert(values.end(), x[i].begin() + t * 6, x[i].begin() + (t + 1) * 6);
        ASSERT_EQ(h.send("features", features(buf, ids, values).hdr), TH_OK) << h.last_error();
        const auto sig = h.take<th_signal>("signals");
        if (t < 6) {
            EXPECT_TRUE(sig.empty()) << t;
            continue;
        }
        ASSERT_EQ(sig.size(), 16u);
        if (t == 7) {  // the window is exactly the held-out input: the oldest (extra) row dropped
            for (size_t i = 0; i < 16; ++i) EXPECT_NEAR(sig[i].value, want[i][0], 1e-5) << i;
        }
    }
    EXPECT_EQ(h.metric("warming_up"), 16 * 7);
    EXPECT_EQ(h.metric("rows"), 32);
}

TEST(NnModelPlugin, RowsWithMissingValuesAreSkippedAndCounted) {
    const auto x = read_floats("mlp.inputs.csv");
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("mlp"));
    h.create();
    const th_instrument a = h.intern("A"), b = h.intern("B");
    std::vector<float> values = x[0];
    values.insert(values.end(), x[1].begin(), x[1].end());
    values[8] = NAN;  // B's third feature is still warming up
    std::vector<unsigned char> buf;
    ASSERT_EQ(h.send("features", features(buf, {a, b}, values).hdr), TH_OK);
    const auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 1u);
    EXPECT_EQ(sig[0].instrument, a);
    EXPECT_EQ(h.metric("non_finite_inputs"), 1);
}

TEST(NnModelPlugin, EventsOfAnotherSchemaAreDroppedAndReportedOnce) {
    const auto x = read_floats("mlp.inputs.csv");
    Harness h(PLUGIN_PATH);
    h.set("model", model_path("mlp"));
    h.create();
    std::vector<unsigned char> buf;
    const th_instrument a = h.intern("A");
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(h.send("features", features(buf, {a}, x[0], "f0,f1,f2,f3,f4,f5;v2").hdr), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
    EXPECT_EQ(h.metric("schema_mismatch"), 3);
    size_t warnings = 0;
    for (const auto& l : h.log_lines())
        if (l.find("do not match the model's schema") != std::string::npos && l.find(kSchema) != std::string::npos)
            ++warnings;
    EXPECT_EQ(warnings, 1u);
    ASSERT_EQ(h.send("features", features(buf, {a}, x[0]).hdr), TH_OK);
    EXPECT_EQ(h.take<th_signal>("signals").size(), 1u);
}

TEST(NnModelPlugin, AConfigThatDisagreesWithTheModelIsRefusedSayingWhere) {
    Harness wrong(PLUGIN_PATH);
    wrong.set("model", model_path("mlp"));
    wrong.set_list("features", {"f0", "f1", "f2", "rsi_14", "f4", "f5"});
    EXPECT_NE(create_error(wrong).find("features[3] is 'rsi_14', the model was trained on 'f3'"), std::string::npos);

    Harness count(PLUGIN_PATH);
    count.set("model", model_path("mlp"));
    count.set_list("features", {"f0", "f1"});
    EXPECT_NE(create_error(count).find("2 columns, the model takes 6"), std::string::npos);

    Harness version(PLUGIN_PATH);
    version.set("model", model_path("mlp"));
    version.set("schema_version", "2");
    EXPECT_NE(create_error(version).find("schema_version: 2, the model was trained on version 1"), std::string::npos);

    Harness output(PLUGIN_PATH);
    output.set("model", model_path("mlp_multi"));
    output.set("signal_output", "p7");
    EXPECT_NE(create_error(output).find("signal_output: 'p7' is not one of the model's outputs (p0,p1,p2)"),
              std::string::npos);

    Harness missing(PLUGIN_PATH);
    missing.set("model", std::string(TEST_DATA_DIR) + "/no_such_model.thnn");
    EXPECT_NE(create_error(missing).find("model: " + std::string(TEST_DATA_DIR) + "/no_such_model.thnn: cannot open the file"),
              std::string::npos);
}

}  // namespace

namespace {

// Step t of each of `n` instruments' held-out GRU inputs, as one batch event.
std::vector<float> step(const std::vector<std::vector<float>>& x, size_t n, size_t t) {
    std::vector<float> values;
    for (size_t i = 0; i < n; ++i) values.insert(values.end(), x[i].begin() + t * 6, x[i].begin() + (t + 1) * 6);
    return values;
}

TEST(NnModelPlugin, AHotReloadHandsTheWindowsOverSoNothingWarmsUpAgain) {
    const auto x = read_floats("gru.inputs.csv");
    const auto want = read_floats("gru.outputs.csv");
    std::vector<unsigned char> buf;
    Harness before(PLUGIN_PATH);
    before.set("model", model_path("gru"));
    before.create();
    std::vector<th_instrument> ids;
    for (size_t i = 0; i < 4; ++i) ids.push_back(before.intern("S" + std::to_string(i)));
    for (size_t t = 0; t < 5; ++t) ASSERT_EQ(before.send("features", features(buf, ids, step(x, 4, t)).hdr), TH_OK);
    EXPECT_TRUE(before.take<th_signal>("signals").empty());
    const std::string snap = before.snapshot();

    // Steps 5..7 after the reload complete each window: the outputs are PyTorch's for the whole input.
    Harness after(PLUGIN_PATH);
    after.set("model", model_path("gru"));
    after.create();
    after.restore(snap);
    std::vector<th_instrument> ids2;
    for (size_t i = 0; i < 4; ++i) ids2.push_back(after.intern("S" + std::to_string(i)));
    for (size_t t = 5; t < 8; ++t) ASSERT_EQ(after.send("features", features(buf, ids2, step(x, 4, t)).hdr), TH_OK);
    const auto sig = after.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(sig[i].instrument, ids2[i]);
        EXPECT_NEAR(sig[i].value, want[i][0], 1e-5) << i;
    }

    // Windows of another length (here the MLP's single row) start cold and say so; a damaged
    // snapshot is refused. (The windows are feature rows: another network of the same schema
    // and length takes them as they are.)
    Harness other(PLUGIN_PATH);
    other.set("model", model_path("mlp"));
    other.create();
    other.restore(snap);
    bool warned = false;
    for (const auto& l : other.log_lines()) warned = warned || l.find("the windows start again") != std::string::npos;
    EXPECT_TRUE(warned);
    Harness damaged(PLUGIN_PATH);
    damaged.set("model", model_path("gru"));
    damaged.create();
    try {
        damaged.restore(snap.substr(0, snap.size() - 40));
        ADD_FAILURE() << "a cut snapshot was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("nn_model snapshot: rows of S"), std::string::npos) << e.what();
    }
}

}  // namespace
