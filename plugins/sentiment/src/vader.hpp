// VADER (Hutto & Gilbert, ICWSM 2014) reproduced from the reference implementation
// github.com/cjhutto/vaderSentiment 3.3.1: the same lexicon files, rules, constants and
// order of floating-point operations, so scores equal the reference's to the last bit
// (tests/test_vader.cpp checks that against the reference's own output).
#ifndef TRADEHOST_SENTIMENT_VADER_HPP
#define TRADEHOST_SENTIMENT_VADER_HPP

#include "unicode_text.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tradehost::sentiment {

/// What polarity_scores returns: proportions of negative, neutral and positive text and the
/// normalised compound score in [-1, 1].
struct VaderScores {
    double neg = 0, neu = 0, pos = 0, compound = 0;
};

class Vader {
public:
    /// Load the word lexicon (`token<TAB>mean<TAB>...`) and the emoji lexicon
    /// (`emoji<TAB>description`). Throws ConfigError naming file:line on a malformed line.
    Vader(const std::string& lexicon_path, const std::string& emoji_path);

    /// The reference's polarity_scores: neg/neu/pos rounded to 3 places, compound to 4,
    /// the way Python's round() does it.
    VaderScores polarity_scores(std::string_view text) const;
    /// The same scores before rounding.
    VaderScores raw_scores(std::string_view text) const;

    size_t lexicon_size() const noexcept { return lexicon_size_; }

private:
    struct Token {
        std::string lower;      // Python's lower()
        bool upper;             // Python's isupper()
        const double* valence;  // its lexicon valence, or nullptr: looked up once per token
        bool is_booster;        // in BOOSTER_DICT
        double booster;         // its booster value, if one
        bool idiom_word;        // a word of a multi-word idiom or booster
    };
    using Lower = std::vector<std::string_view>;  // the tokens' lower-case forms

    std::string replace_emojis(std::string_view text) const;
    std::vector<Token> tokens(std::string_view text) const;
    double sentiment_valence(const std::vector<Token>& w, const Lower& lower, size_t i, bool cap_diff) const;
    double scalar_inc_dec(const Token& word, double valence, bool cap_diff) const;
    double special_idioms_check(double valence, const std::vector<Token>& w, size_t i) const;

    // One lookup per token: its lexicon valence and its booster value, whichever it has.
    struct WordInfo {
        bool in_lexicon = false;
        double valence = 0;
        bool is_booster = false;
        double booster = 0;
        bool idiom_word = false;  // a word of a multi-word idiom or booster
    };
    std::unordered_map<std::string, WordInfo> words_;
    size_t lexicon_size_ = 0;
    std::unordered_map<char32_t, std::string> emojis_;
    std::unordered_map<std::string, double> boosters_;
    std::unordered_map<std::string, double> special_cases_;
    UnicodeCase case_;
};

/// Python's round(x, digits) for a double: the double nearest the correctly rounded decimal
/// (ties to even on the exact binary value).
double python_round(double x, int digits);

}  // namespace tradehost::sentiment

#endif
