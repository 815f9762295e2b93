// The sentiment plugin through the SDK harness: config, data lookup, events out.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <string>

using tradehost::testing::Harness;

namespace {

th_news story(Harness& h, const std::string& id, const std::string& headline,
              std::initializer_list<const char*> symbols, th_time_ns ts = 1704205800000000000) {
    auto n = tradehost::make_event<th_news>(ts);
    tradehost::copy_str(n.id, id);
    tradehost::copy_str(n.source, "test");
    tradehost::copy_str(n.headline, headline);
    for (const char* s : symbols) n.instruments[n.instrument_count++] = h.intern(s);
    return n;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST(SentimentPlugin, VaderFromTheDataShippedNextToThePluginScoresPerInstrument) {
    Harness h(PLUGIN_PATH);
    h.create();
    h.start();
    // Reference: vader_corpus.expected.jsonl, line 2 (compound -0.5994, pos 0.144, neg 0.399).
    const auto n = story(h, "s1", "Tesla shares plunge after disappointing deliveries and a weak outlook", {"TSLA", "MSFT"});
    ASSERT_EQ(h.send("news", n), TH_OK) << h.last_error();
    const auto out = h.take<th_sentiment>("sentiment");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].instrument, h.intern("TSLA"));
    EXPECT_EQ(out[1].instrument, h.intern("MSFT"));
    for (const auto& s : out) {
        EXPECT_EQ(s.score, -0.5994);
        EXPECT_DOUBLE_EQ(s.confidence, 0.144 + 0.399);
        EXPECT_EQ(std::string(s.news_id), "s1");
        EXPECT_EQ(std::string(s.scorer), "vader-3.3.1");
        EXPECT_EQ(s.hdr.ts, n.hdr.ts);
    }
    EXPECT_EQ(h.metric("scored"), 1);
    EXPECT_EQ(h.metric("published"), 2);
}

TEST(SentimentPlugin, AStoryWithoutInstrumentsGetsOneWholeStoryScoreUnlessTurnedOff) {
    Harness h(PLUGIN_PATH);
    h.create();
    ASSERT_EQ(h.send("news", story(h, "s2", "Inflation worries weigh on stocks", {})), TH_OK);
    const auto out = h.take<th_sentiment>("sentiment");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].instrument, 0u);
    EXPECT_LT(out[0].score, 0.0);

    Harness off(PLUGIN_PATH);
    off.set("whole_story", "false");
    off.create();
    ASSERT_EQ(off.send("news", story(off, "s2", "Inflation worries weigh on stocks", {})), TH_OK);
    EXPECT_TRUE(off.take<th_sentiment>("sentiment").empty());
}

TEST(SentimentPlugin, ScoresTheConfiguredPartOfTheStory) {
    Harness h(PLUGIN_PATH);
    h.set("text", "summary");
    h.create();
    auto n = story(h, "s3", "Stocks are great", {"SPY"});
    tradehost::copy_str(n.summary, "A terrible, awful day");
    ASSERT_EQ(h.send("news", n), TH_OK);
    const auto out = h.take<th_sentiment>("sentiment");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_LT(out[0].score, 0.0);
}

TEST(SentimentPlugin, LexiconScorerUsesTheOperatorsWordList) {
    Harness h(PLUGIN_PATH);
    h.set("scorer", "lexicon");
    h.set("word_list", std::string(TEST_DATA_DIR) + "/finance_words_test.txt");
    h.create();
    ASSERT_EQ(h.send("news", story(h, "s4", "Fraud lawsuit may hit profitable growth", {"XYZ"})), TH_OK);
    const auto out = h.take<th_sentiment>("sentiment");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].score, 0.0);               // 2 positive, 2 negative
    EXPECT_DOUBLE_EQ(out[0].confidence, 0.8);  // 4 polar, 1 uncertain
    EXPECT_EQ(std::string(out[0].scorer), "lexicon");
}

TEST(SentimentPlugin, ConfigErrorsSayWhatIsWrong) {
    {
        Harness h(PLUGIN_PATH);
        h.set("scorer", "finbert");
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_TRUE(contains(e.what(), "scorer: expected 'vader', 'lexicon' or 'model', got 'finbert'")) << e.what();
        }
    }
    {
        Harness h(PLUGIN_PATH);
        h.set("scorer", "lexicon");
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_TRUE(contains(e.what(), "word_list: required")) << e.what();
        }
    }
    {
        Harness h(PLUGIN_PATH);
        h.set("text", "body");
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_TRUE(contains(e.what(), "text: expected")) << e.what();
        }
    }
    {
        Harness h(PLUGIN_PATH);
        h.set("vader_lexicon", "/nonexistent/lexicon.txt");
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_TRUE(contains(e.what(), "/nonexistent/lexicon.txt: cannot open")) << e.what();
        }
    }
}

TEST(SentimentPlugin, AnEventOfTheWrongKindIsRefused) {
    Harness h(PLUGIN_PATH);
    h.create();
    auto q = tradehost::make_event<th_quote>(1);
    EXPECT_NE(h.send("news", q.hdr), TH_OK);
}
