// The `model` scorer: text -> hashed-words-v1 features -> tree_model's Forest (the same
// prediction code as the tree_model plugin, compiled from its sources, not copied), so its
// probabilities equal libxgboost's for the same model and features.
#include "scorer.hpp"
#include "text_features.hpp"

#include "forest.hpp"        // plugins/tree_model/src
#include "xgboost_json.hpp"  // plugins/tree_model/src

#include <tradehost/plugin.hpp>

#include <cmath>
#include <vector>

namespace tradehost::sentiment {

namespace {

using tree_model::Forest;
using tree_model::Transform;

class ModelScorer final : public Scorer {
public:
    explicit ModelScorer(const std::string& path) : forest_(tree_model::load_xgboost_json(path)) {
        const bool three_class = forest_.transform == Transform::Softprob && forest_.num_group == 3;
        const bool binary = forest_.transform == Transform::Sigmoid;
        if (!three_class && !binary)
            throw ConfigError("model: " + path + ": objective " + forest_.objective + " with " +
                              std::to_string(forest_.num_group) +
                              " classes; the sentiment scorer needs multi:softprob with 3 classes "
                              "(negative, neutral, positive) or binary:logistic");
        if (forest_.num_feature == 0) throw ConfigError("model: " + path + ": the model has no features");
    }

    Score score(std::string_view text) const override {
        thread_local std::vector<float> row;
        row.resize(forest_.num_feature);
        hashed_words_v1(text, row.data(), row.size());
        float p[3] = {0, 0, 0};
        forest_.predict(row.data(), p);
        if (forest_.transform == Transform::Sigmoid) {
            const double s = 2.0 * static_cast<double>(p[0]) - 1.0;
            return Score{s, std::fabs(s)};
        }
        const double neg = p[0], pos = p[2];
        const double conf = pos + neg;
        return Score{pos - neg, conf > 1.0 ? 1.0 : conf};
    }
    const char* name() const noexcept override { return "xgb-hashed-words-v1"; }

private:
    Forest forest_;
};

}  // namespace

std::unique_ptr<Scorer> make_model_scorer(const std::string& model_path) {
    return std::make_unique<ModelScorer>(model_path);
}

}  // namespace tradehost::sentiment
