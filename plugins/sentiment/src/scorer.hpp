// One sentiment scorer behind the plugin: a score in [-1, 1] and a confidence in [0, 1].
#ifndef TRADEHOST_SENTIMENT_SCORER_HPP
#define TRADEHOST_SENTIMENT_SCORER_HPP

#include <memory>
#include <string>
#include <string_view>

namespace tradehost::sentiment {

struct Score {
    double score = 0;
    double confidence = 0;
};

class Scorer {
public:
    virtual ~Scorer() = default;
    virtual Score score(std::string_view text) const = 0;
    /// What th_sentiment::scorer says, e.g. "vader-3.3.1".
    virtual const char* name() const noexcept = 0;
};

/// VADER: score = compound; confidence = pos + neg (the share of the text that carries
/// sentiment), both as the reference rounds them.
std::unique_ptr<Scorer> make_vader_scorer(const std::string& lexicon_path, const std::string& emoji_path);
/// Word list: score = (pos - neg) / (pos + neg); confidence = polar / (polar + uncertainty).
std::unique_ptr<Scorer> make_word_list_scorer(const std::string& path);
/// Text classifier: an XGBoost JSON model (tree_model's Forest) over hashed-words-v1 text
/// features (text_features.hpp), objective multi:softprob with classes 0 negative,
/// 1 neutral, 2 positive: score = P(positive) - P(negative), confidence = P(positive) +
/// P(negative); or binary:logistic (P(positive)): score = 2p - 1, confidence = |2p - 1|.
std::unique_ptr<Scorer> make_model_scorer(const std::string& model_path);

}  // namespace tradehost::sentiment

#endif
