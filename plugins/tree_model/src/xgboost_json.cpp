// Parsing XGBoost's JSON model format; see xgboost_json.hpp.
#include "xgboost_json.hpp"

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <vector>

namespace tradehost::tree_model {

namespace {

using nlohmann::json;

// XGBoost writes its parameters as strings ("5E-1", "3").
float param_float(const json& v) {
    if (v.is_number()) return v.get<float>();
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    const float f = std::strtof(s.c_str(), &end);
    if (s.empty() || *end != '\0') throw std::invalid_argument("'" + s + "' is not a number");
    return f;
}

long param_int(const json& v) {
    if (v.is_number_integer()) return v.get<long>();
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    const long n = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') throw std::invalid_argument("'" + s + "' is not an integer");
    return n;
}

void add_tree(Forest& f, const json& t, size_t index) {
    const auto& left = t.at("left_children");
    const auto& right = t.at("right_children");
    const auto& feat = t.at("split_indices");
    const auto& cond = t.at("split_conditions");
    const auto& dleft = t.at("default_left");
    const size_t n = left.size();
    const std::string where = "trees[" + std::to_string(index) + "]";
    if (n == 0 || right.size() != n || feat.size() != n || cond.size() != n || dleft.size() != n)
        throw std::invalid_argument(where + ": node arrays of different lengths");
    if (t.contains("split_type"))
        for (const auto& st : t["split_type"])
            if (st.get<int>() != 0)
                throw std::invalid_argument(where + ": categorical splits are not supported (train with numeric features)");
    const int32_t base = static_cast<int32_t>(f.nodes.size());
    for (size_t i = 0; i < n; ++i) {
        Node nd{};
        nd.value = cond[i].get<float>();  // a leaf's value is stored in split_conditions too
        const long l = left[i].get<long>(), r = right[i].get<long>();
        if (l < 0) {
            nd.child[0] = nd.child[1] = base + static_cast<int32_t>(i);  // a leaf stays put
        } else {
            if (l >= static_cast<long>(n) || r < 0 || r >= static_cast<long>(n) || l == static_cast<long>(i))
                throw std::invalid_argument(where + ": node " + std::to_string(i) + " has a child out of range");
            const long fi = feat[i].get<long>();
            if (fi < 0 || fi >= static_cast<long>(f.num_feature))
                throw std::invalid_argument(where + ": node " + std::to_string(i) + " splits on feature " +
                                            std::to_string(fi) + " of " + std::to_string(f.num_feature));
            nd.child[0] = base + static_cast<int32_t>(l);
            nd.child[1] = base + static_cast<int32_t>(r);
            nd.feature = static_cast<uint32_t>(fi) | (dleft[i].get<int>() ? Node::kDefaultLeft : 0u);
        }
        f.nodes.push_back(nd);
    }
    // Every node reachable from the root exactly once: a corrupt file cannot make the walk
    // loop. (Children usually follow their parent, but pruning may reuse freed slots.)
    std::vector<char> seen(n, 0);
    std::vector<std::pair<int32_t, uint32_t>> stack{{0, 0}};  // node, depth
    uint32_t depth = 0;
    while (!stack.empty()) {
        const auto [i, d] = stack.back();
        stack.pop_back();
        if (seen[static_cast<size_t>(i)]++)
            throw std::invalid_argument(where + ": node " + std::to_string(i) + " is reached twice");
        const Node& nd = f.nodes[static_cast<size_t>(base + i)];
        if (left[static_cast<size_t>(i)].get<long>() >= 0) {
            stack.push_back({nd.child[0] - base, d + 1});
            stack.push_back({nd.child[1] - base, d + 1});
        } else {
            depth = std::max(depth, d);
        }
    }
    if (depth > 64) throw std::invalid_argument(where + ": deeper than 64 levels");
    f.depth = std::max(f.depth, depth);
    f.roots.push_back(base);
}

void set_objective(Forest& f, float base_score) {
    const std::string& o = f.objective;
    if (o == "reg:squarederror" || o == "reg:linear" || o == "reg:absoluteerror" || o == "reg:pseudohubererror") {
        f.transform = Transform::Identity;
        f.base_margin = base_score;
    } else if (o == "binary:logistic" || o == "reg:logistic" || o == "binary:logitraw") {
        // base_score is a probability; the margin starts at its logit (ProbToMargin).
        if (!(base_score > 0.0f && base_score < 1.0f))
            throw std::invalid_argument("base_score " + std::to_string(base_score) + " must be in (0, 1) for " + o);
        f.transform = o == "binary:logitraw" ? Transform::Identity : Transform::Sigmoid;
        f.base_margin = -std::log(1.0f / base_score - 1.0f);
    } else if (o == "multi:softprob" || o == "multi:softmax") {
        f.transform = o == "multi:softprob" ? Transform::Softprob : Transform::Argmax;
        f.base_margin = base_score;
    } else {
        throw std::invalid_argument("objective '" + o +
                                    "' is not supported (reg:squarederror, reg:absoluteerror, reg:pseudohubererror, "
                                    "reg:logistic, binary:logistic, binary:logitraw, multi:softprob, multi:softmax)");
    }
}

}  // namespace

Forest load_xgboost_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError("model: " + path + ": cannot open the file");
    try {
        const json j = json::parse(in);
        const json& learner = j.at("learner");
        const json& mp = learner.at("learner_model_param");
        Forest f;
        f.num_feature = static_cast<uint32_t>(param_int(mp.at("num_feature")));
        const long num_class = param_int(mp.at("num_class"));
        if (mp.contains("num_target") && param_int(mp["num_target"]) != 1)
            throw std::invalid_argument("multi-target models are not supported");
        if (num_class < 0 || num_class > 64) throw std::invalid_argument("num_class must be 0..64");
        f.num_group = num_class > 1 ? static_cast<uint32_t>(num_class) : 1;
        if (learner.contains("feature_names"))
            for (const auto& n : learner["feature_names"]) f.feature_names.push_back(n.get<std::string>());
        if (!f.feature_names.empty() && f.feature_names.size() != f.num_feature)
            throw std::invalid_argument("feature_names has " + std::to_string(f.feature_names.size()) +
                                        " names, num_feature is " + std::to_string(f.num_feature));
        f.objective = learner.at("objective").at("name").get<std::string>();
        set_objective(f, param_float(mp.at("base_score")));
        if ((f.transform == Transform::Softprob || f.transform == Transform::Argmax) != (f.num_group > 1))
            throw std::invalid_argument("objective " + f.objective + " with num_class " + std::to_string(num_class));

        const json& gb = learner.at("gradient_booster");
        const std::string booster = gb.at("name").get<std::string>();
        if (booster != "gbtree") throw std::invalid_argument("booster '" + booster + "' is not supported (gbtree only)");
        const json& model = gb.at("model");
        const json& trees = model.at("trees");
        const json& info = model.at("tree_info");
        if (info.size() != trees.size()) throw std::invalid_argument("tree_info and trees differ in length");
        for (size_t i = 0; i < trees.size(); ++i) {
            const long g = info[i].get<long>();
            if (g < 0 || g >= static_cast<long>(f.num_group))
                throw std::invalid_argument("tree_info[" + std::to_string(i) + "] is out of range");
            f.groups.push_back(static_cast<uint32_t>(g));
            add_tree(f, trees[i], i);
        }
        return f;
    } catch (const ConfigError&) {
        throw;
    } catch (const std::exception& e) {
        throw ConfigError("model: " + path + ": not a usable XGBoost JSON model: " + e.what());
    }
}

}  // namespace tradehost::tree_model
