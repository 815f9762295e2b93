// The news_replay source through the harness: the recording in order, then finished;
// errors that say where.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

using tradehost::testing::Harness;

namespace {
const std::string kDir = TEST_DATA_DIR;
}

TEST(NewsReplay, PublishesTheRecordingInOrderThenFinishes) {
    Harness h(PLUGIN_PATH);
    h.set("file", kDir + "/news_day.jsonl");
    h.set("batch", "50");
    h.create();
    h.start();
    for (int k = 0; k < 100 && !h.source_finished(); ++k) h.advance(100000);
    ASSERT_TRUE(h.source_finished());
    const auto all = h.published();
    ASSERT_EQ(all.size(), 121u * 4 + 17);
    th_time_ns last = 0;
    for (const auto& p : all) {
        EXPECT_GE(p.header().ts, last);
        last = p.header().ts;
    }
    const auto news = h.take<th_news>("news");
    ASSERT_EQ(news.size(), 17u);
    EXPECT_EQ(std::string(news[0].id), "a-1001");
    EXPECT_EQ(news[0].hdr.ts, 1704205800000000000 + (3 * 60 + 30) * 1000000000LL);  // 14:33:30Z
    EXPECT_EQ(std::string(news[2].source), "wire_a");
    ASSERT_EQ(news[2].instrument_count, 1u);
    EXPECT_EQ(news[2].instruments[0], h.intern("TSLA"));
    const auto quotes = h.take<th_quote>("quotes");
    ASSERT_EQ(quotes.size(), 484u);
    EXPECT_EQ(quotes[0].instrument, h.intern("AAPL"));
    EXPECT_GT(quotes[0].ask_px, quotes[0].bid_px);
}

TEST(NewsReplay, ErrorsNameFileLineAndColumn) {
    {
        Harness h(PLUGIN_PATH);
        h.set("file", kDir + "/bad_order.jsonl");
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find("bad_order.jsonl:2:1: \"ts\" 2024-01-02T14:30:00Z is earlier"),
                      std::string::npos)
                << e.what();
        }
    }
    {
        Harness h(PLUGIN_PATH);
        h.set("file", kDir + "/bad_json.jsonl");
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find("bad_json.jsonl:2:50: invalid JSON"), std::string::npos) << e.what();
        }
    }
}
