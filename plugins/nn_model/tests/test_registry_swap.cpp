// nn_model with a model registry: the promoted version at create, a promotion under a
// running feed (no event lost, each scored by exactly one version), and automatic rollback
// when a promoted version fails validation (checksum, load error, schema or window length,
// non-finite or out-of-range outputs on the canary batch), saying why on log, status and
// metrics.
#include "registry/model_registry.hpp"
#include "test_data.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using tradehost::models::Manifest;
using tradehost::models::ModelRegistry;
using tradehost::testing::Harness;
using namespace nn_test;

namespace {

constexpr int64_t kPoll = 1'000'000'000;
constexpr size_t kInstruments = 16, kCols = 6, kSteps = 8;
const char* kSchema = "f0,f1,f2,f3,f4,f5;v1";

class NnRegistry : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (std::filesystem::temp_directory_path() / "th-nn-registry-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        reg_ = std::make_unique<ModelRegistry>(dir_ + "/registry");
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // Registers the bytes as the next version of "seq", a thnn file of kSchema.
    int64_t add_bytes(const std::string& bytes, int64_t window = kSteps, const std::string& schema = kSchema,
                      double lo = -1e30, double hi = 1e30) {
        Manifest m;
        m.name = "seq";
        m.format = "thnn";
        m.features = {"f0", "f1", "f2", "f3", "f4", "f5"};
        m.schema_text = schema;
        m.window_length = window;
        m.output_min = lo;
        m.output_max = hi;
        const std::string copy = dir_ + "/model.thnn";
        std::ofstream(copy, std::ios::binary | std::ios::trunc) << bytes;
        return reg_->add(m, copy);
    }
    int64_t add(const std::string& model, int64_t window = kSteps, const std::string& schema = kSchema) {
        return add_bytes(read_bytes(model_path(model)), window, schema);
    }

    void configure(Harness& h) {
        h.set("registry", dir_ + "/registry");
        h.set("model_name", "seq");
        h.set("registry_poll", "1s");
    }

    // One event: step t of every instrument's held-out input in `x`.
    th_status send_step(Harness& h, const std::vector<std::vector<float>>& x, size_t t) {
        std::vector<th_instrument> ids;
        for (size_t i = 0; i < kInstruments; ++i) ids.push_back(h.intern("S" + std::to_string(i)));
        buf_.assign(th_features_size(kInstruments, kCols, true), 0);
        auto* f = reinterpret_cast<th_features*>(buf_.data());
        f->hdr = tradehost::make_event<th_features>(static_cast<th_time_ns>(1000 + t)).hdr;
        f->hdr.size = th_features_size(kInstruments, kCols, true);
        f->rows = kInstruments;
        f->cols = kCols;
        f->parts = 1;
        f->schema_hash = th_features_schema_hash(kSchema);
        std::memcpy(th_features_instruments_mut(f), ids.data(), ids.size() * sizeof(th_instrument));
        float* v = th_features_values_mut(f);
        for (size_t i = 0; i < kInstruments; ++i) std::memcpy(v + i * kCols, x[i].data() + (t % kSteps) * kCols, kCols * sizeof(float));
        return h.send("features", f->hdr);
    }

    static std::string status_text(Harness& h) {
        std::string all;
        for (const auto& s : h.take<th_venue_status>("status")) all += std::string(s.text) + "\n";
        return all;
    }
    static std::string log_text(Harness& h) {
        std::string all;
        for (const auto& l : h.log_lines()) all += l + "\n";
        return all;
    }

    // Runs a feed on v1 (lstm), promotes the version given, polls, and checks v1 stays in
    // service, still scoring every event, and the registry is rolled back with the reason.
    // by_hand: the pointer written as a stale operator step would (promote() verifies first).
    void expect_refused(int64_t bad, const std::string& why, bool by_hand = false) {
        reg_->promote("seq", 1);
        Harness h(PLUGIN_PATH);
        configure(h);
        h.create();
        h.start();
        const auto x = read_floats("lstm.inputs.csv");
        const auto want = read_floats("lstm.outputs.csv");
        for (size_t t = 0; t < kSteps; ++t) ASSERT_EQ(send_step(h, x, t), TH_OK) << h.last_error();
        h.take<th_signal>("signals");
        if (by_hand)
            std::ofstream(dir_ + "/registry/seq/promoted", std::ios::app) << bad << "\n";
        else
            reg_->promote("seq", bad);
        h.advance(kPoll);
        h.advance(kPoll);  // a second poll does not try it again
        EXPECT_EQ(h.metric("registry_refusals"), 1);
        EXPECT_EQ(h.metric("registry_swaps"), 0);
        EXPECT_EQ(reg_->promoted("seq"), std::optional<int64_t>(1));
        const std::string status = status_text(h);
        EXPECT_NE(status.find("seq v" + std::to_string(bad) + " refused, v1 stays in service"), std::string::npos) << status;
        const std::string log = log_text(h);  // the status text is short; the log has the whole reason
        EXPECT_NE(log.find(why), std::string::npos) << log;
        EXPECT_NE(log.find("the registry is rolled back"), std::string::npos) << log;
        for (const auto& v : reg_->list("seq"))
            if (v.manifest.version == bad) {
                EXPECT_NE(v.refused.find(why), std::string::npos) << v.refused;
            }
        // v1 still scores: the window after 8 more steps is the held-out input again.
        for (size_t t = 0; t < kSteps; ++t) ASSERT_EQ(send_step(h, x, t), TH_OK) << h.last_error();
        const auto sig = h.take<th_signal>("signals");
        ASSERT_EQ(sig.size(), kSteps * kInstruments);
        for (size_t i = 0; i < kInstruments; ++i)
            EXPECT_NEAR(sig[(kSteps - 1) * kInstruments + i].value, want[i][0], 1e-5) << i;
    }

    std::string dir_;
    std::unique_ptr<ModelRegistry> reg_;
    std::vector<unsigned char> buf_;
};

}  // namespace

TEST_F(NnRegistry, APromotionUnderARunningFeedSwapsWithoutLosingAnEvent) {
    add("lstm");
    add("gru");
    reg_->promote("seq", 1);
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    const auto lx = read_floats("lstm.inputs.csv"), lw = read_floats("lstm.outputs.csv");
    const auto gx = read_floats("gru.inputs.csv"), gw = read_floats("gru.outputs.csv");
    for (size_t t = 0; t < kSteps; ++t) {
        h.advance(kPoll);  // polls that find nothing new
        ASSERT_EQ(send_step(h, lx, t), TH_OK) << h.last_error();
    }
    auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), kInstruments);  // only the 8th event completes the windows
    for (size_t i = 0; i < kInstruments; ++i) EXPECT_NEAR(sig[i].value, lw[i][0], 1e-5) << i;

    reg_->promote("seq", 2);
    h.advance(kPoll);  // the poll: between two events, as the host calls it
    EXPECT_NE(status_text(h).find("model seq v2 in service (was v1)"), std::string::npos);
    // The windows carry over (same features, same length): every event is scored at once, by v2.
    for (size_t t = 0; t < kSteps; ++t) {
        ASSERT_EQ(send_step(h, gx, t), TH_OK) << h.last_error();
        sig = h.take<th_signal>("signals");
        ASSERT_EQ(sig.size(), kInstruments) << t;
    }
    for (size_t i = 0; i < kInstruments; ++i) EXPECT_NEAR(sig[i].value, gw[i][0], 1e-5) << i;
    EXPECT_EQ(h.metric("rows"), static_cast<int64_t>(9 * kInstruments));
    EXPECT_EQ(h.metric("registry_swaps"), 1);
    EXPECT_EQ(h.metric("registry_refusals"), 0);
}

TEST_F(NnRegistry, AnotherSequenceLengthStartsItsWindowsAgain) {
    add("lstm");
    add("mlp", 1);
    reg_->promote("seq", 1);
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    const auto x = read_floats("lstm.inputs.csv");
    for (size_t t = 0; t < kSteps; ++t) ASSERT_EQ(send_step(h, x, t), TH_OK) << h.last_error();
    EXPECT_EQ(h.take<th_signal>("signals").size(), kInstruments);
    reg_->promote("seq", 2);
    h.advance(kPoll);
    EXPECT_EQ(h.metric("registry_swaps"), 1);
    EXPECT_NE(log_text(h).find("warm up again"), std::string::npos);
    ASSERT_EQ(send_step(h, x, 0), TH_OK) << h.last_error();
    EXPECT_EQ(h.take<th_signal>("signals").size(), kInstruments);  // one step is a whole input
}

TEST_F(NnRegistry, AChecksumMismatchIsRefusedAndRolledBack) {
    add("lstm");
    const int64_t bad = add("gru");
    // The file changes after registration: its SHA-256 no longer matches the manifest.
    std::ofstream(reg_->version_dir("seq", bad) + "/model.thnn", std::ios::binary | std::ios::app) << "x";
    expect_refused(bad, "checksum mismatch", true);
}

TEST_F(NnRegistry, AFileThatDoesNotLoadIsRefused) {
    add("lstm");
    expect_refused(add_bytes("THNNWTS1 not a weights file"), "registry: seq v2: model:");
}

TEST_F(NnRegistry, ASchemaOrWindowLengthOtherThanTheManifestsIsRefused) {
    add("lstm");
    const int64_t schema = add("gru", kSteps, "f0,f1,f2,f3,f4,f5;v2");
    const int64_t window = add("gru", 4);
    expect_refused(schema, "the manifest's schema 'f0,f1,f2,f3,f4,f5;v2' is not the weights file's");
    TearDown();
    SetUp();
    add("lstm");
    add("gru", kSteps, "f0,f1,f2,f3,f4,f5;v2");
    ASSERT_EQ(add("gru", 4), window);
    expect_refused(window, "window_length 4 is not the network's 8 steps");
}

TEST_F(NnRegistry, OutputsOutsideTheManifestsRangeOnTheCanaryAreRefused) {
    add("lstm");
    expect_refused(add_bytes(read_bytes(model_path("gru")), kSteps, kSchema, 100, 200), "outside the manifest's range");
}

TEST_F(NnRegistry, NonFiniteOutputsOnTheCanaryAreRefused) {
    add("lstm");
    // Finite weights (the file loads) so large that the output overflows to infinity: every
    // float of the blob set to 3e38.
    // (An LSTM: its gates saturate and its output sums hidden units times 3e38.)
    std::string bytes = read_bytes(model_path("lstm"));
    uint64_t header = 0;
    std::memcpy(&header, bytes.data() + 8, sizeof header);
    const size_t blob = (16 + header + 63) / 64 * 64;
    const float big = 3e38f;
    for (size_t at = blob; at + 4 <= bytes.size(); at += 4) std::memcpy(bytes.data() + at, &big, 4);
    expect_refused(add_bytes(bytes), "non-finite output");
}

TEST_F(NnRegistry, ABadPromotedVersionAtStartFallsBackToTheOneBefore) {
    add("lstm");
    const int64_t bad = add_bytes(read_bytes(model_path("gru")), kSteps, kSchema, 100, 200);
    reg_->promote("seq", 1);
    reg_->promote("seq", bad);
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    EXPECT_EQ(reg_->promoted("seq"), std::optional<int64_t>(1));
    EXPECT_EQ(h.metric("registry_refusals"), 1);
    EXPECT_NE(log_text(h).find("seq v2 refused: canary row 0"), std::string::npos) << log_text(h);
    const auto x = read_floats("lstm.inputs.csv"), want = read_floats("lstm.outputs.csv");
    for (size_t t = 0; t < kSteps; ++t) ASSERT_EQ(send_step(h, x, t), TH_OK) << h.last_error();
    const auto sig = h.take<th_signal>("signals");
    ASSERT_EQ(sig.size(), kInstruments);
    EXPECT_NEAR(sig[3].value, want[3][0], 1e-5);
}

TEST_F(NnRegistry, NothingPromotedOrEveryVersionRefusedIsAClearCreateError) {
    add_bytes("THNNWTS1 not a weights file");
    Harness none(PLUGIN_PATH);
    configure(none);
    try {
        none.create();
        ADD_FAILURE() << "created with nothing promoted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("no promoted version of 'seq'"), std::string::npos) << e.what();
    }
    reg_->promote("seq", 1);
    Harness all(PLUGIN_PATH);
    configure(all);
    try {
        all.create();
        ADD_FAILURE() << "created with its only version unloadable";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("every promoted version of 'seq' was refused"), std::string::npos) << e.what();
    }
    Harness both(PLUGIN_PATH);
    configure(both);
    both.set("model", model_path("lstm"));
    try {
        both.create();
        ADD_FAILURE() << "created with model: and registry:";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("either model: or registry:"), std::string::npos) << e.what();
    }
}

TEST_F(NnRegistry, ARefusedVersionIsTriedAgainOnlyWhenPromotedAgain) {
    add("lstm");
    const int64_t bad = add_bytes(read_bytes(model_path("gru")), kSteps, kSchema, 100, 200);
    reg_->promote("seq", 1);
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    reg_->promote("seq", bad);
    h.advance(kPoll);
    h.advance(kPoll);
    EXPECT_EQ(h.metric("registry_refusals"), 1);
    reg_->promote("seq", bad);  // an operator's new request (the pointer had moved back)
    h.advance(kPoll);
    EXPECT_EQ(h.metric("registry_refusals"), 2);
    EXPECT_EQ(reg_->promoted("seq"), std::optional<int64_t>(1));
}
