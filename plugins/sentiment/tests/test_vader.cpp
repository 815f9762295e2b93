// VADER against the reference implementation's own output (test_data/*.expected.jsonl,
// made by test_data/make_vader_expected.py from github.com/cjhutto/vaderSentiment).
#include "vader.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using tradehost::sentiment::Vader;
using tradehost::sentiment::VaderScores;

namespace {

const std::string kData = SENTIMENT_DATA_DIR;
const std::string kTestData = TEST_DATA_DIR;

const Vader& vader() {
    static const Vader v(kData + "/vader_lexicon.txt", kData + "/emoji_utf8_lexicon.txt");
    return v;
}

std::vector<nlohmann::json> read_expected(const std::string& file) {
    std::ifstream in(kTestData + "/" + file);
    EXPECT_TRUE(in) << file;
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

// Bit-for-bit equality of every score, rounded and raw, with the reference's numbers.
void expect_reference(const std::string& file, size_t expected_lines) {
    const auto cases = read_expected(file);
    ASSERT_EQ(cases.size(), expected_lines) << file;
    for (const auto& c : cases) {
        const std::string text = c.at("text").get<std::string>();
        const VaderScores r = vader().polarity_scores(text);
        EXPECT_EQ(r.compound, c.at("compound").get<double>()) << text;
        EXPECT_EQ(r.pos, c.at("pos").get<double>()) << text;
        EXPECT_EQ(r.neu, c.at("neu").get<double>()) << text;
        EXPECT_EQ(r.neg, c.at("neg").get<double>()) << text;
        const auto& raw = c.at("raw");
        const VaderScores u = vader().raw_scores(text);
        EXPECT_EQ(u.compound, raw.at("compound").get<double>()) << text;
        EXPECT_EQ(u.pos, raw.at("pos").get<double>()) << text;
        EXPECT_EQ(u.neu, raw.at("neu").get<double>()) << text;
        EXPECT_EQ(u.neg, raw.at("neg").get<double>()) << text;
    }
}

std::string write_temp(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

}  // namespace

TEST(Vader, LoadsTheWholeLexicon) { EXPECT_EQ(vader().lexicon_size(), 7506u); }  // 7520 lines, 14 tokens twice: the last wins

TEST(Vader, EqualsTheReferenceOnItsPublishedExamples) {
    expect_reference("vader_published_examples.expected.jsonl", 53);
}

TEST(Vader, EqualsTheReferenceOnOurNewsCorpus) { expect_reference("vader_corpus.expected.jsonl", 106); }

// The compound scores printed in the reference's README ("Output for the above example
// code"). Two of its sixteen lines predate later changes to the reference ("At least it
// isn't a horrible book." and the emoji line) and are checked above against the reference
// as it is now instead.
TEST(Vader, MatchesTheReadmePublishedOutput) {
    const struct { const char* text; double compound, pos, neu, neg; } published[] = {
        {"VADER is smart, handsome, and funny.", 0.8316, 0.746, 0.254, 0.0},
        {"VADER is smart, handsome, and funny!", 0.8439, 0.752, 0.248, 0.0},
        {"VADER is very smart, handsome, and funny.", 0.8545, 0.701, 0.299, 0.0},
        {"VADER is VERY SMART, handsome, and FUNNY.", 0.9227, 0.754, 0.246, 0.0},
        {"VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342, 0.767, 0.233, 0.0},
        {"VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469, 0.706, 0.294, 0.0},
        {"VADER is not smart, handsome, nor funny.", -0.7424, 0.0, 0.354, 0.646},
        {"The book was good.", 0.4404, 0.492, 0.508, 0.0},
        {"The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0},
        {"The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042, 0.094,
         0.579, 0.327},
        {"Today SUX!", -0.5461, 0.0, 0.221, 0.779},
        {"Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127},
        {"Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0},
        {"Not bad at all", 0.431, 0.487, 0.513, 0.0},
    };
    for (const auto& p : published) {
        const VaderScores s = vader().polarity_scores(p.text);
        EXPECT_EQ(s.compound, p.compound) << p.text;
        EXPECT_EQ(s.pos, p.pos) << p.text;
        EXPECT_EQ(s.neu, p.neu) << p.text;
        EXPECT_EQ(s.neg, p.neg) << p.text;
    }
}

TEST(Vader, EmptyAndBlankTextScoreZero) {
    for (const char* t : {"", "   ", "\t\n"}) {
        const VaderScores s = vader().polarity_scores(t);
        EXPECT_EQ(s.compound, 0.0);
        EXPECT_EQ(s.pos + s.neu + s.neg, 0.0);
    }
}

TEST(Vader, MalformedUtf8IsScoredNotRefused) {
    const VaderScores s = vader().polarity_scores("great \xff\xfe results \xc3");
    EXPECT_GT(s.compound, 0.0);
}

TEST(Vader, PythonRoundTiesToEvenOnTheExactValue) {
    using tradehost::sentiment::python_round;
    EXPECT_EQ(python_round(0.0005, 3), 0.001);  // 0.0005 is slightly above the tie as a double
    EXPECT_EQ(python_round(2.675, 2), 2.67);     // slightly below
    EXPECT_EQ(python_round(0.125, 2), 0.12);     // exact tie: to even
    EXPECT_EQ(python_round(-0.8316449, 4), -0.8316);
}

TEST(Vader, ABadLexiconLineNamesFileLineAndColumn) {
    const std::string path = write_temp("bad_lexicon.txt", "good\t1.9\t0.9\t[]\nbad\tminus\t1\t[]\n");
    const std::string emoji = kData + "/emoji_utf8_lexicon.txt";
    try {
        Vader v(path, emoji);
        FAIL() << "expected a ConfigError";
    } catch (const tradehost::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), path + ":2:5: expected a number, found 'minus'");
    }
    const std::string short_line = write_temp("short_lexicon.txt", "good\t1.9\nlonely\n");
    try {
        Vader v(short_line, emoji);
        FAIL() << "expected a ConfigError";
    } catch (const tradehost::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find(short_line + ":2:"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("tab-separated"), std::string::npos) << e.what();
    }
    try {
        Vader v(::testing::TempDir() + "does_not_exist.txt", emoji);
        FAIL() << "expected a ConfigError";
    } catch (const tradehost::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos) << e.what();
    }
    std::remove(path.c_str());  // tests leave nothing in the temporary folder
    std::remove(short_line.c_str());
}
