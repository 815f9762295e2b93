// The log_sink plugin through the SDK's harness: lines to a file and to the log, the kinds
// filter, sampling, counts, and the flag on signals whose strength is out of range.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using tradehost::testing::Harness;

namespace {

std::string temp_file(const char* name) {
    auto p = std::filesystem::temp_directory_path() / ("log_sink_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove(p);
    return p.string();
}

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

th_signal signal(Harness& h, double value, double strength, th_time_ns ts = 1704067200000000000) {
    auto g = tradehost::make_event<th_signal>(ts);
    g.instrument = h.intern("AAPL");
    g.value = value;
    g.strength = strength;
    std::strcpy(g.name, "test_model");
    return g;
}

// Why create failed ("" if it did not).
std::string create_error(Harness& h) {
    try {
        h.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    h.destroy();
    return "";
}

}  // namespace

TEST(LogSink, WritesOneLinePerEventToItsFile) {
    const std::string path = temp_file("all.log");
    Harness h(PLUGIN_PATH);
    h.set("file", path);
    h.create();
    h.start();
    auto q = tradehost::make_event<th_quote>(1704067200000000000);
    q.instrument = h.intern("MSFT");
    q.bid_px = 100 * TH_FIXED_SCALE;
    q.ask_px = 101 * TH_FIXED_SCALE;
    ASSERT_EQ(h.send("in", q), TH_OK);
    ASSERT_EQ(h.send("in", signal(h, 1, 0.5)), TH_OK);
    h.stop();
    auto lines = lines_of(path);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "2024-01-01T00:00:00.000000000Z quote MSFT bid 100 x 0 ask 101 x 0");
    EXPECT_EQ(lines[1], "2024-01-01T00:00:00.000000000Z signal AAPL test_model value 1 strength 0.5");
    EXPECT_EQ(h.metric("events_quote"), 1);
    EXPECT_EQ(h.metric("events_signal"), 1);
    auto log = h.log_lines();
    ASSERT_FALSE(log.empty());
    EXPECT_NE(log.back().find("received 2 events (quote 1, signal 1)"), std::string::npos) << log.back();
    std::filesystem::remove(path);
}

TEST(LogSink, KindsAndEveryChooseTheLinesButEveryEventIsCounted) {
    Harness h(PLUGIN_PATH);
    h.set_list("kinds", {"signal"});
    h.set("every", "2");
    h.create();
    h.start();
    auto q = tradehost::make_event<th_quote>(1);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(h.send("in", q), TH_OK);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(h.send("in", signal(h, -1, 1)), TH_OK);
    EXPECT_EQ(h.metric("events_quote"), 3);
    EXPECT_EQ(h.metric("events_signal"), 3);
    auto log = h.log_lines();
    ASSERT_EQ(log.size(), 2u);  // the 1st and 3rd signal; no quote
    for (const auto& l : log) EXPECT_NE(l.find("signal AAPL test_model value -1 strength 1"), std::string::npos) << l;
}

TEST(LogSink, FlagsSignalsWhoseStrengthIsNotAConfidence) {
    Harness h(PLUGIN_PATH);
    h.set_list("kinds", {"quote"});  // flagged even when signals are not written
    h.create();
    h.start();
    ASSERT_EQ(h.send("in", signal(h, -1, -0.8)), TH_OK);
    ASSERT_EQ(h.send("in", signal(h, 1, 1.5)), TH_OK);
    ASSERT_EQ(h.send("in", signal(h, 1, 0.3)), TH_OK);
    EXPECT_EQ(h.metric("signals_out_of_range"), 2);
    auto log = h.log_lines();
    ASSERT_EQ(log.size(), 1u);  // warned once, then counted
    EXPECT_NE(log[0].find("signal strength outside [0, 1]"), std::string::npos) << log[0];
    h.stop();
    EXPECT_NE(h.log_lines().back().find("2 signals with strength outside [0, 1]"), std::string::npos);
}

TEST(LogSink, ConfigErrorsNameTheKeyAndTheValue) {
    Harness h(PLUGIN_PATH);
    h.set_list("kinds", {"signal", "quotes"});
    EXPECT_NE(create_error(h).find("kinds: unknown event kind 'quotes'"), std::string::npos) << create_error(h);
    Harness f(PLUGIN_PATH);
    f.set("file", "/nonexistent-dir/x.log");
    EXPECT_NE(create_error(f).find("file: cannot open '/nonexistent-dir/x.log'"), std::string::npos);
    Harness z(PLUGIN_PATH);
    EXPECT_THROW(z.set("every", "0"), std::exception);  // below the declared minimum
}
