// Parsing LightGBM's text model format; see lightgbm_text.hpp.
//
// The file: a header of key=value lines (version, num_class, num_tree_per_iteration,
// max_feature_idx, objective, feature_names, ...), then "Tree=<i>" blocks of key=value
// lines, then "end of trees" and importances/parameters we do not need. Leaf values already
// include the shrinkage (Tree::Shrinkage scales them; `shrinkage=` is a record), and the
// first tree carries the boost-from-average bias, so margins start at 0.
#include "lightgbm_text.hpp"

#include "lightgbm_split.hpp"

#include <tradehost/plugin.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace tradehost::tree_model {

namespace {

namespace lg = lightgbm;

// A problem at a line of the file (0: the file as a whole).
struct LineError : std::runtime_error {
    size_t line;
    LineError(size_t l, const std::string& what) : std::runtime_error(what), line(l) {}
};

struct Value {
    std::string text;
    size_t line = 0;
};
using Block = std::map<std::string, Value>;

const Value& need(const Block& b, const std::string& key, size_t block_line, const std::string& where) {
    const auto it = b.find(key);
    if (it == b.end()) throw LineError(block_line, where + ": no '" + key + "=' line");
    return it->second;
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

long to_long(const Value& v, const std::string& key, const std::string& w) {
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(w.c_str(), &end, 10);
    if (w.empty() || *end != '\0' || errno == ERANGE)
        throw LineError(v.line, key + ": '" + w + "' is not an integer");
    return n;
}

double to_double(const Value& v, const std::string& key, const std::string& w) {
    char* end = nullptr;
    const double d = std::strtod(w.c_str(), &end);  // LightGBM writes 17 digits; "inf" too
    if (w.empty() || *end != '\0' || std::isnan(d)) throw LineError(v.line, key + ": '" + w + "' is not a number");
    return d;
}

// A list of exactly n numbers (n < 0: any length).
template <class T, class Conv> std::vector<T> list(const Value& v, const std::string& key, long n, Conv conv) {
    const auto ws = words(v.text);
    if (n >= 0 && static_cast<long>(ws.size()) != n)
        throw LineError(v.line, key + ": " + std::to_string(ws.size()) + " values, expected " + std::to_string(n));
    std::vector<T> out;
    for (const auto& w : ws) out.push_back(static_cast<T>(conv(v, key, w)));
    return out;
}

// The objective line: "binary sigmoid:1", "multiclass num_class:3", "regression".
void set_objective(Forest& f, const Value& v, long num_class) {
    const auto ws = words(v.text);
    if (ws.empty()) throw LineError(v.line, "objective: empty");
    f.objective = ws[0];
    std::map<std::string, std::string> params;
    for (size_t i = 1; i < ws.size(); ++i) {
        const auto colon = ws[i].find(':');
        if (colon == std::string::npos) throw LineError(v.line, "objective: '" + ws[i] + "' is not supported (e.g. regression sqrt squares its output)");
        params[ws[i].substr(0, colon)] = ws[i].substr(colon + 1);
    }
    const std::string& o = f.objective;
    if (o == "regression" || o == "regression_l1" || o == "huber" || o == "fair" || o == "quantile" ||
        o == "mape" || o == "lambdarank" || o == "rank_xendcg") {
        f.transform = Transform::Identity;  // ConvertOutput is the identity without "sqrt"
    } else if (o == "binary") {
        // 1 / (1 + exp(-sigmoid * margin)): the forest's sigmoid has no scale.
        const auto s = params.find("sigmoid");
        if (s != params.end() && to_double(v, "objective sigmoid", s->second) != 1.0)
            throw LineError(v.line, "objective: sigmoid:" + s->second + " is not supported (sigmoid:1 only)");
        f.transform = Transform::Sigmoid;
    } else if (o == "multiclass") {
        const auto k = params.find("num_class");
        if (k == params.end() || to_long(v, "objective num_class", k->second) != num_class)
            throw LineError(v.line, "objective: multiclass needs num_class:" + std::to_string(num_class));
        f.transform = Transform::Softprob;
    } else {
        throw LineError(v.line, "objective '" + o +
                                    "' is not supported (regression, regression_l1, huber, fair, quantile, mape, "
                                    "lambdarank, rank_xendcg, binary, multiclass)");
    }
    if ((f.transform == Transform::Softprob) != (num_class > 1))
        throw LineError(v.line, "objective " + o + " with num_class=" + std::to_string(num_class));
}

// A LightGBM tree into the forest's flat nodes: leaves first, then each split as the few
// float comparisons that reproduce it (lightgbm_split.hpp), children before parents.
class TreeBuilder {
public:
    TreeBuilder(Forest& f, const Block& b, size_t line, const std::string& where)
        : f_(f), b_(b), line_(line), where_(where) {}

    void build() {
        const Value& nl = need(b_, "num_leaves", line_, where_);
        const long leaves = to_long(nl, "num_leaves", nl.text);
        if (leaves < 1) throw LineError(nl.line, "num_leaves: must be at least 1");
        if (b_.count("is_linear") && b_.at("is_linear").text != "0")
            throw LineError(b_.at("is_linear").line, where_ + ": linear trees (linear_tree=true) are not supported");
        leaf_value_ = list<double>(need(b_, "leaf_value", line_, where_), "leaf_value", leaves, to_double);
        leaf_base_ = static_cast<int32_t>(f_.nodes.size());
        for (double v : leaf_value_) {
            Node nd{};
            nd.value = static_cast<float>(v);
            nd.child[0] = nd.child[1] = static_cast<int32_t>(f_.nodes.size());  // a leaf stays put
            f_.nodes.push_back(nd);
        }
        int32_t root = leaf_base_;
        if (leaves > 1) {
            const long n = leaves - 1;
            feature_ = list<long>(need(b_, "split_feature", line_, where_), "split_feature", n, to_long);
            threshold_ = list<double>(need(b_, "threshold", line_, where_), "threshold", n, to_double);
            decision_ = list<long>(need(b_, "decision_type", line_, where_), "decision_type", n, to_long);
            left_ = list<long>(need(b_, "left_child", line_, where_), "left_child", n, to_long);
            right_ = list<long>(need(b_, "right_child", line_, where_), "right_child", n, to_long);
            read_categories();
            seen_.assign(static_cast<size_t>(leaves) * 2, 0);
            root = emit(0, 0);
        }
        f_.roots.push_back(root);
    }

private:
    void read_categories() {
        const Value& nc = need(b_, "num_cat", line_, where_);
        const long num_cat = to_long(nc, "num_cat", nc.text);
        if (num_cat < 0) throw LineError(nc.line, "num_cat: negative");
        if (num_cat == 0) return;
        const Value& cb = need(b_, "cat_boundaries", line_, where_);
        bounds_ = list<long>(cb, "cat_boundaries", num_cat + 1, to_long);
        const Value& ct = need(b_, "cat_threshold", line_, where_);
        bits_ = list<uint32_t>(ct, "cat_threshold", -1, [](const Value& v, const std::string& k, const std::string& w) {
            const long x = to_long(v, k, w);
            if (x < 0 || x > 0xffffffffL) throw LineError(v.line, k + ": '" + w + "' is not a 32-bit word");
            return x;
        });
        for (size_t i = 0; i < bounds_.size(); ++i)
            if (bounds_[i] < (i ? bounds_[i - 1] : 0) || bounds_[i] > static_cast<long>(bits_.size()) || (i == 0 && bounds_[i] != 0))
                throw LineError(cb.line, "cat_boundaries: entry " + std::to_string(i) + " out of order or past cat_threshold");
    }

    // The flat index for LightGBM's child reference c (negative: leaf ~c).
    int32_t emit(long c, uint32_t depth) {
        const long leaves = static_cast<long>(leaf_value_.size());
        const long internal = leaves - 1;
        const size_t key = c < 0 ? static_cast<size_t>(internal + ~c) : static_cast<size_t>(c);
        if ((c < 0 && ~c >= leaves) || (c >= 0 && c >= internal))
            throw LineError(line_, where_ + ": child " + std::to_string(c) + " out of range");
        if (seen_[key]++) throw LineError(line_, where_ + ": node " + std::to_string(c) + " is reached twice");
        if (depth > 256) throw LineError(line_, where_ + ": deeper than 256 levels");
        if (c < 0) return leaf_base_ + static_cast<int32_t>(~c);
        const size_t i = static_cast<size_t>(c);
        if (feature_[i] < 0 || feature_[i] >= static_cast<long>(f_.num_feature))
            throw LineError(b_.at("split_feature").line, where_ + ": node " + std::to_string(c) + " splits on feature " +
                                                             std::to_string(feature_[i]) + " of " + std::to_string(f_.num_feature));
        lg::Split s;
        s.decision_type = static_cast<int>(decision_[i]);
        if (decision_[i] < 0 || decision_[i] > 15 || ((s.decision_type >> 2) & 3) == 3)
            throw LineError(b_.at("decision_type").line, where_ + ": node " + std::to_string(c) + " has decision_type " + std::to_string(decision_[i]));
        if (s.decision_type & lg::kCategoricalMask) {
            const double t = threshold_[i];
            if (!(t >= 0) || t + 1 >= static_cast<double>(bounds_.size()) || t != std::floor(t))
                throw LineError(b_.at("threshold").line, where_ + ": node " + std::to_string(c) + "'s category set " +
                                                            std::to_string(t) + " is not in cat_boundaries");
            const auto k = static_cast<size_t>(t);
            s.categories.assign(bits_.begin() + bounds_[k], bits_.begin() + bounds_[k + 1]);
        } else {
            s.threshold = threshold_[i];
        }
        const int32_t to[2] = {emit(left_[i], depth + 1), emit(right_[i], depth + 1)};
        return place(lg::regions(s), static_cast<uint32_t>(feature_[i]), to);
    }

    // Nodes for one split: a search over its cuts; NaN follows default sides to its region.
    int32_t place(const lg::Regions& r, uint32_t feature, const int32_t to[2]) {
        const int32_t nan_to = to[r.nan_left ? 0 : 1];
        bool found = false;
        for (char l : r.left) found |= static_cast<bool>(l) == r.nan_left;
        if (r.cuts.empty() && found) return nan_to;  // both sides the same: no split at all
        const int32_t numbers = r.cuts.empty() ? to[r.left[0] ? 0 : 1] : search(r, feature, to, 0, r.cuts.size());
        if (found) return numbers;
        // No number goes where NaN goes: every number is < NaN's false, so left; NaN right.
        Node nd{};
        nd.value = std::nanf("");
        nd.feature = feature;
        nd.child[0] = numbers;
        nd.child[1] = nan_to;
        f_.nodes.push_back(nd);
        return static_cast<int32_t>(f_.nodes.size() - 1);
    }

    // Regions lo..hi (hi = lo + number of cuts between them).
    int32_t search(const lg::Regions& r, uint32_t feature, const int32_t to[2], size_t lo, size_t hi) {
        if (lo == hi) return to[r.left[lo] ? 0 : 1];
        const size_t mid = (lo + hi) / 2;  // regions lo..mid left of cuts[mid]
        Node nd{};
        nd.value = r.cuts[mid];
        bool nan_here = false;
        for (size_t k = lo; k <= mid; ++k) nan_here |= static_cast<bool>(r.left[k]) == r.nan_left;
        nd.feature = feature | (nan_here ? Node::kDefaultLeft : 0u);
        nd.child[0] = search(r, feature, to, lo, mid);
        nd.child[1] = search(r, feature, to, mid + 1, hi);
        f_.nodes.push_back(nd);
        return static_cast<int32_t>(f_.nodes.size() - 1);
    }

    Forest& f_;
    const Block& b_;
    size_t line_;
    std::string where_;
    std::vector<double> leaf_value_, threshold_;
    std::vector<long> feature_, decision_, left_, right_, bounds_;
    std::vector<uint32_t> bits_;
    std::vector<char> seen_;
    int32_t leaf_base_ = 0;
};

// The deepest walk from `root` in the flat nodes (a leaf is its own child).
uint32_t walk_depth(const Forest& f, int32_t root) {
    uint32_t deepest = 0;
    std::vector<std::pair<int32_t, uint32_t>> stack{{root, 0}};
    while (!stack.empty()) {
        const auto [i, d] = stack.back();
        stack.pop_back();
        const Node& nd = f.nodes[static_cast<size_t>(i)];
        if (nd.child[0] == i && nd.child[1] == i) {
            deepest = std::max(deepest, d);
            continue;
        }
        stack.push_back({nd.child[0], d + 1});
        stack.push_back({nd.child[1], d + 1});
    }
    return deepest;
}

Forest parse(std::istream& in) {
    Block header;
    std::vector<std::pair<size_t, Block>> trees;  // the "Tree=" line and its block
    Block* at = &header;
    std::string line;
    size_t n = 0;
    bool ended = false;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line == "end of trees") {
            ended = true;
            break;
        }
        if (line.empty()) continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) {
            if (line == "average_output")
                throw LineError(n, "average_output (random forest boosting) is not supported");
            if (n == 1 && line == "tree") continue;
            throw LineError(n, "'" + line.substr(0, 60) + "' is not a key=value line");
        }
        const std::string key = line.substr(0, eq);
        if (key == "Tree") {
            trees.push_back({n, Block{}});
            at = &trees.back().second;
            continue;
        }
        if (!at->emplace(key, Value{line.substr(eq + 1), n}).second) throw LineError(n, "'" + key + "' appears twice");
    }
    if (n == 0) throw LineError(0, "empty file");
    if (!ended) throw LineError(n, "no 'end of trees' line: the file is cut short or not a LightGBM model");
    if (!header.count("version"))
        throw LineError(1, "not a LightGBM text model (no 'version=' in the header)");

    Forest f;
    const Value& nc = need(header, "num_class", 1, "header");
    const long num_class = to_long(nc, "num_class", nc.text);
    if (num_class < 1 || num_class > 64) throw LineError(nc.line, "num_class must be 1..64");
    const Value& ntpi = need(header, "num_tree_per_iteration", 1, "header");
    const long per_iter = to_long(ntpi, "num_tree_per_iteration", ntpi.text);
    if (per_iter != num_class) throw LineError(ntpi.line, "num_tree_per_iteration must equal num_class");
    f.num_group = static_cast<uint32_t>(num_class);
    const Value& mfi = need(header, "max_feature_idx", 1, "header");
    const long max_feature = to_long(mfi, "max_feature_idx", mfi.text);
    if (max_feature < 0 || max_feature >= (1L << 30)) throw LineError(mfi.line, "max_feature_idx out of range");
    f.num_feature = static_cast<uint32_t>(max_feature + 1);
    if (header.count("feature_names")) {
        const Value& fn = header.at("feature_names");
        f.feature_names = words(fn.text);
        if (f.feature_names.size() != f.num_feature)
            throw LineError(fn.line, "feature_names has " + std::to_string(f.feature_names.size()) +
                                         " names, max_feature_idx+1 is " + std::to_string(f.num_feature));
    }
    set_objective(f, need(header, "objective", 1, "header"), num_class);
    if (trees.empty()) throw LineError(n, "no trees");
    if (trees.size() % static_cast<size_t>(per_iter) != 0)
        throw LineError(trees.back().first, std::to_string(trees.size()) + " trees is not a whole number of iterations of " +
                                                std::to_string(per_iter));
    for (size_t t = 0; t < trees.size(); ++t) {
        const std::string where = "Tree=" + std::to_string(t);
        TreeBuilder(f, trees[t].second, trees[t].first, where).build();
        f.groups.push_back(static_cast<uint32_t>(t % static_cast<size_t>(per_iter)));  // class k: trees k, k+K, ...
        f.depth = std::max(f.depth, walk_depth(f, f.roots.back()));
    }
    return f;
}

}  // namespace

Forest load_lightgbm_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError("model: " + path + ": cannot open the file");
    try {
        return parse(in);
    } catch (const LineError& e) {
        const std::string at = e.line ? path + ":" + std::to_string(e.line) : path;
        throw ConfigError("model: " + at + ": not a usable LightGBM text model: " + e.what());
    }
}

}  // namespace tradehost::tree_model
