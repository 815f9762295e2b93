// nn_model's windows across a restart: saved as plugin state at stop and restored at start,
// so the predictions after a restart are byte-equal to an uninterrupted run's; after a crash
// (no stop) or with a state of another format the windows warm up again, said in the log.
#include "test_data.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>

using tradehost::testing::Harness;
using namespace nn_test;

namespace {

constexpr size_t kInstruments = 4, kCols = 6, kEvents = 14;
const char* kSchema = "f0,f1,f2,f3,f4,f5;v1";

// Event t: one row per instrument, the held-out input's step (t % 8) plus an offset per
// event, so no two windows are alike.
th_status send_event(Harness& h, const std::vector<std::vector<float>>& x, size_t t) {
    std::vector<th_instrument> ids;
    for (size_t i = 0; i < kInstruments; ++i) ids.push_back(h.intern("S" + std::to_string(i)));
    std::vector<unsigned char> buf(th_features_size(kInstruments, kCols, true), 0);
    auto* f = reinterpret_cast<th_features*>(buf.data());
    f->hdr = tradehost::make_event<th_features>(static_cast<th_time_ns>(1000 + t)).hdr;
    f->hdr.size = th_features_size(kInstruments, kCols, true);
    f->rows = kInstruments;
    f->cols = kCols;
    f->parts = 1;
    f->schema_hash = th_features_schema_hash(kSchema);
    std::memcpy(th_features_instruments_mut(f), ids.data(), ids.size() * sizeof(th_instrument));
    float* v = th_features_values_mut(f);
    for (size_t i = 0; i < kInstruments; ++i)
        for (size_t c = 0; c < kCols; ++c) v[i * kCols + c] = x[i][(t % 8) * kCols + c] + 0.125f * static_cast<float>(t);
    return h.send("features", f->hdr);
}

// Each event's signals as "symbol value strength" with the doubles' bytes, for a byte-equal
// comparison.
std::map<size_t, std::string> run(Harness& h, const std::vector<std::vector<float>>& x, size_t from, size_t to) {
    std::map<size_t, std::string> out;
    for (size_t t = from; t < to; ++t) {
        EXPECT_EQ(send_event(h, x, t), TH_OK) << h.last_error();
        for (const auto& s : h.take<th_signal>("signals")) {
            out[t] += h.symbol(s.instrument) + " ";
            out[t].append(reinterpret_cast<const char*>(&s.value), sizeof s.value);
            out[t].append(reinterpret_cast<const char*>(&s.strength), sizeof s.strength);
            out[t] += "\n";
        }
    }
    return out;
}

std::string log_text(Harness& h) {
    std::string all;
    for (const auto& l : h.log_lines()) all += l + "\n";
    return all;
}

}  // namespace

TEST(NnWindowsState, TheFirstPredictionsAfterARestartAreByteEqualToAnUninterruptedRun) {
    for (const std::string model : {"gru", "lstm", "attention"}) {
        const auto x = read_floats(model + ".inputs.csv");
        Harness whole(PLUGIN_PATH);
        whole.set("model", model_path(model));
        whole.create();
        whole.start();
        const auto want = run(whole, x, 0, kEvents);

        Harness before(PLUGIN_PATH);
        before.set("model", model_path(model));
        before.create();
        before.start();
        const auto first = run(before, x, 0, 10);
        before.stop();
        ASSERT_FALSE(before.state().at("windows").empty()) << model;

        Harness after(PLUGIN_PATH);
        after.state() = before.state();  // the same journal
        after.set("model", model_path(model));
        after.create();
        after.start();
        EXPECT_NE(log_text(after).find("windows of 4 instrument(s) restored"), std::string::npos) << log_text(after);
        const auto rest = run(after, x, 10, kEvents);
        EXPECT_EQ(after.metric("warming_up"), 0) << model;
        for (size_t t = 0; t < kEvents; ++t) {
            ASSERT_FALSE(want.at(t >= 7 ? t : 7).empty());
            if (t < 7) continue;  // warming up in both runs
            EXPECT_EQ(t < 10 ? first.at(t) : rest.at(t), want.at(t)) << model << " event " << t;
        }
    }
}

TEST(NnWindowsState, AfterACrashTheWindowsWarmUpInsteadOfMissingRows) {
    const auto x = read_floats("gru.inputs.csv");
    Harness first(PLUGIN_PATH);
    first.set("model", model_path("gru"));
    first.create();
    first.start();
    run(first, x, 0, 10);
    first.stop();

    Harness crashed(PLUGIN_PATH);
    crashed.state() = first.state();
    crashed.set("model", model_path("gru"));
    crashed.create();
    crashed.start();  // takes the windows and empties the key at once
    EXPECT_EQ(run(crashed, x, 10, 12).size(), 2u);
    // No stop: the process died. The next start finds nothing to restore.
    Harness next(PLUGIN_PATH);
    next.state() = crashed.state();
    next.set("model", model_path("gru"));
    next.create();
    next.start();
    EXPECT_TRUE(run(next, x, 12, 13).empty());
    EXPECT_EQ(next.metric("warming_up"), static_cast<int64_t>(kInstruments));
}

TEST(NnWindowsState, AStateOfAnotherFormatOrShapeIsNotUsedAndSaysSo) {
    const auto x = read_floats("gru.inputs.csv");
    Harness other(PLUGIN_PATH);
    other.state()["windows"] = "nn_model 9 1 8 6\nend\n";
    other.set("model", model_path("gru"));
    other.create();
    other.start();
    EXPECT_NE(log_text(other).find("saved windows not used: nn_model snapshot: unknown format"), std::string::npos)
        << log_text(other);
    EXPECT_TRUE(run(other, x, 0, 1).empty());

    Harness shape(PLUGIN_PATH);
    shape.state()["windows"] = "nn_model 1 " + std::to_string(th_features_schema_hash(kSchema)) + " 4 6\nend\n";
    shape.set("model", model_path("gru"));
    shape.create();
    shape.start();
    EXPECT_NE(log_text(shape).find("the windows start again and warm up"), std::string::npos) << log_text(shape);

    Harness cut(PLUGIN_PATH);
    cut.state()["windows"] = "nn_model 1 " + std::to_string(th_features_schema_hash(kSchema)) + " 8 6\ninst 2:S0 8\nxx";
    cut.set("model", model_path("gru"));
    cut.create();
    cut.start();
    EXPECT_NE(log_text(cut).find("saved windows not used: nn_model snapshot: rows of S0 cut short"), std::string::npos)
        << log_text(cut);
}
