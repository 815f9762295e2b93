// The finance word-list scorer; see word_list.hpp.
#include "word_list.hpp"

#include "lexicon_file.hpp"

#include <tradehost/plugin.hpp>

#include <array>
#include <vector>

namespace tradehost::sentiment {

namespace {

constexpr std::array<std::string_view, 6> kNegations = {"no", "not", "none", "neither", "never", "nobody"};
constexpr size_t kNegationReach = 3;  // words before a positive word that a negation reaches

bool is_negation(std::string_view w) noexcept {
    for (std::string_view n : kNegations)
        if (n == w) return true;
    return false;
}

bool is_word_char(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\''; }

// Words are runs of ASCII letters (apostrophes inside a word kept: "isn't"), lowercased;
// the Loughran-McDonald lists are ASCII upper case.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        while (!cur.empty() && cur.back() == '\'') cur.pop_back();
        size_t lead = 0;
        while (lead < cur.size() && cur[lead] == '\'') ++lead;
        if (lead < cur.size()) out.push_back(cur.substr(lead));
        cur.clear();
    };
    for (char c : text) {
        if (is_word_char(c)) cur.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
        else flush();
    }
    flush();
    return out;
}

}  // namespace

double WordCounts::score() const noexcept {
    const size_t polar = positive + negative;
    return polar == 0 ? 0.0 : (static_cast<double>(positive) - static_cast<double>(negative)) / static_cast<double>(polar);
}

double WordCounts::confidence() const noexcept {
    const size_t polar = positive + negative;
    return polar == 0 ? 0.0 : static_cast<double>(polar) / static_cast<double>(polar + uncertainty);
}

WordList::WordList(const std::string& path) {
    for_each_lexicon_line(path, /*skip_empty=*/true, [&](const LexiconLine& line) {
        const std::string_view word = line.field(0);
        if (word.empty() || word[0] == '#') return;
        const std::string_view category = line.field(1);
        unsigned bit = 0;
        if (category == "positive") bit = kPositive;
        else if (category == "negative") bit = kNegative;
        else if (category == "uncertainty") bit = kUncertainty;
        else line.fail("unknown category '" + std::string(category) + "' (positive, negative or uncertainty)", 1);
        const std::vector<std::string> w = words_of(word);
        if (w.size() != 1 || w[0].size() != word.size()) line.fail("expected one word of letters, found '" + std::string(word) + "'", 0);
        words_[w[0]] |= bit;
    });
    if (words_.empty()) throw ConfigError(path + ": the word list has no words");
}

WordCounts WordList::count(std::string_view text) const {
    WordCounts c;
    const std::vector<std::string> words = words_of(text);
    c.words = words.size();
    for (size_t i = 0; i < words.size(); ++i) {
        const auto it = words_.find(words[i]);
        if (it == words_.end()) continue;
        if (it->second & kUncertainty) ++c.uncertainty;
        if (it->second & kNegative) ++c.negative;
        if (it->second & kPositive) {
            bool negated = false;
            for (size_t back = 1; back <= kNegationReach && back <= i; ++back) negated = negated || is_negation(words[i - back]);
            if (negated) {
                ++c.negative;
                ++c.negated;
            } else {
                ++c.positive;
            }
        }
    }
    return c;
}

}  // namespace tradehost::sentiment
