// Technical agent rules (technical.hpp). Each rule maps its indicator onto [-1, 1] by the
// indicator's textbook reading; the agent's view is their mean, so agreeing rules give a
// strong view and disagreeing ones cancel.
#include "technical.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace tradehost::agents {

Technical::Technical(const std::vector<std::string>& columns, int64_t version, const std::vector<std::string>& rules)
    : ncols_(columns.size()) {
    if (columns.empty()) throw ConfigError("columns: the features schema's column names are required for kind technical");
    std::string text;
    for (size_t i = 0; i < columns.size(); ++i) text += (i ? "," : "") + columns[i];
    text += ";v" + std::to_string(version);
    hash_ = th_features_schema_hash(text.c_str());
    if (rules.empty()) throw ConfigError("rules: at least one COLUMN:KIND rule is required for kind technical");
    for (const auto& entry : rules) {
        const size_t c1 = entry.find(':');
        if (c1 == std::string::npos) throw ConfigError("rules: '" + entry + "' is not COLUMN:KIND");
        const std::string col = entry.substr(0, c1);
        std::string kind = entry.substr(c1 + 1), param;
        if (const size_t c2 = kind.find(':'); c2 != std::string::npos) {
            param = kind.substr(c2 + 1);
            kind = kind.substr(0, c2);
        }
        auto it = std::find(columns.begin(), columns.end(), col);
        if (it == columns.end()) throw ConfigError("rules: '" + entry + "': column '" + col + "' is not in columns");
        Rule r;
        r.column = static_cast<size_t>(it - columns.begin());
        if (kind == "rsi") r.kind = Rule::Rsi;
        else if (kind == "pctb") r.kind = Rule::Pctb;
        else if (kind == "zscore") r.kind = Rule::Zscore;
        else if (kind == "trend") r.kind = Rule::Trend;
        else throw ConfigError("rules: '" + entry + "': kind '" + kind + "' is not rsi, pctb, zscore or trend");
        if (!param.empty()) {
            char* end = nullptr;
            r.scale = std::strtod(param.c_str(), &end);
            if (r.kind != Rule::Trend || *end != '\0' || !(r.scale > 0))
                throw ConfigError("rules: '" + entry + "': only trend takes a parameter, a positive scale");
        }
        rules_.push_back(r);
    }
}

std::optional<agent::View> Technical::row(const float* values) const {
    double sum = 0;
    for (const Rule& r : rules_) {
        const double x = values[r.column];
        if (!std::isfinite(x)) return std::nullopt;
        double vote = 0;
        switch (r.kind) {
            case Rule::Rsi: vote = (50.0 - x) / 50.0; break;
            case Rule::Pctb: vote = 1.0 - 2.0 * x; break;
            case Rule::Zscore: vote = -std::tanh(x / 2.0); break;
            case Rule::Trend: vote = std::tanh(x / r.scale); break;
        }
        sum += std::clamp(vote, -1.0, 1.0);
    }
    const double mean = sum / static_cast<double>(rules_.size());
    return agent::View{mean, std::fabs(mean), 0};
}

}  // namespace tradehost::agents
