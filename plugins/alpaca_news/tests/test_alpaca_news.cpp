// alpaca_news: the plugin in the SDK harness against the loopback news double: stories once,
// a disconnect with stories published meanwhile (they arrive once, through the backfill), a
// 429 during the backfill, a restart, Alpaca's error codes, and config errors.
#include "news_double.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <set>
#include <thread>

namespace tradehost::alpaca_news::test {
namespace {

constexpr const char* kKey = "PKTEST0000000000";
constexpr const char* kSecret = "test-secret-not-real";
// The harness clock: 2023-11-14T22:13:20Z. Stories are created shortly before it.
constexpr th_time_ns kNow = 1700000000000000000;

DoubleStory story(int64_t id, const std::string& created, const std::vector<std::string>& symbols = {"AAPL"}) {
    DoubleStory s;
    s.id = id;
    s.headline = "Story " + std::to_string(id);
    s.summary = "Summary of story " + std::to_string(id);
    s.created_at = created;
    s.updated_at = created;
    s.symbols = symbols;
    s.url = "https://www.benzinga.com/news/23/11/" + std::to_string(id) + "/story?utm_source=feed";
    return s;
}

class AlpacaNewsTest : public ::testing::Test {
protected:
    NewsDouble venue{kKey, kSecret};
    std::unique_ptr<testing::Harness> h;
    std::vector<th_news> news;
    std::vector<th_venue_status> statuses;

    void TearDown() override {
        if (h) h->stop();
    }

    void make(const std::string& secret = kSecret) {
        h = std::make_unique<testing::Harness>(PLUGIN_PATH);
        h->set_now(kNow);
        h->set("stream_url", venue.stream_url());
        h->set("rest_url", venue.rest_url());
        h->set("verify_tls", "false");
        h->set("reconnect_min", "20ms");
        h->set("reconnect_max", "200ms");
        h->set("rate_limit_backoff", "20ms");
        h->set("http_timeout", "5s");
        h->set_secret("APCA_API_KEY_ID", kKey);
        h->set_secret("APCA_API_SECRET_KEY", secret);
    }

    void collect() {
        auto n = h->take<th_news>("news");
        news.insert(news.end(), n.begin(), n.end());
        auto s = h->take<th_venue_status>("status");
        statuses.insert(statuses.end(), s.begin(), s.end());
    }

    // Polls until `pred` holds; a generous deadline, never a verdict by timing.
    bool wait(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(20000)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            collect();
            if (pred()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    int count_status(uint32_t state, const char* part = "") const {
        int n = 0;
        for (const auto& s : statuses)
            if (s.state == state && std::strstr(s.text, part)) ++n;
        return n;
    }

    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& n : news) out.emplace_back(n.id);
        return out;
    }

    std::string diagnostics() const {
        std::string out = "log:\n";
        for (const auto& l : h->log_lines()) out += "  " + l + "\n";
        out += "status:\n";
        for (const auto& s : statuses) out += "  " + std::to_string(s.state) + " " + s.text + "\n";
        out += "requests:\n";
        for (const auto& r : venue.news_requests()) out += "  " + r.target + "\n";
        out += "news:";
        for (const auto& n : news) out += std::string(" ") + n.id;
        return out + "\n";
    }

    void start_subscribed() {
        h->create();
        h->start();
        ASSERT_TRUE(wait([&] { return venue.subscribed_sessions() == 1 && count_status(TH_VENUE_CONNECTED) >= 1; }))
            << diagnostics();
    }
};

TEST_F(AlpacaNewsTest, TheDocumentedStoryOnceWithItsFields) {
    make();
    start_subscribed();
    EXPECT_EQ(venue.last_subscription(), std::vector<std::string>{"*"});
    DoubleStory s;
    s.id = 24918784;
    s.headline = "Corsair Reports Purchase Of Majority Ownership In iDisplay, No Terms Disclosed";
    s.summary = "Corsair Gaming, Inc. (NASDAQ:CRSR) acquired a 51% stake in iDisplay";
    s.created_at = "2022-01-05T22:00:37Z";
    s.updated_at = "2022-01-05T22:00:38Z";
    s.symbols = {"CRSR"};
    s.url = "https://www.benzinga.com/m-a/22/01/24918784/corsair-reports-purchase?utm_source=x";
    venue.publish(s);
    venue.publish(s);  // Alpaca re-sends a story when it is updated: published once
    venue.publish(story(7, "2023-11-14T22:00:00Z", {"AAPL", "MSFT"}));
    ASSERT_TRUE(wait([&] { return news.size() >= 2 && h->metric("repeats") >= 1; })) << diagnostics();
    ASSERT_EQ(news.size(), 2u);
    const th_news& n = news[0];
    EXPECT_STREQ(n.id, "24918784");
    EXPECT_STREQ(n.source, "benzinga");
    EXPECT_STREQ(n.language, "en");
    EXPECT_STREQ(n.headline, s.headline.c_str());
    EXPECT_STREQ(n.url, "https://www.benzinga.com/m-a/22/01/24918784/corsair-reports-purchase");
    EXPECT_EQ(n.hdr.ts, 1641420037000000000);
    EXPECT_EQ(n.updated, 1641420038000000000);
    ASSERT_EQ(n.instrument_count, 1);
    EXPECT_EQ(n.instruments[0], h->intern("CRSR"));
    ASSERT_EQ(news[1].instrument_count, 2);
    EXPECT_EQ(news[1].instruments[1], h->intern("MSFT"));
    EXPECT_EQ(news[1].updated, 0);
    EXPECT_TRUE(venue.news_requests().empty());  // a first connect owes no backfill
}

TEST_F(AlpacaNewsTest, StoriesPublishedDuringADisconnectArriveOnceThroughTheBackfill) {
    make();
    h->set_list("symbols", {"AAPL", "TSLA"});
    start_subscribed();
    EXPECT_EQ(venue.last_subscription(), (std::vector<std::string>{"AAPL", "TSLA"}));
    venue.set_page_size(2);  // several pages
    venue.publish(story(1, "2023-11-14T22:00:00Z"));
    venue.publish(story(2, "2023-11-14T22:01:00Z"));
    ASSERT_TRUE(wait([&] { return news.size() == 2; })) << diagnostics();

    // The connection drops mid-stream; reconnects wait unanswered while stories go out.
    venue.set_offline(true);
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED, "news") >= 1; })) << diagnostics();
    venue.publish(story(3, "2023-11-14T22:02:00Z"));
    venue.publish(story(4, "2023-11-14T22:03:00Z", {"TSLA"}));
    venue.publish(story(5, "2023-11-14T22:04:00Z"));
    venue.set_offline(false);
    ASSERT_TRUE(wait([&] { return news.size() >= 5 && h->metric("backfills") == 1; })) << diagnostics();
    venue.publish(story(6, "2023-11-14T22:05:00Z"));  // live again
    ASSERT_TRUE(wait([&] { return news.size() >= 6; })) << diagnostics();
    EXPECT_EQ(ids(), (std::vector<std::string>{"1", "2", "3", "4", "5", "6"}));
    EXPECT_GE(h->metric("repeats"), 2);  // 1 and 2 came back in the backfill's overlap

    // The backfill asked from the newest story seen less the overlap, oldest first, with the
    // keys in headers and the symbols, and followed the page tokens to the end.
    const auto reqs = venue.news_requests();
    ASSERT_EQ(reqs.size(), 3u);
    EXPECT_EQ(*reqs[0].param("start"), "2023-11-14T21:56:00Z");
    EXPECT_EQ(*reqs[0].param("sort"), "asc");
    EXPECT_EQ(*reqs[0].param("symbols"), "AAPL,TSLA");
    EXPECT_EQ(reqs[0].param("page_token"), nullptr);
    EXPECT_EQ(*reqs[1].param("page_token"), "tok2");
    EXPECT_EQ(*reqs[2].param("page_token"), "tok4");
    EXPECT_EQ(*reqs[0].header("APCA-API-KEY-ID"), kKey);
    EXPECT_GE(count_status(TH_VENUE_CONNECTED, "news"), 2);
    EXPECT_EQ(count_status(TH_VENUE_GAP), 0);
}

TEST_F(AlpacaNewsTest, ABackfillWaitsOutA429AndCompletes) {
    make();
    start_subscribed();
    venue.publish(story(1, "2023-11-14T22:00:00Z"));
    ASSERT_TRUE(wait([&] { return news.size() == 1; })) << diagnostics();
    venue.set_offline(true);
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED) >= 1; })) << diagnostics();
    venue.publish(story(2, "2023-11-14T22:02:00Z"));
    doubles::Response limited = doubles::Response::json(429, R"({"message":"too many requests"})");
    limited.headers.emplace_back("X-RateLimit-Limit", "200");
    limited.headers.emplace_back("X-RateLimit-Remaining", "0");
    venue.server().inject(limited, 2, "GET");
    venue.set_offline(false);
    ASSERT_TRUE(wait([&] { return news.size() >= 2 && h->metric("backfills") == 1; })) << diagnostics();
    EXPECT_EQ(ids(), (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(h->metric("rate_limited"), 2);
    bool said = false;
    for (const auto& l : h->log_lines()) said = said || l.find("rate limited (429)") != std::string::npos;
    EXPECT_TRUE(said) << diagnostics();
    EXPECT_EQ(count_status(TH_VENUE_GAP), 0);
}

TEST_F(AlpacaNewsTest, ABackfillThatCannotFinishSaysSoAndIsRetriedAtTheNextReconnect) {
    make();
    h->set("max_rate_limit_waits", "1");
    start_subscribed();
    venue.publish(story(1, "2023-11-14T22:00:00Z"));
    ASSERT_TRUE(wait([&] { return news.size() == 1; })) << diagnostics();
    venue.set_offline(true);
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED) >= 1; })) << diagnostics();
    venue.publish(story(2, "2023-11-14T22:02:00Z"));
    venue.server().inject(doubles::Response::json(429, R"({"message":"too many requests"})"), 2, "GET");
    venue.set_offline(false);
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_GAP, "news: gap since 2023-11-14T21:55:00Z") == 1; })) << diagnostics();
    EXPECT_EQ(news.size(), 1u);
    // The next reconnect owes the same backfill, and this time it goes through.
    venue.set_offline(true);
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED) >= 2; })) << diagnostics();
    venue.set_offline(false);
    ASSERT_TRUE(wait([&] { return news.size() >= 2; })) << diagnostics();
    EXPECT_EQ(ids(), (std::vector<std::string>{"1", "2"}));
}

TEST_F(AlpacaNewsTest, ARestartReadsBackWhatItMissedAndRepeatsNothing) {
    make();
    start_subscribed();
    venue.publish(story(1, "2023-11-14T22:00:00Z"));
    venue.publish(story(2, "2023-11-14T22:01:00Z"));
    ASSERT_TRUE(wait([&] { return news.size() == 2; })) << diagnostics();
    h->stop();
    const auto saved = h->state();
    h.reset();
    venue.publish(story(3, "2023-11-14T22:02:00Z"));  // while the host was down
    news.clear();
    statuses.clear();
    make();
    h->state() = saved;
    start_subscribed();
    ASSERT_TRUE(wait([&] { return news.size() >= 1 && h->metric("backfills") == 1; })) << diagnostics();
    venue.publish(story(4, "2023-11-14T22:03:00Z"));
    ASSERT_TRUE(wait([&] { return news.size() >= 2; })) << diagnostics();
    EXPECT_EQ(ids(), (std::vector<std::string>{"3", "4"}));
    EXPECT_EQ(h->metric("repeats"), 2);
}

TEST_F(AlpacaNewsTest, AlpacaErrorCodesAreReportedWithoutTheSecret) {
    venue.set_connection_limit(0);
    make();
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED, "error 406 connection limit exceeded") >= 1; }))
        << diagnostics();
    h->stop();
    h.reset();
    statuses.clear();

    venue.set_connection_limit(100);
    const std::string wrong = "wrong-secret-value-123";
    make(wrong);
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_DISCONNECTED, "error 402 auth failed") >= 1; })) << diagnostics();
    for (const auto& l : h->log_lines()) EXPECT_EQ(l.find(wrong), std::string::npos) << l;
    for (const auto& s : statuses) EXPECT_EQ(std::string(s.text).find(wrong), std::string::npos);
    EXPECT_EQ(venue.subscribed_sessions(), 0u);
}

TEST_F(AlpacaNewsTest, BadConfigNamesTheKey) {
    make();
    h->set("stream_url", "https://stream.data.alpaca.markets/v1beta1/news");
    try {
        h->create();
        FAIL() << "accepted an http stream URL";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("stream_url: expected a wss:// URL"), std::string::npos) << e.what();
    }
    make();
    h->set_list("symbols", {"AAPL,MSFT"});
    EXPECT_THROW(h->create(), std::exception);
}

}  // namespace
}  // namespace tradehost::alpaca_news::test
