// The `lexicon` scorer: word counting, Loughran-McDonald's negation rule, and file errors.
#include "word_list.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

using tradehost::sentiment::WordCounts;
using tradehost::sentiment::WordList;

namespace {

const WordList& list() {
    static const WordList w(std::string(TEST_DATA_DIR) + "/finance_words_test.txt");
    return w;
}

std::string write_temp(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

}  // namespace

TEST(WordList, LoadsWordsInSeveralCategories) { EXPECT_EQ(list().size(), 20u); }

TEST(WordList, CountsCaseInsensitively) {
    const WordCounts c = list().count("STRONG growth, but a Loss and an impairment may follow.");
    EXPECT_EQ(c.words, 10u);
    EXPECT_EQ(c.positive, 2u);
    EXPECT_EQ(c.negative, 2u);
    EXPECT_EQ(c.uncertainty, 1u);
    EXPECT_EQ(c.score(), 0.0);
    EXPECT_DOUBLE_EQ(c.confidence(), 4.0 / 5.0);
}

TEST(WordList, NegationWithinThreeWordsTurnsAPositiveWordNegative) {
    // "not" is three words before "gain": negated. "never" is four before "growth": not.
    const WordCounts c = list().count("Not a single gain; never did the company see growth");
    EXPECT_EQ(c.positive, 1u);
    EXPECT_EQ(c.negative, 1u);
    EXPECT_EQ(c.negated, 1u);
    const WordCounts d = list().count("no strong results");
    EXPECT_EQ(d.positive, 0u);
    EXPECT_EQ(d.negative, 1u);
    EXPECT_EQ(d.score(), -1.0);
}

TEST(WordList, NegationDoesNotFlipNegativeWords) {
    const WordCounts c = list().count("not a loss");
    EXPECT_EQ(c.negative, 1u);
    EXPECT_EQ(c.positive, 0u);
    EXPECT_EQ(c.negated, 0u);
}

TEST(WordList, AWordInTwoCategoriesCountsInBoth) {
    const WordCounts c = list().count("volatile");
    EXPECT_EQ(c.negative, 1u);
    EXPECT_EQ(c.uncertainty, 1u);
    EXPECT_DOUBLE_EQ(c.confidence(), 0.5);
}

TEST(WordList, NoPolarWordsScoresZeroWithNoConfidence) {
    const WordCounts c = list().count("The company may report approximately flat revenue");
    EXPECT_EQ(c.score(), 0.0);
    EXPECT_EQ(c.confidence(), 0.0);
    EXPECT_EQ(c.uncertainty, 2u);
}

TEST(WordList, BadLinesNameFileLineAndColumn) {
    const std::string bad_cat = write_temp("bad_cat.txt", "# c\ngain\tpositive\nloss\tbad\n");
    try {
        WordList w(bad_cat);
        FAIL();
    } catch (const tradehost::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()),
                  bad_cat + ":3:6: unknown category 'bad' (positive, negative or uncertainty)");
    }
    const std::string two_words = write_temp("two_words.txt", "gain\tpositive\nbig loss\tnegative\n");
    try {
        WordList w(two_words);
        FAIL();
    } catch (const tradehost::ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), two_words + ":2:1: expected one word of letters, found 'big loss'");
    }
    const std::string empty = write_temp("empty.txt", "# nothing\n\n");
    EXPECT_THROW(WordList w(empty), tradehost::ConfigError);
    for (const std::string& f : {bad_cat, two_words, empty}) std::remove(f.c_str());  // leave nothing behind
}
