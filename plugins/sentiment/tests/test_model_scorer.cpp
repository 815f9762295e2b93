// The `model` scorer: its text features equal make_text_model.py's, its probabilities equal
// xgboost's (python3-xgboost 1.7.4, test_data/model_corpus.expected.csv) on the 106 corpus
// lines it was never trained on, and the plugin publishes them.
#include "scorer.hpp"
#include "text_features.hpp"

#include "forest.hpp"
#include "xgboost_json.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using tradehost::testing::Harness;
namespace sm = tradehost::sentiment;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string data(const std::string& f) { return std::string(TEST_DATA_DIR) + "/" + f; }
const std::string kModel = std::string(SENTIMENT_DATA_DIR) + "/headline_model.json";

std::vector<float> expected_probabilities(const std::string& line) {
    std::vector<float> p;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) p.push_back(std::stof(cell));
    return p;
}

}  // namespace

TEST(TextFeatures, Fnv1a32MatchesPublishedVectors) {
    // From the FNV reference test vectors (Noll, "FNV-1a 32 bit").
    EXPECT_EQ(sm::fnv1a32(""), 0x811c9dc5u);
    EXPECT_EQ(sm::fnv1a32("a"), 0xe40c292cu);
    EXPECT_EQ(sm::fnv1a32("foobar"), 0xbf9cf968u);
}

TEST(TextFeatures, WordsAndPairsCountedAsThePythonScriptDoes) {
    float x[4];
    // Tokens: "ab", "ab", "c1": unigram ab twice, c1 once, pairs "ab ab" and "ab c1".
    sm::hashed_words_v1("AB, ab!c1 \xc3\xa9", x, 4);
    float want[4] = {0, 0, 0, 0};
    want[sm::fnv1a32("ab") % 4] += 2;
    want[sm::fnv1a32("c1") % 4] += 1;
    want[sm::fnv1a32("ab ab") % 4] += 1;
    want[sm::fnv1a32("ab c1") % 4] += 1;
    for (int i = 0; i < 4; ++i) EXPECT_EQ(x[i], want[i]) << i;
    sm::hashed_words_v1("", x, 4);
    for (float v : x) EXPECT_EQ(v, 0.0f);
}

TEST(TextFeatures, EqualThePythonFeaturesOnTheCorpus) {
    const auto texts = lines_of(data("vader_corpus.txt"));
    const auto feats = lines_of(data("model_corpus.features.txt"));
    ASSERT_EQ(texts.size(), feats.size());
    std::vector<float> x(512);
    for (size_t i = 0; i < texts.size(); ++i) {
        sm::hashed_words_v1(texts[i], x.data(), x.size());
        std::string got;
        for (size_t k = 0; k < x.size(); ++k)
            if (x[k] != 0) got += (got.empty() ? "" : " ") + std::to_string(k) + ":" + std::to_string(int(x[k]));
        EXPECT_EQ(got, feats[i]) << "line " << i + 1 << ": " << texts[i];
    }
}

TEST(ModelScorer, ProbabilitiesEqualXgboostsOnHeldOutLines) {
    const auto forest = tradehost::tree_model::load_xgboost_json(kModel);
    ASSERT_EQ(forest.num_feature, 512u);
    ASSERT_EQ(forest.outputs(), 3u);
    const auto texts = lines_of(data("vader_corpus.txt"));
    const auto expected = lines_of(data("model_corpus.expected.csv"));
    ASSERT_EQ(texts.size(), expected.size());
    ASSERT_GE(texts.size(), 100u);
    const auto scorer = sm::make_model_scorer(kModel);
    std::vector<float> x(512);
    for (size_t i = 0; i < texts.size(); ++i) {
        const auto want = expected_probabilities(expected[i]);
        ASSERT_EQ(want.size(), 3u);
        sm::hashed_words_v1(texts[i], x.data(), x.size());
        float p[3];
        forest.predict(x.data(), p);
        for (int k = 0; k < 3; ++k) EXPECT_EQ(p[k], want[k]) << "line " << i + 1 << " class " << k;
        const sm::Score s = scorer->score(texts[i]);
        EXPECT_EQ(s.score, double(want[2]) - double(want[0])) << "line " << i + 1;
        EXPECT_EQ(s.confidence, double(want[2]) + double(want[0])) << "line " << i + 1;
    }
}

TEST(ModelScorer, ThePluginPublishesTheModelsScoreWithTheShippedModel) {
    Harness h(PLUGIN_PATH);
    h.set("scorer", "model");
    h.create();
    h.start();
    auto n = tradehost::make_event<th_news>(1704205800000000000);
    tradehost::copy_str(n.id, "m1");
    // vader_corpus.txt line 2; model_corpus.expected.csv line 2.
    tradehost::copy_str(n.headline, "Tesla shares plunge after disappointing deliveries and a weak outlook");
    n.instruments[n.instrument_count++] = h.intern("TSLA");
    ASSERT_EQ(h.send("news", n), TH_OK) << h.last_error();
    const auto out = h.take<th_sentiment>("sentiment");
    ASSERT_EQ(out.size(), 1u);
    const auto want = expected_probabilities(lines_of(data("model_corpus.expected.csv")).at(1));
    EXPECT_EQ(out[0].score, double(want[2]) - double(want[0]));
    EXPECT_EQ(std::string(out[0].scorer), "xgb-hashed-words-v1");
    EXPECT_EQ(out[0].instrument, h.intern("TSLA"));
}

TEST(ModelScorer, AModelItCannotUseIsAConfigErrorNamingTheFile) {
    {
        Harness h(PLUGIN_PATH);
        h.set("scorer", "model");
        h.set("model", "/nonexistent/model.json");
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find("/nonexistent/model.json: cannot open"), std::string::npos) << e.what();
        }
    }
    {
        // A regression model of the tree_model plugin's tests: not a sentiment classifier.
        const std::string reg = std::string(TEST_DATA_DIR) + "/../../tree_model/test_data/reg.json";
        Harness h(PLUGIN_PATH);
        h.set("scorer", "model");
        h.set("model", reg);
        try {
            h.create();
            FAIL();
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find("objective reg:squarederror"), std::string::npos) << e.what();
        }
    }
}
