// The news_mapper plugin through the harness.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

using tradehost::testing::Harness;

namespace {

th_news story(const std::string& headline, const std::string& summary = "") {
    auto n = tradehost::make_event<th_news>(1704205800000000000);
    tradehost::copy_str(n.id, "s1");
    tradehost::copy_str(n.headline, headline);
    tradehost::copy_str(n.summary, summary);
    return n;
}

}  // namespace

TEST(NewsMapperPlugin, AddsNamedInstrumentsAfterTheFeedsOwn) {
    Harness h(PLUGIN_PATH);
    h.set("aliases", std::string(NEWS_MAPPER_DATA_DIR) + "/aliases_sample.tsv");
    h.create();
    auto n = story("Microsoft and $NVDA rally", "Apple shares also rose (NASDAQ: AAPL).");
    n.instruments[n.instrument_count++] = h.intern("NVDA");  // the feed's own symbol list
    ASSERT_EQ(h.send("news", n), TH_OK) << h.last_error();
    const auto out = h.take<th_news>("news");
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].instrument_count, 3u);
    EXPECT_EQ(out[0].instruments[0], h.intern("NVDA"));
    EXPECT_EQ(out[0].instruments[1], h.intern("MSFT"));
    EXPECT_EQ(out[0].instruments[2], h.intern("AAPL"));
    EXPECT_EQ(std::string(out[0].headline), "Microsoft and $NVDA rally");
}

TEST(NewsMapperPlugin, UnmappedStoriesPassUnlessDropped) {
    Harness keep(PLUGIN_PATH);
    keep.create();
    ASSERT_EQ(keep.send("news", story("Markets are calm")), TH_OK);
    EXPECT_EQ(keep.take<th_news>("news").size(), 1u);
    EXPECT_EQ(keep.metric("unmapped"), 1);

    Harness drop(PLUGIN_PATH);
    drop.set("drop_unmapped", "true");
    drop.create();
    ASSERT_EQ(drop.send("news", story("Markets are calm")), TH_OK);
    EXPECT_TRUE(drop.take<th_news>("news").empty());
}

TEST(NewsMapperPlugin, ABadDictionaryFailsCreateWithItsLocation) {
    Harness h(PLUGIN_PATH);
    h.set("aliases", "/nonexistent/aliases.tsv");
    try {
        h.create();
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/aliases.tsv: cannot open"), std::string::npos) << e.what();
    }
}
