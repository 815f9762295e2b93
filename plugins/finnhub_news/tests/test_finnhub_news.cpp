// finnhub_news: the plugin in the SDK harness (simulated clock) against a loopback double of
// Finnhub's /news and /company-news: stories once with their fields, minId, company-news
// dates, calls spaced within the rate limit, a 429 answered with a backoff and a venue status,
// a bad key, a restart, and config errors.
#include "double/loopback_server.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>

namespace tradehost::finnhub_news {
namespace {

constexpr const char* kToken = "test-finnhub-token-not-real";
constexpr int64_t kSec = 1000000000;
constexpr th_time_ns kNow = 1700000000000000000;  // 2023-11-14T22:13:20Z

std::string read(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Finnhub as documented: the key in X-Finnhub-Token (401 {"error":..} otherwise), arrays of
// articles newest first; /news honours minId.
class FinnhubDouble {
public:
    FinnhubDouble() {
        server.route("GET", "/api/v1/news", [this](const doubles::Request& r) { return answer(r, market); });
        server.route("GET", "/api/v1/company-news", [this](const doubles::Request& r) { return answer(r, company); });
    }
    std::string base() const { return server.http_url() + "/api/v1"; }
    void set_market(std::string body) {
        std::lock_guard<std::mutex> l(mu);
        market = std::move(body);
    }
    void set_company(std::string body) {
        std::lock_guard<std::mutex> l(mu);
        company = std::move(body);
    }
    doubles::LoopbackServer server;

private:
    doubles::Response answer(const doubles::Request& r, const std::string& body) {
        const std::string* t = r.header("X-Finnhub-Token");
        if (t == nullptr || *t != kToken) return doubles::Response::json(401, R"({"error":"Invalid API key."})");
        std::lock_guard<std::mutex> l(mu);
        return doubles::Response::json(200, body);
    }
    std::mutex mu;
    std::string market = "[]";
    std::string company = "[]";
};

std::string article(int64_t id, int64_t secs, const std::string& related = "") {
    return "{\"category\":\"general\",\"datetime\":" + std::to_string(secs) + ",\"headline\":\"Story " +
           std::to_string(id) + "\",\"id\":" + std::to_string(id) +
           ",\"image\":\"\",\"related\":\"" + related + "\",\"source\":\"Reuters\",\"summary\":\"s\",\"url\":\"https://www.reuters.com/" +
           std::to_string(id) + "\"}";
}

class FinnhubNewsTest : public ::testing::Test {
protected:
    FinnhubDouble venue;
    std::unique_ptr<testing::Harness> h;

    void make(const std::vector<std::string>& categories, const std::vector<std::string>& symbols,
              const std::string& token = kToken) {
        h = std::make_unique<testing::Harness>(PLUGIN_PATH);
        h->set_now(kNow);
        h->set("base_url", venue.base());
        h->set("verify_tls", "false");
        h->set("timeout", "5s");
        if (!categories.empty()) h->set_list("categories", categories);
        if (!symbols.empty()) h->set_list("symbols", symbols);
        h->set_secret("FINNHUB_API_KEY", token);
    }
    size_t calls() const { return venue.server.requests().size(); }
    void TearDown() override {
        if (h) h->stop();
    }
};

TEST_F(FinnhubNewsTest, MarketNewsOnceWithMinIdAndTheKeyInAHeader) {
    venue.set_market(read("market_news.json"));
    make({"general"}, {});
    h->create();
    h->start();
    h->advance(0);
    auto news = h->take<th_news>("news");
    ASSERT_EQ(news.size(), 1u);
    EXPECT_STREQ(news[0].id, "5085164");
    EXPECT_EQ(news[0].hdr.ts, 1596589501 * kSec);
    EXPECT_STREQ(news[0].source, "CNBC");
    EXPECT_STREQ(news[0].language, "en");
    EXPECT_STREQ(news[0].url, "https://www.cnbc.com/2020/08/04/square-sq-earnings-q2-2020.html");
    EXPECT_EQ(news[0].instrument_count, 0);
    auto st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_CONNECTED));

    auto reqs = venue.server.requests();
    ASSERT_EQ(reqs.size(), 1u);
    EXPECT_EQ(*reqs[0].param("category"), "general");
    EXPECT_EQ(reqs[0].param("minId"), nullptr);
    EXPECT_EQ(reqs[0].param("token"), nullptr);  // never in the URL
    EXPECT_EQ(*reqs[0].header("X-Finnhub-Token"), kToken);

    // The next poll asks only for newer ids; a story listed again is not published again.
    venue.set_market("[" + article(5085200, 1596589600) + "," + read("market_news.json").substr(1));
    h->advance(60 * kSec);
    news = h->take<th_news>("news");
    ASSERT_EQ(news.size(), 1u);
    EXPECT_STREQ(news[0].id, "5085200");
    reqs = venue.server.requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(*reqs[1].param("minId"), "5085164");
    EXPECT_EQ(h->metric("repeats"), 1);
    for (const auto& l : h->log_lines()) EXPECT_EQ(l.find(kToken), std::string::npos) << l;
}

TEST_F(FinnhubNewsTest, CompanyNewsWithDatesAndInstruments) {
    venue.set_company("[" + article(11, 1699990000, "MSFT,AAPL") + "," + read("company_news.json").substr(1));
    make({}, {"AAPL"});
    h->create();
    h->start();
    h->advance(0);
    const auto news = h->take<th_news>("news");
    ASSERT_EQ(news.size(), 3u);
    EXPECT_STREQ(news[0].id, "25341");  // oldest first
    EXPECT_STREQ(news[1].id, "25286");
    EXPECT_EQ(news[1].hdr.ts, 1569550360 * kSec);
    ASSERT_EQ(news[1].instrument_count, 1);
    EXPECT_EQ(news[1].instruments[0], h->intern("AAPL"));
    EXPECT_STREQ(news[1].source, "The Economic Times India");
    ASSERT_EQ(news[2].instrument_count, 2);  // the query's symbol once, then the others related
    EXPECT_EQ(news[2].instruments[0], h->intern("AAPL"));
    EXPECT_EQ(news[2].instruments[1], h->intern("MSFT"));
    // The headline (four repeats, 287 bytes) is cut to fit th_news at a character boundary.
    EXPECT_EQ(std::strlen(news[1].headline), sizeof(news[1].headline) - 1);
    const auto reqs = venue.server.requests();
    ASSERT_EQ(reqs.size(), 1u);
    EXPECT_EQ(reqs[0].path, "/api/v1/company-news");
    EXPECT_EQ(*reqs[0].param("symbol"), "AAPL");
    EXPECT_EQ(*reqs[0].param("from"), "2023-11-12");
    EXPECT_EQ(*reqs[0].param("to"), "2023-11-14");
}

TEST_F(FinnhubNewsTest, CallsStayWithinTheRateLimit) {
    make({"general", "forex"}, {"AAPL", "MSFT"});
    h->set("interval", "1s");           // every query always due
    h->set("calls_per_minute", "30");   // one call every 2 s
    h->create();
    h->start();
    h->advance(0);
    for (int s = 1; s <= 60; ++s) h->advance(kSec);
    EXPECT_EQ(calls(), 31u);  // t = 0, 2, ..., 60 s
    // Round robin by due time: each query asked about as often.
    EXPECT_GE(venue.server.requests("GET", "/api/v1/company-news").size(), 15u);
}

TEST_F(FinnhubNewsTest, A429StopsEveryCallForTheBackoffAndSaysSo) {
    venue.set_market("[" + article(1, 1699990000) + "]");
    make({"general"}, {"AAPL"});
    h->set("interval", "10s");
    h->create();
    h->start();
    doubles::Response limited = doubles::Response::json(429, R"({"error":"API limit reached. Please try again later. Remaining Limit: 0"})");
    venue.server.inject(limited, 1);
    h->advance(0);  // general: 429
    auto st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    EXPECT_STREQ(st[0].text, "finnhub: rate limited (429); retry in 60s");
    EXPECT_EQ(h->metric("rate_limited"), 1);
    for (int s = 1; s < 60; ++s) h->advance(kSec);
    EXPECT_EQ(calls(), 1u);  // nothing during the backoff, company news included
    h->advance(kSec);
    EXPECT_EQ(calls(), 2u);
    st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_CONNECTED));
    EXPECT_STREQ(st[0].text, "finnhub: recovered");

    // A 429 with Retry-After waits what it says; 429s in a row without it back off further.
    limited.headers.emplace_back("Retry-After", "5");
    venue.server.inject(limited, 1);
    h->advance(10 * kSec);
    st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 2u);
    EXPECT_STREQ(st[0].text, "finnhub: rate limited (429); retry in 5s");
    EXPECT_STREQ(st[1].text, "finnhub: recovered");
    EXPECT_EQ(h->take<th_news>("news").size(), 1u);
}

TEST_F(FinnhubNewsTest, ABadKeyIsReportedWithoutIt) {
    const std::string wrong = "wrong-finnhub-key-123";
    make({"general"}, {}, wrong);
    h->create();
    h->start();
    h->advance(0);
    const auto st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    EXPECT_NE(std::string(st[0].text).find("HTTP 401 Invalid API key."), std::string::npos) << st[0].text;
    EXPECT_NE(std::string(st[0].text).find("retry in 120s"), std::string::npos) << st[0].text;
    EXPECT_EQ(std::string(st[0].text).find(wrong), std::string::npos);
    for (const auto& l : h->log_lines()) EXPECT_EQ(l.find(wrong), std::string::npos) << l;
}

TEST_F(FinnhubNewsTest, ARestartRepeatsNothingAndKeepsMinId) {
    venue.set_market("[" + article(2, 1699990100) + "," + article(1, 1699990000) + "]");
    std::map<std::string, std::string> saved;
    make({"general"}, {});
    h->create();
    h->start();
    h->advance(0);
    EXPECT_EQ(h->take<th_news>("news").size(), 2u);
    h->stop();
    saved = h->state();
    make({"general"}, {});
    h->state() = saved;
    h->create();
    h->start();
    h->advance(0);
    EXPECT_TRUE(h->take<th_news>("news").empty());
    const auto reqs = venue.server.requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(*reqs[1].param("minId"), "2");
}

TEST_F(FinnhubNewsTest, BadConfigNamesTheKey) {
    make({"sports"}, {});
    try {
        h->create();
        FAIL() << "accepted an unknown category";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("categories: 'sports'"), std::string::npos) << e.what();
    }
    make({}, {});
    EXPECT_THROW(h->create(), std::exception);
}

}  // namespace
}  // namespace tradehost::finnhub_news
