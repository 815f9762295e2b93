// alpaca_news: parsing Alpaca's documented payloads, and the saved state's round trip.
#include "news_message.hpp"
#include "seen_stories.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace tradehost::alpaca_news {
namespace {

std::string read(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(NewsMessage, TheDocumentedStreamExample) {
    venue::json::Decoder dec;
    const auto stories = parse_stream_news(dec, read("stream_news.json"));
    ASSERT_EQ(stories.size(), 1u);
    const Story& s = stories[0];
    EXPECT_EQ(s.id, 24918784);
    EXPECT_EQ(s.headline, "Corsair Reports Purchase Of Majority Ownership In iDisplay, No Terms Disclosed");
    EXPECT_EQ(s.author, "Benzinga Newsdesk");
    EXPECT_EQ(s.source, "benzinga");
    EXPECT_EQ(s.symbols, std::vector<std::string>{"CRSR"});
    EXPECT_EQ(s.created_ns, 1641420037000000000);  // 2022-01-05T22:00:37Z
    EXPECT_EQ(s.updated_ns, 1641420038000000000);
    EXPECT_EQ(s.summary.rfind("Corsair Gaming, Inc. (NASDAQ:CRSR) (\xE2\x80\x9C" "Corsair\xE2\x80\x9D)", 0), 0u);
    EXPECT_EQ(s.url.rfind("https://www.benzinga.com/m-a/22/01/24918784/", 0), 0u);
}

TEST(NewsMessage, ControlAndErrorFramesCarryNoStories) {
    venue::json::Decoder dec;
    for (const char* f : {"stream_connected.json", "stream_authenticated.json", "stream_subscription.json",
                          "stream_connection_limit.json", "stream_auth_failed.json"})
        EXPECT_TRUE(parse_stream_news(dec, read(f)).empty()) << f;
    EXPECT_THROW(parse_stream_news(dec, "[{\"T\":\"n\",\"id\":"), simdjson::simdjson_error);
}

TEST(NewsMessage, TheDocumentedRestPage) {
    venue::json::Decoder dec;
    const NewsPage p = parse_news_page(dec, read("news_page.json"));
    ASSERT_EQ(p.stories.size(), 1u);
    EXPECT_EQ(p.stories[0].id, 24843171);
    EXPECT_EQ(p.stories[0].author, "Charles Gross");
    EXPECT_EQ(p.stories[0].created_ns, 1640948922000000000);  // 2021-12-31T11:08:42Z
    EXPECT_EQ(p.stories[0].symbols, std::vector<std::string>{"AAPL"});
    EXPECT_EQ(p.next_page_token, "MTY0MDk0ODkyMzAwMDAwMDAwMHwyNDg0MzE3MQ==");
    EXPECT_TRUE(parse_news_page(dec, R"({"news":[],"next_page_token":null})").next_page_token.empty());
    EXPECT_THROW(parse_news_page(dec, R"({"message":"forbidden"})"), simdjson::simdjson_error);
    EXPECT_EQ(error_text(dec, R"({"message":"invalid start"})"), "invalid start");
    EXPECT_EQ(error_text(dec, "Too Many Requests"), "Too Many Requests");
}

TEST(NewsMessage, StartTimesInWholeSeconds) {
    EXPECT_EQ(rfc3339_seconds(1640948922999999999), "2021-12-31T11:08:42Z");
    EXPECT_EQ(rfc3339_seconds(0), "1970-01-01T00:00:00Z");
}

TEST(SeenStories, RoundTripAndLimit) {
    SeenStories s(3);
    s.remember(1, 100);
    s.remember(2, 300);
    s.remember(3, 200);
    s.remember(4, 250);  // forgets 1
    s.set_owed(280);
    EXPECT_FALSE(s.seen(1));
    EXPECT_TRUE(s.seen(4));
    EXPECT_EQ(s.newest_ns(), 300);
    SeenStories t(3);
    t.decode(s.encode());
    EXPECT_EQ(t.size(), 3u);
    EXPECT_TRUE(t.seen(2) && t.seen(3) && t.seen(4));
    EXPECT_EQ(t.newest_ns(), 300);
    EXPECT_EQ(t.owed_ns(), 280);
    try {
        t.decode("alpaca_news_state 1\nnewest 5\nbogus 3\n");
        FAIL() << "accepted a bad blob";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("alpaca_news state"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(t.seen(2));  // a failed decode changes nothing
}

}  // namespace
}  // namespace tradehost::alpaca_news
