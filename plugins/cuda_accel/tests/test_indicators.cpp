// cuda_features against the features plugin: the same stream of bars and quotes for a
// universe through both plugins (loaded side by side in the SDK harness), every indicator
// kind, and the events compared. On the CPU path and the emulated device (which runs the
// kernel's functions) the values are equal bit for bit; a device failure mid-run (the
// fault-injection switch) loses no update and continues from the exact state.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

using tradehost::testing::Harness;
using tradehost::testing::Published;

namespace {

// Every kind of the features plugin, several windows wrapping many times over the stream.
const std::vector<std::string> kAll = {"sma:5",  "ema:7",   "wma:6",  "rsi:14", "macd:12:26:9", "bb:20:2", "atr:14",
                                       "adx:5",  "stoch:9:3", "obv",  "vwap",   "zscore:10",   "vol:8",   "ret:3",
                                       "tod"};

struct Tick {
    bool bar;
    size_t inst;
    int64_t ts;
    double open, high, low, close, volume;
};

// A universe of random walks: per minute every instrument gets a bar, and some a quote too
// (a second update of the instrument at the same timestamp). Fixed seed.
std::vector<Tick> stream(size_t instruments, size_t minutes) {
    std::vector<Tick> out;
    std::vector<double> px(instruments);
    for (size_t i = 0; i < instruments; ++i) px[i] = 20.0 + static_cast<double>(i);
    uint64_t s = 12345;
    auto u = [&] {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(s >> 11) / 9007199254740992.0;
    };
    for (size_t m = 0; m < minutes; ++m) {
        const int64_t ts = 1700000000LL * 1000000000LL + static_cast<int64_t>(m) * 60000000000LL * 7;
        for (size_t i = 0; i < instruments; ++i) {
            const double o = px[i];
            const double c = std::round(o * (1.0 + 0.01 * (u() - 0.5)) * 100.0) / 100.0;
            const double h = std::round((std::max(o, c) + u() * 0.2) * 100.0) / 100.0;
            const double l = std::round((std::min(o, c) - u() * 0.2) * 100.0) / 100.0;
            out.push_back({true, i, ts, o, h, l, c, std::round(u() * 1000.0)});
            if (u() < 0.2) out.push_back({false, i, ts, c, c, c, c, 0});
            px[i] = c;
        }
    }
    return out;
}

th_fixed fx(double v) { return static_cast<th_fixed>(std::llround(v * static_cast<double>(TH_FIXED_SCALE))); }

void feed(Harness& h, const std::vector<Tick>& ticks) {
    for (const Tick& t : ticks) {
        const th_instrument id = h.intern("I" + std::to_string(t.inst));
        th_status s;
        if (t.bar) {
            auto b = tradehost::make_event<th_bar>(t.ts);
            b.instrument = id;
            b.interval_s = 60;
            b.open = fx(t.open);
            b.high = fx(t.high);
            b.low = fx(t.low);
            b.close = fx(t.close);
            b.volume = fx(t.volume);
            s = h.send("bars", b);
        } else {
            auto q = tradehost::make_event<th_quote>(t.ts);
            q.instrument = id;
            q.bid_px = fx(t.close - 0.01);
            q.ask_px = fx(t.close + 0.01);
            s = h.send("quotes", q);
        }
        ASSERT_EQ(s, TH_OK) << h.last_error();
    }
}

void configure(Harness& h, bool batch, const std::vector<std::string>& kinds) {
    h.set_list("features", kinds);
    h.set("schema", "universe");
    h.set("batch", batch ? "true" : "false");
    h.set("single", "true");
}

void expect_same(const std::vector<Published>& want, const std::vector<Published>& got, const char* port) {
    ASSERT_EQ(want.size(), got.size()) << port;
    ASSERT_FALSE(want.empty()) << port;
    for (size_t i = 0; i < want.size(); ++i) {
        // The whole event: header, schema, hash, instruments and every value's bits; but the
        // header's seq and source, which the host sets on publish.
        ASSERT_EQ(want[i].bytes.size(), got[i].bytes.size()) << port << " event " << i;
        auto a = want[i].bytes, b = got[i].bytes;
        for (auto* bytes : {&a, &b}) {
            auto* h = reinterpret_cast<th_event_header*>(bytes->data());
            h->seq = 0;
            h->source = 0;
        }
        ASSERT_EQ(0, std::memcmp(a.data(), b.data(), a.size())) << port << " event " << i;
    }
}

struct Outcome {
    std::vector<Published> rows, batches, status;
    int64_t failures = 0, rows_device = 0, rows_cpu = 0;
};

Outcome run(const char* plugin, const std::vector<Tick>& ticks, const std::vector<std::pair<std::string, std::string>>& keys,
            const std::vector<std::string>& kinds = kAll) {
    Harness h(plugin);
    configure(h, true, kinds);
    for (const auto& [k, v] : keys) {
        if (k == "devices") h.set_list(k, {v});
        else h.set(k, v);
    }
    h.create();
    h.start();
    feed(h, ticks);
    h.stop();
    Outcome r;
    r.rows = h.take_all("features");
    r.batches = h.take_all("batches");
    if (std::string(plugin) != FEATURES_PLUGIN_PATH) {
        r.status = h.take_all("status");
        r.failures = h.metric("device_failures");
        r.rows_device = h.metric("rows_device");
        r.rows_cpu = h.metric("rows_cpu");
    }
    return r;
}

}  // namespace

TEST(CudaFeatures, TheCpuPathEqualsTheFeaturesPluginBitForBit) {
    const auto ticks = stream(40, 300);
    const Outcome ref = run(FEATURES_PLUGIN_PATH, ticks, {});
    const Outcome cpu = run(PLUGIN_PATH, ticks, {{"devices", "none"}});
    expect_same(ref.rows, cpu.rows, "features");
    expect_same(ref.batches, cpu.batches, "batches");
    EXPECT_GT(cpu.rows_cpu, 0);
    EXPECT_EQ(cpu.rows_device, 0);
    ASSERT_EQ(cpu.status.size(), 1u);
}

// 150 instruments: the state's room (64 at first) grows twice while on the device.
TEST(CudaFeatures, TheEmulatedDevicePathEqualsTheFeaturesPluginBitForBit) {
    const auto ticks = stream(150, 120);
    const Outcome ref = run(FEATURES_PLUGIN_PATH, ticks, {});
    const Outcome dev = run(PLUGIN_PATH, ticks, {{"devices", "none"}, {"emulate_devices", "1"}, {"checkpoint_batches", "3"}});
    expect_same(ref.rows, dev.rows, "features");
    expect_same(ref.batches, dev.batches, "batches");
    EXPECT_EQ(dev.rows_cpu, 0);
    EXPECT_GT(dev.rows_device, 0);
    EXPECT_EQ(dev.failures, 0);
}

// The device fails at its 51st batch, 2 batches after a checkpoint (every 7): the CPU path
// replays those from the copied-back state, computes the failed batch, and carries on. Every
// event equals an uninterrupted run's.
TEST(CudaFeatures, ADeviceFailureMidRunContinuesOnTheCpuPathWithTheStateKept) {
    const auto ticks = stream(30, 200);
    const Outcome cpu = run(PLUGIN_PATH, ticks, {{"devices", "none"}});
    const Outcome dev = run(PLUGIN_PATH, ticks,
                        {{"devices", "none"}, {"emulate_devices", "1"}, {"checkpoint_batches", "7"},
                         {"fault_after_batches", "50"}});
    expect_same(cpu.rows, dev.rows, "features");
    expect_same(cpu.batches, dev.batches, "batches");
    EXPECT_EQ(dev.failures, 1);
    EXPECT_GT(dev.rows_device, 0);
    EXPECT_GT(dev.rows_cpu, 0);
    ASSERT_EQ(dev.status.size(), 2u);
    const auto* st = reinterpret_cast<const th_venue_status*>(dev.status[1].bytes.data());
    EXPECT_EQ(st->state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    EXPECT_STREQ(st->text, "CPU path: device failed after 50 batches: host:0: fault injected after 50 batches");
    const auto* up = reinterpret_cast<const th_venue_status*>(dev.status[0].bytes.data());
    EXPECT_EQ(up->state, static_cast<uint32_t>(TH_VENUE_CONNECTED));
    EXPECT_STREQ(up->text, "device (host:0)");
}

// Hot reload mid-stream, taken while a pass is pending (the snapshot is taken between two
// observations of one timestamp): the new instance continues with exactly the state, and
// the two instances' events together are an uninterrupted run's. Device path, emulated: the
// state is copied back for the snapshot and uploaded by the new instance.
TEST(CudaFeatures, AHotReloadSnapshotKeepsEveryInstrumentsStateAndThePendingPass) {
    const auto ticks = stream(20, 100);
    const std::vector<std::pair<std::string, std::string>> keys = {{"devices", "none"}, {"emulate_devices", "1"}};
    const Outcome whole = run(PLUGIN_PATH, ticks, keys);
    const size_t cut = ticks.size() / 2 + 3;
    ASSERT_EQ(ticks[cut - 1].ts, ticks[cut].ts);
    Harness a(PLUGIN_PATH), b(PLUGIN_PATH);
    for (Harness* h : {&a, &b}) {
        configure(*h, false, kAll);
        h->set_list("devices", {"none"});
        h->set("emulate_devices", "1");
        for (size_t i = 0; i < 20; ++i) h->intern("I" + std::to_string(i));  // the same ids in both
    }
    a.create();
    a.start();
    feed(a, std::vector<Tick>(ticks.begin(), ticks.begin() + static_cast<std::ptrdiff_t>(cut)));
    const std::string blob = a.snapshot();
    auto rows = a.take_all("features");
    b.create();
    b.restore(blob);
    b.start();
    feed(b, std::vector<Tick>(ticks.begin() + static_cast<std::ptrdiff_t>(cut), ticks.end()));
    b.stop();
    for (auto& p : b.take_all("features")) rows.push_back(std::move(p));
    expect_same(whole.rows, rows, "features");

    Harness other(PLUGIN_PATH);
    other.set_list("features", {"sma:5"});
    other.set_list("devices", {"none"});
    other.create();
    other.restore(blob);  // another schema: starts cold, says so
    bool warned = false;
    for (const auto& l : other.log_lines()) warned = warned || l.find("snapshot of another schema") != std::string::npos;
    EXPECT_TRUE(warned);
}

TEST(CudaFeatures, IsNeverUnloadedAndItsDescriptionNamesTheDevicesAndPath) {
    Harness h(PLUGIN_PATH);
    EXPECT_TRUE(h.entry().flags & TH_PLUGIN_NEVER_UNLOAD);
    const std::string d = h.entry().description;
    EXPECT_EQ(d.rfind("The features plugin's rolling indicators", 0), 0u) << d;
    EXPECT_NE(d.find("devices: "), std::string::npos) << d;
    EXPECT_NE(d.find("; path: "), std::string::npos) << d;
}

TEST(CudaFeatures, ConfigErrorsAreTheFeaturesPluginsOwn) {
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"macd:26:12"});
    h.set_list("devices", {"none"});
    EXPECT_THROW(h.create(), std::exception);
}

// On a CUDA device (skipped without one): the kinds made of +, -, *, / and sqrt only are
// identical to the features plugin's; vol and tod (the device's log, sin, cos) are within one
// float32 ulp.
TEST(CudaFeatures, OnACudaDeviceTheRowsEqualTheFeaturesPluginsWithinTheStatedTolerance) {
    const auto ticks = stream(300, 60);
    std::vector<std::string> exact;
    for (const auto& k : kAll)
        if (k.rfind("vol", 0) != 0 && k != "tod") exact.push_back(k);
    const Outcome gpu = run(PLUGIN_PATH, ticks, {{"devices", "all"}}, exact);
    ASSERT_FALSE(gpu.status.empty());
    const auto* up = reinterpret_cast<const th_venue_status*>(gpu.status[0].bytes.data());
    if (up->state != TH_VENUE_CONNECTED) GTEST_SKIP() << "no CUDA device: " << up->text;
    EXPECT_GT(gpu.rows_device, 0);
    const Outcome ref = run(FEATURES_PLUGIN_PATH, ticks, {}, exact);
    expect_same(ref.rows, gpu.rows, "features");
    expect_same(ref.batches, gpu.batches, "batches");

    const std::vector<std::string> libm = {"vol:8", "tod"};
    const Outcome a = run(FEATURES_PLUGIN_PATH, ticks, {}, libm), b = run(PLUGIN_PATH, ticks, {{"devices", "all"}}, libm);
    ASSERT_EQ(a.rows.size(), b.rows.size());
    for (size_t i = 0; i < a.rows.size(); ++i) {
        const auto& fa = *reinterpret_cast<const th_features*>(a.rows[i].bytes.data());
        const auto& fb = *reinterpret_cast<const th_features*>(b.rows[i].bytes.data());
        ASSERT_EQ(fa.cols, fb.cols);
        for (size_t c = 0; c < fa.cols; ++c) {
            const float x = th_features_values(&fa)[c], y = th_features_values(&fb)[c];
            EXPECT_LE(std::fabs(x - y), std::nextafter(std::fabs(x), INFINITY) - std::fabs(x)) << "row " << i << " col " << c;
        }
    }
}
