// The cuda_accel plugin through the SDK harness: the CPU path here (no device), the same
// outputs as the tree_model plugin on the same batch, a device failure injected mid-run
// (emulated devices) with the switch to the CPU path and no batch lost, config errors, the
// never-unload flag and a second instance with a changed config (what a config reload makes).
#include "tree_data.hpp"
#include "weights_file.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

using tradehost::testing::Harness;
using namespace cuda_accel_test;

namespace {

const char* kSchema = "x0,x1,x2,x3,x4,x5,x6,x7;v1";

// A batch th_features of `rows` held-out rows starting at `first` (wrapping), one instrument each.
std::vector<unsigned char> batch(Harness& h, size_t first, uint16_t rows, th_time_ns ts) {
    size_t n = 0, cols = 0;
    const auto x = heldout(n, cols);
    std::vector<unsigned char> buf(th_features_size(rows, 8, 1), 0);
    auto* f = reinterpret_cast<th_features*>(buf.data());
    f->hdr = tradehost::make_event<th_features>(ts).hdr;
    f->hdr.size = th_features_size(rows, 8, 1);
    f->rows = rows;
    f->cols = 8;
    f->schema_hash = th_features_schema_hash(kSchema);
    f->parts = 1;
    f->batch_seq = static_cast<uint32_t>(ts);
    tradehost::copy_str(f->schema, "test");
    for (uint16_t r = 0; r < rows; ++r) {
        th_features_instruments_mut(f)[r] = h.intern("I" + std::to_string(r));
        std::memcpy(th_features_values_mut(f) + r * 8, x.data() + ((first + r) % n) * 8, 8 * sizeof(float));
    }
    return buf;
}

std::vector<float> values_of(const tradehost::testing::Published& p) {
    const auto* f = reinterpret_cast<const th_features*>(p.bytes.data());
    return {th_features_values(f), th_features_values(f) + static_cast<size_t>(f->rows) * f->cols};
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

TEST(CudaAccelPlugin, IsNeverUnloadedAndItsDescriptionNamesTheDevicesAndPath) {
    Harness h(PLUGIN_PATH);
    EXPECT_TRUE(h.entry().flags & TH_PLUGIN_NEVER_UNLOAD);
    const std::string d = h.entry().description;
    EXPECT_NE(d.find("devices: "), std::string::npos) << d;
    EXPECT_NE(d.find("; path: "), std::string::npos) << d;
}

TEST(CudaAccelPlugin, WithoutADeviceItTakesTheCpuPathAndSaysWhyAtStart) {
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("binary.json"));
    h.set_list("devices", {"none"});
    h.create();
    h.start();
    const auto st = h.take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    EXPECT_STREQ(st[0].venue, "cuda_accel");
    EXPECT_STREQ(st[0].text, "cpu (devices: [none])");
}

TEST(CudaAccelPlugin, AllDevicesOnAMachineWithoutOneIsTheCpuPathToo) {
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("binary.json"));
    h.create();
    h.start();
    const auto st = h.take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    const std::string text = st[0].text;
    if (st[0].state == TH_VENUE_CONNECTED) GTEST_SKIP() << "this machine has a CUDA device: " << text;
    EXPECT_EQ(text.rfind("cpu (no CUDA device (", 0), 0u) << text;
    std::vector<unsigned char> b = batch(h, 0, 64, 1000);
    ASSERT_EQ(h.send("features", *reinterpret_cast<th_event_header*>(b.data())), TH_OK) << h.last_error();
    EXPECT_EQ(h.metric("rows_cpu"), 64);
    EXPECT_EQ(h.metric("rows_device"), 0);
}

// The same batches through tree_model and through cuda_accel's CPU path and its emulated
// device path: the signals and predictions are the same, bit for bit.
TEST(CudaAccelPlugin, OutputsEqualTheTreeModelPluginsOnTheSameBatches) {
#ifndef TREE_MODEL_PLUGIN_PATH
    GTEST_SKIP() << "tree_model is not built (TRADEHOST_PLUGINS)";
#else
    for (const char* emulate : {"0", "2"}) {
        Harness ref(TREE_MODEL_PLUGIN_PATH), acc(PLUGIN_PATH);
        for (Harness* h : {&ref, &acc}) {
            h->set("model", tree_file("multi.json"));
            h->set("output", "both");
            h->set_list("class_values", {"-1", "0", "1"});
        }
        acc.set_list("devices", {"none"});
        acc.set("emulate_devices", emulate);
        ref.create();
        acc.create();
        ref.start();
        acc.start();
        for (uint16_t rows : {uint16_t{1}, uint16_t{200}, uint16_t{700}}) {
            auto b1 = batch(ref, rows, rows, 1000 + rows);
            auto b2 = batch(acc, rows, rows, 1000 + rows);
            ASSERT_EQ(ref.send("features", *reinterpret_cast<th_event_header*>(b1.data())), TH_OK) << ref.last_error();
            ASSERT_EQ(acc.send("features", *reinterpret_cast<th_event_header*>(b2.data())), TH_OK) << acc.last_error();
            const auto p1 = ref.take_all("predictions"), p2 = acc.take_all("predictions");
            ASSERT_EQ(p1.size(), 1u);
            ASSERT_EQ(p2.size(), 1u);
            EXPECT_EQ(p1[0].bytes.size(), p2[0].bytes.size());
            EXPECT_EQ(values_of(p1[0]), values_of(p2[0])) << rows << " rows, emulate_devices " << emulate;
            const auto s1 = ref.take<th_signal>("signals"), s2 = acc.take<th_signal>("signals");
            ASSERT_EQ(s1.size(), rows);
            ASSERT_EQ(s2.size(), rows);
            for (size_t i = 0; i < rows; ++i) {
                EXPECT_EQ(s1[i].value, s2[i].value);
                EXPECT_EQ(s1[i].strength, s2[i].strength);
                EXPECT_EQ(s1[i].instrument, s2[i].instrument);
            }
        }
        EXPECT_EQ(acc.metric("rows"), 901);
        EXPECT_EQ(acc.metric(std::string(emulate) == "0" ? "rows_cpu" : "rows_device"), 901);
    }
#endif
}

// The fault-injection switch fails the fourth device batch: the instance says so (status,
// metric, log), scores that batch on the CPU and every later one there; all six batches come
// out, each equal to what the CPU path alone gives.
TEST(CudaAccelPlugin, ADeviceFailureMidRunSwitchesToTheCpuPathWithoutLosingABatch) {
    Harness cpu(PLUGIN_PATH), acc(PLUGIN_PATH);
    for (Harness* h : {&cpu, &acc}) {
        h->set("model", tree_file("binary.json"));
        h->set("output", "predictions");
        h->set_list("devices", {"none"});
    }
    acc.set("emulate_devices", "2");
    acc.set("fault_after_batches", "3");
    cpu.create();
    acc.create();
    cpu.start();
    acc.start();
    const auto up = acc.take<th_venue_status>("status");
    ASSERT_EQ(up.size(), 1u);
    EXPECT_EQ(up[0].state, static_cast<uint32_t>(TH_VENUE_CONNECTED));
    EXPECT_STREQ(up[0].text, "device (host:0, host:1)");
    for (int i = 0; i < 6; ++i) {
        auto a = batch(acc, static_cast<size_t>(i) * 37, 300, 2000 + i);
        auto c = batch(cpu, static_cast<size_t>(i) * 37, 300, 2000 + i);
        ASSERT_EQ(acc.send("features", *reinterpret_cast<th_event_header*>(a.data())), TH_OK) << acc.last_error();
        ASSERT_EQ(cpu.send("features", *reinterpret_cast<th_event_header*>(c.data())), TH_OK) << cpu.last_error();
        const auto pa = acc.take_all("predictions"), pc = cpu.take_all("predictions");
        ASSERT_EQ(pa.size(), 1u) << "batch " << i;
        ASSERT_EQ(pc.size(), 1u);
        EXPECT_EQ(pa[0].header().ts, 2000 + i);
        EXPECT_EQ(values_of(pa[0]), values_of(pc[0])) << "batch " << i;
        const auto st = acc.take<th_venue_status>("status");
        if (i == 3) {
            ASSERT_EQ(st.size(), 1u);
            EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
            EXPECT_STREQ(st[0].text,
                         "CPU path: device failed after 3 batches: host:0: fault injected after 3 batches");
        } else {
            EXPECT_TRUE(st.empty()) << "batch " << i;
        }
    }
    EXPECT_EQ(acc.metric("device_failures"), 1);
    EXPECT_EQ(acc.metric("rows_device"), 900);
    EXPECT_EQ(acc.metric("rows_cpu"), 900);
    EXPECT_EQ(acc.metric("batches"), 6);
    bool logged = false;
    for (const auto& l : acc.log_lines()) logged = logged || l.find("switching to the CPU path") != std::string::npos;
    EXPECT_TRUE(logged);
}

TEST(CudaAccelPlugin, TheEnvironmentSwitchOverridesTheConfig) {
    ASSERT_EQ(setenv("TRADEHOST_CUDA_ACCEL_FAULT_AFTER", "1", 1), 0);
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("reg.json"));
    h.set("output", "predictions");
    h.set_list("devices", {"none"});
    h.set("emulate_devices", "1");
    h.create();
    unsetenv("TRADEHOST_CUDA_ACCEL_FAULT_AFTER");
    h.start();
    for (int i = 0; i < 3; ++i) {
        auto b = batch(h, 0, 10, 100 + i);
        ASSERT_EQ(h.send("features", *reinterpret_cast<th_event_header*>(b.data())), TH_OK) << h.last_error();
    }
    EXPECT_EQ(h.take_all("predictions").size(), 3u);
    EXPECT_EQ(h.metric("device_failures"), 1);
    EXPECT_EQ(h.metric("rows_device"), 10);
    EXPECT_EQ(h.metric("rows_cpu"), 20);
}

TEST(CudaAccelPlugin, BatchesBelowMinDeviceRowsStayOnTheCpuPath) {
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("reg.json"));
    h.set_list("devices", {"none"});
    h.set("emulate_devices", "1");
    h.set("min_device_rows", "100");
    h.create();
    h.start();
    for (uint16_t rows : {uint16_t{99}, uint16_t{100}}) {
        auto b = batch(h, 0, rows, rows);
        ASSERT_EQ(h.send("features", *reinterpret_cast<th_event_header*>(b.data())), TH_OK) << h.last_error();
    }
    EXPECT_EQ(h.metric("rows_cpu"), 99);
    EXPECT_EQ(h.metric("rows_device"), 100);
}

TEST(CudaAccelPlugin, ConfigErrorsNameTheKey) {
    struct Case {
        std::vector<std::string> devices;
        const char* want;
    };
    for (const Case& c : {Case{{"all", "0"}, "devices[0]: 'all' stands alone (devices: [all])"},
                          Case{{"gpu0"}, "devices[0]: 'gpu0' is not an integer >= 0"},
                          Case{{"-1"}, "devices[0]: '-1' is not an integer >= 0"}}) {
        Harness h(PLUGIN_PATH);
        h.set("model", tree_file("reg.json"));
        h.set_list("devices", c.devices);
        EXPECT_NE(create_error(h).find(c.want), std::string::npos) << create_error(h);
    }
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("reg.json"));
    h.set_list("features", {"a", "b"});
    EXPECT_NE(create_error(h).find("features: 2 columns, the model takes 8"), std::string::npos) << create_error(h);
}

TEST(CudaAccelPlugin, EventsOfAnotherSchemaAreDroppedAndCounted) {
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("reg.json"));
    h.set_list("devices", {"none"});
    h.create();
    h.start();
    auto b = batch(h, 0, 5, 1);
    reinterpret_cast<th_features*>(b.data())->schema_hash ^= 1;
    ASSERT_EQ(h.send("features", *reinterpret_cast<th_event_header*>(b.data())), TH_OK);
    EXPECT_TRUE(h.take<th_signal>("signals").empty());
    EXPECT_EQ(h.metric("schema_mismatch"), 1);
}

// A config reload replaces the instance: the old one is destroyed (its device buffers freed,
// the library and the CUDA runtime kept), a new one is made from the new config in the same
// process and scores as its config says.
TEST(CudaAccelPlugin, ANewInstanceWithAChangedConfigWorksAfterTheOldOneIsDestroyed) {
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("binary.json"));
    h.set_list("devices", {"none"});
    h.set("emulate_devices", "1");
    h.create();
    h.start();
    auto b = batch(h, 0, 3, 1);
    ASSERT_EQ(h.send("features", *reinterpret_cast<th_event_header*>(b.data())), TH_OK);
    const auto before = h.take<th_signal>("signals");
    ASSERT_EQ(before.size(), 3u);
    h.stop();
    h.destroy();

    Harness again(PLUGIN_PATH);
    again.set("model", tree_file("binary.json"));
    again.set_list("devices", {"none"});
    again.set("signal_name", "reloaded");
    again.set("center", "0.25");
    again.create();
    again.start();
    auto b2 = batch(again, 0, 3, 2);
    ASSERT_EQ(again.send("features", *reinterpret_cast<th_event_header*>(b2.data())), TH_OK);
    const auto after = again.take<th_signal>("signals");
    ASSERT_EQ(after.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_STREQ(after[i].name, "reloaded");
        EXPECT_DOUBLE_EQ(after[i].value, before[i].value + 0.5 - 0.25);
    }
}

// A feed-forward .thnn network through the plugin: its schema from the file, PyTorch's
// outputs (nn_model's 1e-5) on the CPU path, the emulated device path equal to it.
TEST(CudaAccelPlugin, AFeedForwardNetworkScoresABatchOnEitherPath) {
    size_t n = 0, n_out = 0;
    const auto x = nn_rows("mlp_multi.inputs.csv", n);
    const auto want = nn_rows("mlp_multi.outputs.csv", n_out);
    const auto net = tradehost::nn::read_weights_file(nn_file("mlp_multi.thnn"));
    std::string schema;
    for (const auto& c : net.features) schema += (schema.empty() ? "" : ",") + c;
    schema += ";v" + std::to_string(net.schema_version);
    const uint16_t cols = static_cast<uint16_t>(net.features.size()), rows = static_cast<uint16_t>(n);
    std::vector<std::vector<float>> results;
    for (const char* emulate : {"0", "1"}) {
        Harness h(PLUGIN_PATH);
        h.set("model", nn_file("mlp_multi.thnn"));
        h.set("output", "predictions");
        h.set_list("devices", {"none"});
        h.set("emulate_devices", emulate);
        h.set("schema_version", std::to_string(net.schema_version));
        h.create();
        h.start();
        std::vector<unsigned char> buf(th_features_size(rows, cols, 1), 0);
        auto* f = reinterpret_cast<th_features*>(buf.data());
        f->hdr = tradehost::make_event<th_features>(5).hdr;
        f->hdr.size = th_features_size(rows, cols, 1);
        f->rows = rows;
        f->cols = cols;
        f->parts = 1;
        f->schema_hash = th_features_schema_hash(schema.c_str());
        for (uint16_t r = 0; r < rows; ++r) th_features_instruments_mut(f)[r] = h.intern("N" + std::to_string(r));
        std::memcpy(th_features_values_mut(f), x.data(), x.size() * sizeof(float));
        ASSERT_EQ(h.send("features", f->hdr), TH_OK) << h.last_error();
        const auto p = h.take_all("predictions");
        ASSERT_EQ(p.size(), 1u);
        const auto* pf = reinterpret_cast<const th_features*>(p[0].bytes.data());
        EXPECT_EQ(pf->schema_hash, th_features_schema_hash("p0,p1,p2;v1"));
        results.push_back(values_of(p[0]));
        ASSERT_EQ(results.back().size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(results.back()[i], want[i], 1e-5) << i;
    }
    EXPECT_EQ(results[0], results[1]);
}

TEST(CudaAccelPlugin, ASequenceNetworkIsRefusedAtCreate) {
    Harness h(PLUGIN_PATH);
    h.set("model", nn_file("gru.thnn"));
    EXPECT_NE(create_error(h).find("use nn_model"), std::string::npos) << create_error(h);
}

// A universe larger than one event arrives as parts of one batch_seq: they are scored as
// one batch (one device call) and published as one event per part, equal to scoring each.
TEST(CudaAccelPlugin, ThePartsOfOneBatchAreScoredTogetherAndPublishedPerPart) {
    Harness whole(PLUGIN_PATH), split(PLUGIN_PATH);
    for (Harness* h : {&whole, &split}) {
        h->set("model", tree_file("binary.json"));
        h->set("output", "predictions");
        h->set_list("devices", {"none"});
        h->set("emulate_devices", "2");
        h->create();
        h->start();
    }
    std::vector<float> want;
    for (int part = 0; part < 3; ++part) {
        auto b = batch(whole, static_cast<size_t>(part) * 300, 300, 7000 + part);  // one event each
        ASSERT_EQ(whole.send("features", *reinterpret_cast<th_event_header*>(b.data())), TH_OK);
        const auto p = whole.take_all("predictions");
        ASSERT_EQ(p.size(), 1u);
        const auto v = values_of(p[0]);
        want.insert(want.end(), v.begin(), v.end());
    }
    for (uint16_t part = 0; part < 3; ++part) {
        auto b = batch(split, static_cast<size_t>(part) * 300, 300, 9000);
        auto* f = reinterpret_cast<th_features*>(b.data());
        f->batch_seq = 42;
        f->part = part;
        f->parts = 3;
        ASSERT_EQ(split.send("features", f->hdr), TH_OK) << split.last_error();
        if (part < 2) {
            EXPECT_TRUE(split.take_all("predictions").empty()) << "part " << part << " published early";
        }
    }
    const auto p = split.take_all("predictions");
    ASSERT_EQ(p.size(), 3u);
    std::vector<float> got;
    for (uint16_t part = 0; part < 3; ++part) {
        const auto* f = reinterpret_cast<const th_features*>(p[part].bytes.data());
        EXPECT_EQ(f->part, part);
        EXPECT_EQ(f->parts, 3);
        EXPECT_EQ(f->batch_seq, 42u);
        const auto v = values_of(p[part]);
        got.insert(got.end(), v.begin(), v.end());
    }
    EXPECT_EQ(got, want);
    EXPECT_EQ(split.metric("batches"), 1);
    EXPECT_EQ(split.metric("rows_device"), 900);
}

TEST(CudaAccelPlugin, AnIncompleteBatchIsScoredWhenAnotherStartsAndAtStop) {
    Harness h(PLUGIN_PATH);
    h.set("model", tree_file("reg.json"));
    h.set("output", "predictions");
    h.set_list("devices", {"none"});
    h.create();
    h.start();
    auto send_part = [&](uint32_t seq, uint16_t part, th_time_ns ts) {
        auto b = batch(h, part, 10, ts);
        auto* f = reinterpret_cast<th_features*>(b.data());
        f->batch_seq = seq;
        f->part = part;
        f->parts = 2;
        ASSERT_EQ(h.send("features", f->hdr), TH_OK) << h.last_error();
    };
    send_part(1, 0, 100);                     // part 1 of batch 1 never comes
    EXPECT_TRUE(h.take_all("predictions").empty());
    send_part(2, 0, 200);                     // another batch: batch 1 is scored as it is
    EXPECT_EQ(h.take_all("predictions").size(), 1u);
    h.stop();                                 // batch 2's first part, at stop
    EXPECT_EQ(h.take_all("predictions").size(), 1u);
    EXPECT_EQ(h.metric("rows"), 20);
}
