// Parsing the published RSS 2.0 and Atom samples, and refusing broken documents.
#include "feed_document.hpp"
#include "item_ids.hpp"  // plugins/news_common

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace tradehost::rss;
using namespace tradehost::news;

namespace {
constexpr th_time_ns kSec = 1000000000;

std::string read(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name, std::ios::binary);
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}
}  // namespace

TEST(FeedDocument, Rss2SpecificationSample) {
    const FeedDocument d = parse_feed(read("rss2_sample.xml"));
    EXPECT_EQ(d.format, "rss");
    EXPECT_EQ(d.title, "Liftoff News");
    ASSERT_EQ(d.items.size(), 4u);
    const FeedItem& star = d.items[0];
    EXPECT_EQ(star.title, "Star City");
    EXPECT_EQ(star.id, "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573");
    EXPECT_EQ(star.link, "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp");
    EXPECT_EQ(star.published, 1054633161 * kSec);
    // The description is escaped HTML: its link becomes text.
    EXPECT_EQ(star.summary,
              "How do Americans get ready to work with Russians aboard the International Space Station? They take a "
              "crash course in culture, language and protocol at Russia's Star City .");
    // The second item has no title and no link: a description and a guid only.
    EXPECT_TRUE(d.items[1].title.empty());
    EXPECT_TRUE(d.items[1].link.empty());
    EXPECT_EQ(d.items[1].id, "http://liftoff.msfc.nasa.gov/2003/05/30.html#item572");
    EXPECT_EQ(d.items[3].title, "Astronauts' Dirty Laundry");
    EXPECT_EQ(d.items[3].published, 1053420962 * kSec);  // Tue, 20 May 2003 08:56:02 GMT
}

TEST(FeedDocument, AtomRfc4287Examples) {
    const FeedDocument brief = parse_feed(read("atom_rfc4287_brief.xml"));
    EXPECT_EQ(brief.format, "atom");
    EXPECT_EQ(brief.title, "Example Feed");
    ASSERT_EQ(brief.items.size(), 1u);
    EXPECT_EQ(brief.items[0].title, "Atom-Powered Robots Run Amok");
    EXPECT_EQ(brief.items[0].id, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
    EXPECT_EQ(brief.items[0].link, "http://example.org/2003/12/13/atom03");
    EXPECT_EQ(brief.items[0].summary, "Some text.");
    EXPECT_EQ(brief.items[0].published, 1071340202 * kSec);  // no <published>: <updated> 2003-12-13T18:30:02Z

    const FeedDocument ext = parse_feed(read("atom_rfc4287_extensive.xml"));
    EXPECT_EQ(ext.title, "dive into mark");
    ASSERT_EQ(ext.items.size(), 1u);
    const FeedItem& e = ext.items[0];
    EXPECT_EQ(e.title, "Atom draft-07 snapshot");
    EXPECT_EQ(e.link, "http://example.org/2005/04/02/atom");  // alternate, not the enclosure
    EXPECT_EQ(e.id, "tag:example.org,2003:3.2397");
    EXPECT_EQ(e.published, 1071318569 * kSec);  // 2003-12-13T08:29:29-04:00
    EXPECT_EQ(e.updated, 1122812969 * kSec);    // 2005-07-31T12:29:29Z
    EXPECT_EQ(e.summary, "[Update: The Atom draft is finished.]");  // xhtml content as text
}

TEST(FeedDocument, MalformedXmlSaysWhere) {
    try {
        parse_feed(read("malformed.xml"));
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "line 6, column 31: mismatched tag");
    }
    try {
        parse_feed(read("not_a_feed.xml"));
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "not an RSS or Atom feed (root element <html>)");
    }
    EXPECT_THROW(parse_feed(""), std::runtime_error);
}

TEST(FeedDocument, HtmlToText) {
    EXPECT_EQ(html_to_text("<p>Q3 &amp; Q4 <b>beat</b></p>&nbsp;&#8212;&#x2019;s"), "Q3 & Q4 beat \xE2\x80\x94\xE2\x80\x99s");
    EXPECT_EQ(html_to_text("AT&T &unknown; &#0; 5 < 6"), "AT&T &unknown; &#0; 5");
}

TEST(ItemIds, UrlsNormalise) {
    EXPECT_EQ(normalize_url(" HTTP://Example.COM:80 "), "http://example.com/");
    EXPECT_EQ(normalize_url("https://example.com:443/a/./b/../c?utm_source=x&id=7&fbclid=z#frag"),
              "https://example.com/a/c?id=7#frag");
    EXPECT_EQ(normalize_url("https://example.com:8443/x"), "https://example.com:8443/x");
    EXPECT_EQ(normalize_url("urn:uuid:1225c695"), "urn:uuid:1225c695");
    EXPECT_EQ(normalize_url("tag:example.org,2003:3.2397"), "tag:example.org,2003:3.2397");
}

TEST(ItemIds, StoryIdFallsBackAndHashesLongIds) {
    EXPECT_EQ(story_id("", "HTTP://A.com/x", "t"), "http://a.com/x");
    EXPECT_EQ(story_id("", "", " Title "), "Title");
    const std::string long_url = "https://example.com/" + std::string(80, 'a');
    const std::string id = story_id(long_url, "", "");
    EXPECT_EQ(id.size(), 24u);
    EXPECT_EQ(id.rfind("fnv1a64:", 0), 0u);
    EXPECT_EQ(id, story_id(long_url + "?utm_medium=rss", "", ""));  // same story, same id
    EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);  // FNV-1a 64 published test vector
}
