// The `lexicon` scorer: counts positive, negative and uncertainty words of a finance word
// list the operator supplies (for example the Loughran-McDonald master dictionary, which may
// not be redistributed; only a small test list ships), with Loughran and McDonald's (2011)
// negation rule: a positive word with a negation word (no, not, none, neither, never,
// nobody) among the three words before it counts as negative.
#ifndef TRADEHOST_SENTIMENT_WORD_LIST_HPP
#define TRADEHOST_SENTIMENT_WORD_LIST_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tradehost::sentiment {

struct WordCounts {
    size_t words = 0;        // tokens seen
    size_t positive = 0;     // positive words not negated
    size_t negative = 0;     // negative words, plus negated positive words
    size_t uncertainty = 0;  // uncertainty words
    size_t negated = 0;      // positive words turned negative by the negation rule

    /// (positive - negative) / (positive + negative), or 0 when neither occurs.
    double score() const noexcept;
    /// Share of the scored words that carry a polarity, against those that carry
    /// uncertainty: (positive + negative) / (positive + negative + uncertainty); 0 if none.
    double confidence() const noexcept;
};

class WordList {
public:
    /// Load `word<TAB>category` lines (category positive, negative or uncertainty; '#'
    /// starts a comment line; words are matched case-insensitively). A word may be in
    /// several categories. Throws ConfigError naming file:line:col on a bad line.
    explicit WordList(const std::string& path);

    WordCounts count(std::string_view text) const;
    size_t size() const noexcept { return words_.size(); }

private:
    enum : unsigned { kPositive = 1, kNegative = 2, kUncertainty = 4 };
    std::unordered_map<std::string, unsigned> words_;
};

}  // namespace tradehost::sentiment

#endif
