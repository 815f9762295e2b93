// The news_dedup plugin through the harness: exact keys, near duplicates, the window, and
// state across restart and hot reload.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

using tradehost::testing::Harness;

namespace {

constexpr th_time_ns kT0 = 1704205800000000000;
constexpr int64_t kMin = 60000000000;

th_news story(const std::string& source, const std::string& id, const std::string& url, const std::string& headline,
              th_time_ns ts) {
    auto n = tradehost::make_event<th_news>(ts);
    tradehost::copy_str(n.source, source);
    tradehost::copy_str(n.id, id);
    tradehost::copy_str(n.url, url);
    tradehost::copy_str(n.headline, headline);
    return n;
}

size_t pass(Harness& h, const th_news& n) {
    EXPECT_EQ(h.send("news", n), TH_OK) << h.last_error();
    return h.take<th_news>("news").size();
}

}  // namespace

TEST(NewsDedupPlugin, ExactDuplicatesByUrlGuidAndSourceId) {
    Harness h(PLUGIN_PATH);
    h.create();
    h.start();
    EXPECT_EQ(pass(h, story("a", "123", "https://news.example/x?id=1", "Fed holds rates", kT0)), 1u);
    // Same link from another outlet, spelt differently (case, port, tracking parameter).
    EXPECT_EQ(pass(h, story("b", "zz", "HTTPS://News.Example:443/x?id=1&utm_source=rss", "Different words entirely", kT0)), 0u);
    // Same source id from the same source, new link and words.
    EXPECT_EQ(pass(h, story("a", "123", "https://news.example/y", "Totally new headline text", kT0)), 0u);
    // The same source id from another source is another story.
    EXPECT_EQ(pass(h, story("c", "123", "", "Oil climbs on supply worries", kT0)), 1u);
    // A GUID that is a URL matches across sources.
    EXPECT_EQ(pass(h, story("d", "https://wire.example/s/9", "", "Gold hits a record", kT0)), 1u);
    EXPECT_EQ(pass(h, story("e", "https://WIRE.example/s/9", "", "Unrelated words here", kT0)), 0u);
    EXPECT_EQ(h.metric("exact_duplicates"), 3);
    EXPECT_EQ(h.metric("kept"), 3);
}

TEST(NewsDedupPlugin, NearDuplicatesWithinTheWindowOnly) {
    Harness h(PLUGIN_PATH);
    h.set("window", "1h");
    h.create();
    h.start();
    const std::string a = "Federal Reserve holds interest rates steady, signals three cuts in 2024";
    const std::string b = "Federal Reserve holds rates steady and signals three cuts in 2024";
    EXPECT_EQ(pass(h, story("a", "1", "https://a.example/1", a, kT0)), 1u);
    EXPECT_EQ(pass(h, story("b", "2", "https://b.example/2", b, kT0 + 5 * kMin)), 0u);
    EXPECT_EQ(h.metric("near_duplicates"), 1);
    // Two hours later the first is out of the window: the rewrite is news again.
    EXPECT_EQ(pass(h, story("c", "3", "https://c.example/3", b, kT0 + 120 * kMin)), 1u);
    // A distinct story about the same company passes.
    EXPECT_EQ(pass(h, story("d", "4", "https://d.example/4", "Federal Reserve minutes show officials split on hikes",
                            kT0 + 121 * kMin)),
              1u);
}

TEST(NewsDedupPlugin, TheWindowSurvivesRestartAndHotReload) {
    std::map<std::string, std::string> saved;
    {
        Harness h(PLUGIN_PATH);
        h.create();
        h.start();
        EXPECT_EQ(pass(h, story("a", "1", "https://a.example/1", "Nvidia shares jump on AI chip demand", kT0)), 1u);
        saved = h.state();
    }
    Harness h(PLUGIN_PATH);
    h.state() = saved;
    h.create();
    h.start();
    EXPECT_EQ(pass(h, story("a", "1", "https://a.example/1", "Nvidia shares jump on AI chip demand", kT0)), 0u);
    EXPECT_EQ(pass(h, story("b", "9", "https://b.example/9", "Nvidia shares jump on AI chip demand!", kT0)), 0u);

    // Hot reload: snapshot of the old instance into a new one.
    h.stop();
    const std::string snap = h.snapshot();
    Harness next(PLUGIN_PATH);
    next.create();
    next.restore(snap);
    next.start();
    EXPECT_EQ(pass(next, story("a", "1", "https://a.example/1", "x", kT0)), 0u);
    EXPECT_EQ(pass(next, story("z", "7", "https://z.example/7", "Something else happened", kT0)), 1u);
}

TEST(NewsDedupPlugin, ADamagedSavedWindowIsReportedNotFatal) {
    Harness h(PLUGIN_PATH);
    h.state()["window"] = "news_dedup 1\ns 12 nothex";
    h.create();
    h.start();
    bool warned = false;
    for (const auto& l : h.log_lines()) warned = warned || l.find("ignoring saved window") != std::string::npos;
    EXPECT_TRUE(warned);
    EXPECT_EQ(pass(h, story("a", "1", "https://a.example/1", "Fine", kT0)), 1u);
}
