// The rss plugin against a loopback feed server serving the published samples: conditional
// requests and 304s, per-feed intervals, malformed XML, a feed that goes away and comes
// back, and no story twice across a restart.
#include "feed_server.hpp"
#include "redirects.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

using tradehost::rss::testing::FeedServer;
using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;
const std::string kLastModified = "Tue, 10 Jun 2003 09:41:01 GMT";

std::unique_ptr<Harness> make(const std::vector<std::string>& feeds, const std::string& interval = "10s") {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set_list("feeds", feeds);
    h->set("interval", interval);
    h->set("max_backoff", "80s");
    h->set("timeout", "2s");
    return h;
}

std::vector<std::string> headlines(const std::vector<th_news>& news) {
    std::vector<std::string> out;
    for (const auto& n : news) out.emplace_back(n.headline);
    return out;
}

}  // namespace

TEST(RssPlugin, PublishesEachStoryOnceOldestFirstAndPollsConditionally) {
    FeedServer srv;
    srv.serve_file("/rss.xml", "rss2_sample.xml", "\"v1\"", kLastModified);
    auto h = make({srv.url("/rss.xml")});
    h->create();
    h->start();
    h->advance(0);
    auto news = h->take<th_news>("news");
    ASSERT_EQ(news.size(), 4u);
    EXPECT_EQ(headlines(news)[0], "Astronauts' Dirty Laundry");  // 20 May, the oldest
    EXPECT_EQ(headlines(news)[3], "Star City");
    EXPECT_EQ(news[3].hdr.ts, 1054633161 * kSec);
    EXPECT_EQ(std::string(news[3].id), "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573");
    EXPECT_EQ(std::string(news[3].url), "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp");
    EXPECT_EQ(std::string(news[3].source), "127.0.0.1");
    // The titleless item takes its headline from the description.
    EXPECT_EQ(std::string(news[2].headline).rfind("Sky watchers in Europe", 0), 0u);

    // Next poll after the interval: a conditional request, answered 304, nothing new.
    h->advance(10 * kSec);
    const auto reqs = srv.requests("/rss.xml");
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[0].header("If-None-Match"), nullptr);
    ASSERT_NE(reqs[1].header("If-None-Match"), nullptr);
    EXPECT_EQ(*reqs[1].header("If-None-Match"), "\"v1\"");
    ASSERT_NE(reqs[1].header("If-Modified-Since"), nullptr);
    EXPECT_EQ(*reqs[1].header("If-Modified-Since"), kLastModified);
    EXPECT_TRUE(h->take<th_news>("news").empty());
    EXPECT_EQ(h->metric("not_modified"), 1);

    // Not due yet: no request.
    h->advance(5 * kSec);
    EXPECT_EQ(srv.requests("/rss.xml").size(), 2u);
}

TEST(RssPlugin, EachFeedKeepsItsOwnInterval) {
    FeedServer srv;
    srv.serve_file("/fast.xml", "atom_rfc4287_brief.xml", "\"a\"", "");
    srv.serve_file("/slow.xml", "atom_rfc4287_extensive.xml", "", "Sun, 31 Jul 2005 12:29:29 GMT");
    auto h = make({srv.url("/fast.xml") + " 2s", srv.url("/slow.xml") + " 6s"});
    h->create();
    h->start();
    h->advance(0);
    EXPECT_EQ(h->take<th_news>("news").size(), 2u);
    h->advance(6 * kSec);
    EXPECT_EQ(srv.requests("/fast.xml").size(), 4u);  // at 0, 2, 4, 6
    EXPECT_EQ(srv.requests("/slow.xml").size(), 2u);  // at 0, 6
    const auto slow = srv.requests("/slow.xml");
    ASSERT_NE(slow[1].header("If-Modified-Since"), nullptr);  // no ETag: the date validates
    EXPECT_EQ(slow[1].header("If-None-Match"), nullptr);
}

TEST(RssPlugin, AFailingFeedBacksOffAndSaysSoWhileTheOthersCarryOn) {
    FeedServer srv;
    srv.serve_file("/good.xml", "rss2_sample.xml", "\"g\"", "");
    srv.serve_file("/bad.xml", "malformed.xml", "\"b\"", "");
    auto h = make({srv.url("/good.xml"), srv.url("/bad.xml")});
    h->create();
    h->start();
    h->advance(0);
    EXPECT_EQ(h->take<th_news>("news").size(), 4u);  // the good feed is not held up
    auto st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));
    const std::string text = st[0].text;
    EXPECT_NE(text.find("/bad.xml: malformed feed: line 6"), std::string::npos) << text;
    EXPECT_NE(text.find("retry in 20s"), std::string::npos) << text;

    // Backoff doubles from the interval: 20s, then 40s, then the 80s cap.
    h->advance(10 * kSec);
    EXPECT_EQ(srv.requests("/bad.xml").size(), 1u);
    h->advance(10 * kSec);
    EXPECT_EQ(srv.requests("/bad.xml").size(), 2u);
    st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_DISCONNECTED));  // still down: /healthz stays degraded
    EXPECT_NE(std::string(st[0].text).find("retry in 40s"), std::string::npos) << st[0].text;

    // The publisher fixes the file: the next poll recovers and says so.
    srv.serve_file("/bad.xml", "atom_rfc4287_brief.xml", "\"b2\"", "");
    h->advance(40 * kSec);
    st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_EQ(st[0].state, static_cast<uint32_t>(TH_VENUE_CONNECTED));
    EXPECT_EQ(headlines(h->take<th_news>("news")), std::vector<std::string>{"Atom-Powered Robots Run Amok"});
}

TEST(RssPlugin, AFeedThatGoesAwayIsRetriedUpToTheCapAndAServerThatIsGoneToo) {
    auto srv = std::make_unique<FeedServer>();
    srv->serve_file("/gone.xml", "rss2_sample.xml", "\"g\"", "");
    srv->fail("/gone.xml", 410);
    auto h = make({srv->url("/gone.xml")});
    h->create();
    h->start();
    for (int k = 0; k < 6; ++k) h->advance(80 * kSec);
    auto st = h->take<th_venue_status>("status");
    ASSERT_GE(st.size(), 4u);
    EXPECT_NE(std::string(st[0].text).find("HTTP 410"), std::string::npos) << st[0].text;
    EXPECT_NE(std::string(st.back().text).find("retry in 80s"), std::string::npos) << st.back().text;
    EXPECT_TRUE(h->take<th_news>("news").empty());

    // The whole server disappears: a transport error, reported the same way.
    const std::string url = srv->url("/gone.xml");
    srv.reset();
    h->advance(80 * kSec);
    st = h->take<th_venue_status>("status");
    ASSERT_EQ(st.size(), 1u);
    EXPECT_NE(std::string(st[0].text).find(url + ": "), std::string::npos) << st[0].text;
}

TEST(RssPlugin, ARestartPublishesNothingTwice) {
    FeedServer srv;
    srv.serve_file("/rss.xml", "rss2_sample.xml", "", "");  // no validators: full body each time
    std::map<std::string, std::string> saved;
    {
        auto h = make({srv.url("/rss.xml")});
        h->create();
        h->start();
        h->advance(0);
        EXPECT_EQ(h->take<th_news>("news").size(), 4u);
        saved = h->state();
        h->stop();
    }
    auto h = make({srv.url("/rss.xml")});
    h->state() = saved;
    h->create();
    h->start();
    h->advance(0);
    EXPECT_TRUE(h->take<th_news>("news").empty());
    EXPECT_EQ(srv.requests("/rss.xml").size(), 2u);
}

TEST(RssPlugin, AFeedThatMovedIsFollowed) {
    FeedServer srv;
    srv.serve_file("/new/rss.xml", "rss2_sample.xml", "\"v1\"", "");
    srv.redirect("/old.xml", 301, "/new/rss.xml");            // path-absolute
    srv.redirect("/temp.xml", 302, srv.url("/old.xml"));      // absolute, then another hop
    auto h = make({srv.url("/temp.xml")});
    h->create();
    h->start();
    h->advance(0);
    EXPECT_EQ(h->take<th_news>("news").size(), 4u);
    EXPECT_EQ(h->metric("redirects"), 2);
    EXPECT_TRUE(h->take<th_venue_status>("status").empty());
    // The next poll goes the same way and is conditional at the end of it.
    h->advance(10 * kSec);
    const auto reqs = srv.requests("/new/rss.xml");
    ASSERT_EQ(reqs.size(), 2u);
    ASSERT_NE(reqs[1].header("If-None-Match"), nullptr);
    EXPECT_EQ(h->metric("not_modified"), 1);
}

TEST(RssPlugin, RedirectLocationsResolve) {
    using tradehost::rss::resolve_location;
    EXPECT_EQ(resolve_location("http://a.example/x/feed.xml?q=1", "https://b.example/y"), "https://b.example/y");
    EXPECT_EQ(resolve_location("https://a.example/x/feed.xml", "//c.example/z"), "https://c.example/z");
    EXPECT_EQ(resolve_location("http://a.example/x/feed.xml", "/new.xml"), "http://a.example/new.xml");
    EXPECT_EQ(resolve_location("http://a.example/x/feed.xml?q=1", "atom.xml"), "http://a.example/x/atom.xml");
    EXPECT_EQ(resolve_location("http://a.example", "feed.xml"), "http://a.example/feed.xml");
}

TEST(RssPlugin, MaxAgeSkipsOldStories) {
    FeedServer srv;
    srv.serve_file("/rss.xml", "rss2_sample.xml", "", "");
    auto h = make({srv.url("/rss.xml")});
    // The harness clock starts at 1700000000 s; Star City was published 645366839 s before.
    h->set("max_age", std::to_string(645366839 + 1800) + "s");
    h->create();
    h->start();
    h->advance(0);
    EXPECT_EQ(headlines(h->take<th_news>("news")), std::vector<std::string>{"Star City"});
    EXPECT_EQ(h->metric("too_old"), 3);
}

TEST(RssPlugin, BadFeedEntriesNameTheirIndex) {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set_list("feeds", {"http://127.0.0.1:1/a.xml", "ftp://x/feed.xml"});
    try {
        h->create();
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("feeds[1] 'ftp://x/feed.xml': expected an http:// or https:// URL"),
                  std::string::npos)
            << e.what();
    }
    auto d = std::make_unique<Harness>(PLUGIN_PATH);
    d->set_list("feeds", {"http://127.0.0.1:1/a.xml soon"});
    EXPECT_THROW(d->create(), std::exception);
}
