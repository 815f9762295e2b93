// The two scorers as Scorer objects; see scorer.hpp.
#include "scorer.hpp"

#include "vader.hpp"
#include "word_list.hpp"

namespace tradehost::sentiment {

namespace {

class VaderScorer final : public Scorer {
public:
    VaderScorer(const std::string& lexicon, const std::string& emoji) : vader_(lexicon, emoji) {}
    Score score(std::string_view text) const override {
        const VaderScores s = vader_.polarity_scores(text);
        const double polar = s.pos + s.neg;
        return Score{s.compound, polar > 1.0 ? 1.0 : polar};
    }
    const char* name() const noexcept override { return "vader-3.3.1"; }

private:
    Vader vader_;
};

class WordListScorer final : public Scorer {
public:
    explicit WordListScorer(const std::string& path) : list_(path) {}
    Score score(std::string_view text) const override {
        const WordCounts c = list_.count(text);
        return Score{c.score(), c.confidence()};
    }
    const char* name() const noexcept override { return "lexicon"; }

private:
    WordList list_;
};

}  // namespace

std::unique_ptr<Scorer> make_vader_scorer(const std::string& lexicon_path, const std::string& emoji_path) {
    return std::make_unique<VaderScorer>(lexicon_path, emoji_path);
}

std::unique_ptr<Scorer> make_word_list_scorer(const std::string& path) {
    return std::make_unique<WordListScorer>(path);
}

}  // namespace tradehost::sentiment
