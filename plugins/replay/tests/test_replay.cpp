// Plugin-level tests of the replay feed through the SDK test harness.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using tradehost::testing::Harness;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kUs = 1000;
constexpr int64_t kMs = 1000000;
constexpr int64_t kSec = 1000000000;
const std::string kData = TEST_DATA_DIR;

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v)) << s;
    return v;
}

using Settings = std::vector<std::pair<std::string, std::string>>;

void setup(Harness& h, const std::string& file, const Settings& settings = {}) {
    h.set("file", file);
    for (const auto& [k, v] : settings) h.set(k, v);
    h.create();
    h.start();
}

void drain(Harness& h) {
    h.advance(0);
    for (int i = 0; i < 100000 && !h.source_finished(); ++i) h.advance(100 * kUs);
    ASSERT_TRUE(h.source_finished());
}

// A CSV written for one test, removed afterwards.
class TempCsv {
public:
    TempCsv(const std::string& name, const std::string& text)
        : path_((fs::temp_directory_path() / ("th_replay_" + std::to_string(::getpid()) + "_" + name)).string()) {
        std::ofstream(path_) << text;
    }
    ~TempCsv() { std::remove(path_.c_str()); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// The create error for `text` as a bars (or quotes) file.
std::string create_error(const std::string& name, const std::string& text, const std::string& format = "bars") {
    TempCsv f(name, text);
    Harness h(PLUGIN_PATH);
    h.set("file", f.path());
    h.set("format", format);
    try {
        h.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    ADD_FAILURE() << "create accepted " << name;
    return "";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const char* kBarsHeader = "ts,symbol,open,high,low,close,volume\n";

}  // namespace

TEST(Replay, DeclaresItsPorts) {
    Harness h(PLUGIN_PATH);
    EXPECT_STREQ(h.entry().kind, "feed");
    EXPECT_EQ(h.port_index("quotes"), 0u);
    EXPECT_EQ(h.port_index("bars"), 1u);
}

TEST(Replay, ReplaysDailyBarsWithIsoTimestamps) {
    Harness h(PLUGIN_PATH);
    setup(h, kData + "/aapl_daily.csv", {{"interval_s", "86400"}});
    drain(h);
    auto bars = h.take<th_bar>("bars");
    EXPECT_TRUE(h.take<th_quote>("quotes").empty());
    ASSERT_EQ(bars.size(), 21u);
    const th_bar& b = bars[0];
    EXPECT_EQ(h.symbol(b.instrument), "AAPL");
    EXPECT_EQ(b.hdr.ts, 1704229200000000000);  // 2024-01-02T21:00:00Z
    EXPECT_EQ(b.interval_s, 86400u);
    EXPECT_EQ(b.open, fx("192.44"));
    EXPECT_EQ(b.high, fx("193.95"));
    EXPECT_EQ(b.low, fx("184.89"));
    EXPECT_EQ(b.close, fx("185.64"));
    EXPECT_EQ(b.volume, fx("66793999"));
    EXPECT_EQ(bars.back().close, fx("184.40"));
    EXPECT_EQ(bars.back().hdr.ts, 1706734800000000000);  // 2024-01-31T21:00:00Z
    for (size_t i = 1; i < bars.size(); ++i) {
        EXPECT_EQ(bars[i].hdr.ts - bars[i - 1].hdr.ts >= 86400 * kSec, true);
        EXPECT_EQ(bars[i].instrument, b.instrument);
    }
}

TEST(Replay, ReplaysQuotesWithNsTimestampsColumnsInAnyOrder) {
    Harness h(PLUGIN_PATH);
    setup(h, kData + "/quotes_ns.csv", {{"format", "quotes"}});
    drain(h);
    auto q = h.take<th_quote>("quotes");
    EXPECT_TRUE(h.take<th_bar>("bars").empty());
    ASSERT_EQ(q.size(), 6u);
    EXPECT_EQ(h.symbol(q[0].instrument), "AAPL");
    EXPECT_EQ(q[0].hdr.ts, 1704205800000000000);
    EXPECT_EQ(q[0].bid_px, fx("185.50"));
    EXPECT_EQ(q[0].ask_px, fx("185.52"));
    EXPECT_EQ(q[0].bid_qty, fx("300"));
    EXPECT_EQ(q[0].ask_qty, fx("200"));
    EXPECT_EQ(h.symbol(q[1].instrument), "MSFT");
    EXPECT_EQ(q[1].bid_px, fx("370.10"));
    EXPECT_EQ(q[1].ask_qty, fx("400"));
    EXPECT_EQ(q[2].hdr.ts, q[3].hdr.ts) << "equal timestamps are in order";
    EXPECT_EQ(q[5].hdr.ts, 1704205801000000000);
}

TEST(Replay, ReplaysQuotesWithFractionalIsoTimestampsAndComments) {
    Harness h(PLUGIN_PATH);
    setup(h, kData + "/quotes_iso.csv", {{"format", "quotes"}});
    drain(h);
    auto q = h.take<th_quote>("quotes");
    ASSERT_EQ(q.size(), 4u);
    const th_time_ns base = 1704205800000000000;  // 2024-01-02T14:30:00Z
    EXPECT_EQ(q[0].hdr.ts, base);
    EXPECT_EQ(q[1].hdr.ts, base + 250 * kMs);
    EXPECT_EQ(q[2].hdr.ts, base + 723456789);
    EXPECT_EQ(q[3].hdr.ts, base + 1500 * kMs);
    EXPECT_EQ(q[0].bid_px, fx("1.09412"));
    EXPECT_EQ(q[0].bid_qty, fx("1000000"));
    EXPECT_EQ(h.symbol(q[2].instrument), "GBPUSD");
}

TEST(Replay, RelativePathIsRelativeToTheWorkingDirectory) {
    const fs::path before = fs::current_path();
    fs::current_path(kData);
    Harness h(PLUGIN_PATH);
    EXPECT_NO_THROW(setup(h, "aapl_daily.csv"));
    fs::current_path(before);
    drain(h);
    EXPECT_EQ(h.take<th_bar>("bars").size(), 21u);
}

TEST(Replay, BadRowNamesFileAndLine) {
    std::string text = kBarsHeader;
    text += "2024-01-02T21:00:00Z,AAPL,187.15,188.44,183.89,185.64,82488700\n";
    text += "2024-01-03T21:00:00Z,AAPL,184.22,185.88,183.43,abc,58414500\n";
    const std::string err = create_error("bad_row.csv", text);
    EXPECT_TRUE(contains(err, "bad_row.csv:3: bad close 'abc'")) << err;
}

TEST(Replay, ReportsSeveralBadRowsAtOnce) {
    std::string text = kBarsHeader;
    text += "2024-01-02T21:00:00Z,AAPL,1,2,1,1\n";         // line 2: too few fields
    text += "not-a-time,AAPL,1,2,1,1,10\n";                // line 3
    text += "2024-01-04T21:00:00Z,,1,2,1,1,10\n";          // line 4
    text += "2024-01-05T21:00:00Z,AAPL,1,2,3,1,10\n";      // line 5: high < low
    text += "2024-01-08T21:00:00Z,AAPL,1,2,1,1,-10\n";     // line 6
    text += "2024-01-09T21:00:00Z,AAPL,1,2,1,1.123456789,10\n";  // line 7: 9 decimals
    const std::string err = create_error("many.csv", text);
    EXPECT_TRUE(contains(err, "many.csv:2: expected 7 fields")) << err;
    EXPECT_TRUE(contains(err, "many.csv:3: bad ts 'not-a-time'")) << err;
    EXPECT_TRUE(contains(err, "many.csv:4: empty symbol")) << err;
    EXPECT_TRUE(contains(err, "many.csv:5: high 2 is below low 3")) << err;
    EXPECT_TRUE(contains(err, "many.csv:6: volume is negative")) << err;
    EXPECT_TRUE(contains(err, "1 more bad rows")) << err;
}

TEST(Replay, MissingColumnNamesFileAndColumn) {
    const std::string err = create_error("nocol.csv", "ts,symbol,open,high,low,volume\n2024-01-02,A,1,1,1,1\n");
    EXPECT_TRUE(contains(err, "nocol.csv")) << err;
    EXPECT_TRUE(contains(err, "missing column 'close'")) << err;
    const std::string qerr = create_error("noq.csv", "ts,sym,bid,ask\n", "quotes");
    EXPECT_TRUE(contains(qerr, "'symbol', 'bid_qty', 'ask_qty'")) << qerr;
}

TEST(Replay, OutOfOrderRowsAreRejected) {
    std::string text = kBarsHeader;
    text += "2024-01-03T21:00:00Z,AAPL,1,2,1,1,10\n";
    text += "2024-01-02T21:00:00Z,MSFT,1,2,1,1,10\n";
    const std::string err = create_error("order.csv", text);
    EXPECT_TRUE(contains(err, "order.csv:3: ts '2024-01-02T21:00:00Z' is earlier than the row at line 2")) << err;
}

TEST(Replay, MissingFileAndBadFormatAreConfigErrors) {
    Harness h(PLUGIN_PATH);
    h.set("file", kData + "/no_such_file.csv");
    try {
        h.create();
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_TRUE(contains(e.what(), "no_such_file.csv")) << e.what();
        EXPECT_TRUE(contains(e.what(), "config error")) << e.what();
    }
    Harness g(PLUGIN_PATH);
    g.set("file", kData + "/aapl_daily.csv");
    g.set("format", "ticks");
    EXPECT_THROW(g.create(), std::runtime_error);
}

TEST(Replay, HeaderOnlyFileFinishesAtOnce) {
    TempCsv f("empty_rows.csv", kBarsHeader);
    Harness h(PLUGIN_PATH);
    setup(h, f.path());
    EXPECT_FALSE(h.source_finished());
    h.advance(0);
    EXPECT_TRUE(h.source_finished());
    EXPECT_TRUE(h.published().empty());
}

TEST(Replay, BatchLimitsRowsPerTick) {
    Harness h(PLUGIN_PATH);
    setup(h, kData + "/aapl_daily.csv", {{"batch", "8"}});
    EXPECT_TRUE(h.published().empty()) << "nothing before the first tick";
    h.advance(0);
    EXPECT_EQ(h.take<th_bar>("bars").size(), 8u);
    h.advance(100 * kUs);
    EXPECT_EQ(h.take<th_bar>("bars").size(), 8u);
    EXPECT_FALSE(h.source_finished());
    h.advance(100 * kUs);
    EXPECT_EQ(h.take<th_bar>("bars").size(), 5u);
    EXPECT_TRUE(h.source_finished());
    h.advance(kSec);
    EXPECT_TRUE(h.published().empty()) << "the timer is cancelled at the end";
}

TEST(Replay, RateReleasesRowsPerWallSecond) {
    Harness h(PLUGIN_PATH);
    setup(h, kData + "/aapl_daily.csv", {{"rate", "4"}});
    h.advance(0);
    EXPECT_EQ(h.take<th_bar>("bars").size(), 1u);
    h.advance(250 * kMs);
    EXPECT_EQ(h.take<th_bar>("bars").size(), 1u);
    h.advance(1 * kSec);
    EXPECT_EQ(h.take<th_bar>("bars").size(), 4u);
    h.stop();
    h.advance(10 * kSec);
    EXPECT_TRUE(h.take<th_bar>("bars").empty()) << "stop cancels the timer";
    EXPECT_FALSE(h.source_finished());
}

TEST(Replay, TwoInstancesAreIndependent) {
    Harness a(PLUGIN_PATH), b(PLUGIN_PATH);
    setup(a, kData + "/aapl_daily.csv", {{"batch", "5"}});
    setup(b, kData + "/quotes_ns.csv", {{"format", "quotes"}, {"batch", "1"}});
    a.advance(0);
    b.advance(0);
    EXPECT_EQ(a.take<th_bar>("bars").size(), 5u);
    EXPECT_EQ(b.take<th_quote>("quotes").size(), 1u);
    drain(a);
    drain(b);
    EXPECT_EQ(a.take<th_bar>("bars").size(), 16u);
    EXPECT_EQ(b.take<th_quote>("quotes").size(), 5u);
}

namespace {
void snapshot_restore_resumes() {
    using H = Harness;
    {
        H ref(PLUGIN_PATH);
        setup(ref, kData + "/aapl_daily.csv");
        drain(ref);
        auto all = ref.template take<th_bar>("bars");

        H a(PLUGIN_PATH);
        setup(a, kData + "/aapl_daily.csv", {{"batch", "8"}});
        a.advance(0);
        auto got = a.template take<th_bar>("bars");
        a.stop();
        const std::string blob = a.snapshot();
        H b(PLUGIN_PATH);
        b.set("file", kData + "/aapl_daily.csv");
        b.set("batch", "8");
        b.create();
        b.restore(blob);
        b.start();
        drain(b);
        auto rest = b.template take<th_bar>("bars");
        got.insert(got.end(), rest.begin(), rest.end());
        ASSERT_EQ(got.size(), all.size());
        for (size_t i = 0; i < all.size(); ++i) {
            EXPECT_EQ(got[i].hdr.ts, all[i].hdr.ts);
            EXPECT_EQ(got[i].close, all[i].close);
        }
    }
}
}  // namespace

TEST(Replay, SnapshotRestoreResumesAtTheNextRow) { snapshot_restore_resumes(); }
