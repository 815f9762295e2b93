// Training through libxgboost's C API; see trainer.hpp.
#include "trainer.hpp"

#include "registry/model_registry.hpp"
#include "registry/registry_error.hpp"
#include "store/drift.hpp"

#include <unistd.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <numeric>

namespace fs = std::filesystem;

namespace tradehost::train {

using models::RegistryError;

namespace {

void xgb(int rc, const char* what) {
    if (rc != 0) throw RegistryError(std::string("libxgboost ") + what + ": " + XGBGetLastError());
}

struct Matrix {
    DMatrixHandle h = nullptr;
    ~Matrix() {
        if (h) XGDMatrixFree(h);
    }
};

struct Booster {
    BoosterHandle h = nullptr;
    ~Booster() {
        if (h) XGBoosterFree(h);
    }
};

void make_matrix(Matrix& m, const Dataset& d, const std::vector<size_t>& idx) {
    const size_t cols = d.definition.columns.size();
    std::vector<float> x(idx.size() * cols), y(idx.size());
    for (size_t r = 0; r < idx.size(); ++r) {
        const auto& row = d.rows[idx[r]];
        std::copy(row.values.begin(), row.values.end(), x.begin() + static_cast<std::ptrdiff_t>(r * cols));
        y[r] = static_cast<float>(row.label);
    }
    xgb(XGDMatrixCreateFromMat(x.data(), idx.size(), cols, NAN, &m.h), "XGDMatrixCreateFromMat");
    xgb(XGDMatrixSetFloatInfo(m.h, "label", y.data(), idx.size()), "set labels");
    std::vector<const char*> names;
    for (const auto& c : d.definition.columns) names.push_back(c.c_str());
    xgb(XGDMatrixSetStrFeatureInfo(m.h, "feature_name", names.data(), names.size()), "set feature names");
}

// Multiclass: the classes in output order; a label is the index of its class.
const std::vector<std::string> kClasses = {"down", "flat", "up"};

void fit(Booster& b, Matrix& train, const TrainOptions& opt) {
    xgb(XGBoosterCreate(&train.h, 1, &b.h), "XGBoosterCreate");
    const std::string depth = std::to_string(opt.max_depth), eta = std::to_string(opt.eta);
    const std::string objective = xgboost_objective(opt), classes = std::to_string(kClasses.size());
    const std::pair<const char*, const char*> params[] = {
        {"objective", objective.c_str()}, {"max_depth", depth.c_str()}, {"eta", eta.c_str()},
        {"nthread", "1"},  // deterministic: the same store gives the same model
        {"seed", "0"},     {"tree_method", "exact"},
    };
    for (const auto& [k, v] : params) xgb(XGBoosterSetParam(b.h, k, v), "XGBoosterSetParam");
    if (opt.objective == "multiclass") xgb(XGBoosterSetParam(b.h, "num_class", classes.c_str()), "XGBoosterSetParam");
    if (opt.objective == "regression") {
        // Start from the labels' mean: libxgboost before 2.0 starts every regression at 0.5,
        // which a few dozen rounds of returns of order 1e-3 never walk back from.
        bst_ulong n = 0;
        const float* y = nullptr;
        xgb(XGDMatrixGetFloatInfo(train.h, "label", &n, &y), "XGDMatrixGetFloatInfo");
        double sum = 0;
        for (bst_ulong i = 0; i < n; ++i) sum += y[i];
        char base[32];
        std::snprintf(base, sizeof base, "%.9g", n ? sum / static_cast<double>(n) : 0.0);
        xgb(XGBoosterSetParam(b.h, "base_score", base), "XGBoosterSetParam");
    }
    for (int i = 0; i < opt.rounds; ++i) xgb(XGBoosterUpdateOneIter(b.h, i, train.h), "XGBoosterUpdateOneIter");
}

std::vector<float> predict(Booster& b, Matrix& m) {
    bst_ulong len = 0;
    const float* out = nullptr;
    xgb(XGBoosterPredict(b.h, m.h, 0, 0, 0, &len, &out), "XGBoosterPredict");
    return std::vector<float>(out, out + len);
}

FoldMetrics evaluate_regression(const std::vector<float>& p, const Dataset& d, const std::vector<size_t>& idx) {
    FoldMetrics m;
    double se = 0, ae = 0;
    for (size_t r = 0; r < idx.size(); ++r) {
        const double e = static_cast<double>(p[r]) - d.rows[idx[r]].label;
        se += e * e;
        ae += std::fabs(e);
    }
    m.rmse = std::sqrt(se / static_cast<double>(idx.size()));
    m.mae = ae / static_cast<double>(idx.size());
    m.logloss = m.accuracy = m.auc = NAN;
    return m;
}

// p: rows x classes probabilities (multi:softprob). Multi-logloss as XGBoost's mlogloss
// (probabilities clipped at 1e-15); accuracy of the most probable class.
FoldMetrics evaluate_multiclass(const std::vector<float>& p, const Dataset& d, const std::vector<size_t>& idx) {
    FoldMetrics m;
    const size_t k = kClasses.size();
    double ll = 0;
    size_t right = 0;
    for (size_t r = 0; r < idx.size(); ++r) {
        const auto label = static_cast<size_t>(d.rows[idx[r]].label);
        const float* row = p.data() + r * k;
        ll -= std::log(std::clamp(static_cast<double>(row[label]), 1e-15, 1.0));
        right += static_cast<size_t>(std::max_element(row, row + k) - row) == label;
    }
    m.logloss = ll / static_cast<double>(idx.size());
    m.accuracy = static_cast<double>(right) / static_cast<double>(idx.size());
    m.auc = NAN;
    return m;
}

FoldMetrics evaluate(const std::vector<float>& p, const Dataset& d, const std::vector<size_t>& idx,
                     const TrainOptions& opt) {
    if (opt.objective == "regression") return evaluate_regression(p, d, idx);
    if (opt.objective == "multiclass") return evaluate_multiclass(p, d, idx);
    FoldMetrics m;
    std::vector<float> y;
    double ll = 0;
    size_t right = 0;
    for (size_t r = 0; r < idx.size(); ++r) {
        const float label = static_cast<float>(d.rows[idx[r]].label);
        y.push_back(label);
        const double q = std::clamp(static_cast<double>(p[r]), 1e-15, 1 - 1e-15);
        ll -= label > 0.5f ? std::log(q) : std::log(1 - q);
        right += (p[r] > 0.5f) == (label > 0.5f);
    }
    m.logloss = ll / static_cast<double>(idx.size());
    m.accuracy = static_cast<double>(right) / static_cast<double>(idx.size());
    m.auc = auc(p, y);
    return m;
}

std::string pick_definition(const store::OfflineStore& db, const std::string& want) {
    const auto all = db.definitions();
    std::vector<std::string> match;
    for (const auto& d : all)
        if (want.empty() || d.rfind(want, 0) == 0) match.push_back(d);
    if (match.size() == 1) return match[0];
    if (match.empty())
        throw RegistryError(want.empty() ? "the store has no feature definition" : "no definition " + want + " in the store");
    if (!want.empty()) throw RegistryError("definition " + want + " is ambiguous; give more of the hash");
    // Several: the latest registered, as the features plugin's current configuration.
    return match.back();
}

}  // namespace

double auc(const std::vector<float>& s, const std::vector<float>& y) {
    std::vector<size_t> idx(s.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return s[a] < s[b]; });
    double rank_sum = 0, pos = 0;
    for (size_t i = 0; i < idx.size();) {
        size_t j = i;
        while (j < idx.size() && s[idx[j]] == s[idx[i]]) ++j;
        const double rank = (static_cast<double>(i) + static_cast<double>(j) + 1) / 2.0;  // average rank, 1-based
        for (size_t k = i; k < j; ++k)
            if (y[idx[k]] > 0.5f) {
                rank_sum += rank;
                ++pos;
            }
        i = j;
    }
    const double neg = static_cast<double>(s.size()) - pos;
    if (pos == 0 || neg == 0) return NAN;
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

std::string xgboost_objective(const TrainOptions& opt) {
    if (opt.objective == "binary") return "binary:logistic";
    if (opt.objective == "regression") return "reg:squarederror";
    if (opt.objective == "multiclass") return "multi:softprob";
    throw std::invalid_argument("objective: '" + opt.objective + "' is not binary, regression or multiclass");
}

namespace {

// The label of a move from `now` to `later` under the objective (see TrainOptions).
double label_of(double now, double later, const TrainOptions& opt) {
    if (opt.objective == "binary") return later > now ? 1.0 : 0.0;
    const double ret = later / now - 1;
    if (opt.objective == "regression") return ret;
    const double band = opt.flat_bps * 1e-4;
    return ret < -band ? 0.0 : ret > band ? 2.0 : 1.0;  // index into kClasses
}

}  // namespace

Dataset build_dataset(const store::OfflineStore& db, const TrainOptions& opt) {
    xgboost_objective(opt);  // an unknown objective fails before any work
    if (!(opt.flat_bps >= 0)) throw std::invalid_argument("flat_bps: must be >= 0");
    Dataset d;
    d.definition_sha256 = pick_definition(db, opt.definition);
    d.definition = *db.definition(d.definition_sha256);
    std::vector<store::LabelPoint> labels;
    std::map<std::pair<std::string, int64_t>, int64_t> end_of;
    for (const auto& key : db.keys(d.definition_sha256)) {
        const auto px = db.prices(key);
        size_t fut = 0;
        for (size_t i = 0; i < px.size(); ++i) {
            const int64_t t = px[i].time;
            if (i + 1 < px.size() && px[i + 1].time == t) continue;  // the last mid of a timestamp
            while (fut < px.size() && px[fut].time < t + opt.horizon_ns) ++fut;
            if (fut >= px.size()) break;
            labels.push_back({key, t, label_of(px[i].price, px[fut].price, opt)});
            end_of[{key, t}] = px[fut].time;
        }
    }
    if (labels.empty())
        throw RegistryError(opt.store + ": no prices with a price at least the horizon later; record quotes (prices: true)");
    d.rows = db.as_of_join(d.definition_sha256, labels, opt.max_age_ns);
    if (d.rows.empty()) throw RegistryError(opt.store + ": no label has a feature vector at or before its time");
    std::stable_sort(d.rows.begin(), d.rows.end(),
                     [](const auto& a, const auto& b) { return a.label_time < b.label_time; });
    for (const auto& r : d.rows) d.ends.push_back(end_of.at({r.key, r.label_time}));
    return d;
}

namespace {

// Each fold's counts and the objective's metrics, and their means.
nlohmann::json fold_metrics(const std::vector<FoldMetrics>& all, const TrainOptions& opt) {
    const auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    nlohmann::json folds = nlohmann::json::array();
    std::map<std::string, double> sum;
    for (const auto& f : all) {
        nlohmann::json j = {{"train_rows", f.train_rows}, {"test_rows", f.test_rows}, {"purged", f.purged},
                            {"embargoed", f.embargoed}, {"test_start_ns", f.test_start}, {"test_end_ns", f.test_end}};
        std::map<std::string, double> vals;
        if (opt.objective == "regression") vals = {{"rmse", f.rmse}, {"mae", f.mae}};
        else if (opt.objective == "multiclass") vals = {{"mlogloss", f.logloss}, {"accuracy", f.accuracy}};
        else vals = {{"logloss", f.logloss}, {"accuracy", f.accuracy}, {"auc", f.auc}};
        for (const auto& [k, v] : vals) {
            j[k] = num(v);
            sum[k] += k == "auc" && !std::isfinite(v) ? 0.5 : v;  // a fold of one class: AUC undefined
        }
        folds.push_back(j);
    }
    nlohmann::json mean = nlohmann::json::object();
    for (const auto& [k, v] : sum) mean[k] = v / static_cast<double>(all.size());
    return {{"folds", folds}, {"mean", mean}};
}

}  // namespace

TrainResult train_and_register(const TrainOptions& opt) {
    if (opt.name.empty() || opt.registry.empty()) throw RegistryError("train: --registry and --name are required");
    TrainResult res;
    res.objective = opt.objective;
    {
        store::OfflineStore db(opt.store);
        res.data = build_dataset(db, opt);
    }
    const Dataset& d = res.data;
    std::vector<int64_t> times;
    for (const auto& r : d.rows) times.push_back(r.label_time);
    for (const Fold& f : walk_forward(times, d.ends, opt.folds, opt.embargo_ns)) {
        if (f.train.empty()) throw RegistryError("train: a fold has no training rows left after purge and embargo");
        Matrix tr, te;
        make_matrix(tr, d, f.train);
        make_matrix(te, d, f.test);
        Booster b;
        fit(b, tr, opt);
        FoldMetrics m = evaluate(predict(b, te), d, f.test, opt);
        m.train_rows = f.train.size();
        m.test_rows = f.test.size();
        m.purged = f.purged;
        m.embargoed = f.embargoed;
        m.test_start = f.test_start;
        m.test_end = f.test_end;
        res.folds.push_back(m);
    }

    // The model in service: every row.
    std::vector<size_t> all(d.rows.size());
    std::iota(all.begin(), all.end(), 0);
    Matrix m;
    make_matrix(m, d, all);
    Booster b;
    fit(b, m, opt);
    const fs::path tmp = fs::temp_directory_path() / ("tradehost-train-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    struct Cleanup {
        fs::path p;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } cleanup{tmp};
    const std::string model_file = (tmp / "model.json").string();
    xgb(XGBoosterSaveModel(b.h, model_file.c_str()), "XGBoosterSaveModel");

    models::Manifest man;
    man.name = opt.name;
    man.objective = xgboost_objective(opt);
    man.features = d.definition.columns;
    man.schema_version = d.definition.version;
    man.schema_text = d.definition.schema_text();
    man.definition_sha256 = d.definition_sha256;
    man.train_start_ns = d.rows.front().label_time;
    man.train_end_ns = d.rows.back().label_time;
    man.metrics = fold_metrics(res.folds, opt);
    man.metrics["rows"] = d.rows.size();
    man.metrics["training"] = {{"objective", opt.objective}, {"horizon_ns", opt.horizon_ns},
                               {"embargo_ns", opt.embargo_ns}, {"rounds", opt.rounds},
                               {"max_depth", opt.max_depth}, {"eta", opt.eta},
                               {"scheme", "walk-forward, purged, embargoed"}};
    // Label remapping and class order, explicit for every objective (docs/operator-guide.md).
    if (opt.objective == "binary") {
        man.label_mapping = {{"down", 0}, {"up", 1}};
        man.class_order = {"down", "up"};
        man.output_min = 0;
        man.output_max = 1;
    } else if (opt.objective == "multiclass") {
        const double band = opt.flat_bps * 1e-4;
        man.label_mapping = {{"down", 0}, {"flat", 1}, {"up", 2}};
        man.class_order = kClasses;
        man.metrics["training"]["flat_band"] = {-band, band};
        man.output_min = 0;
        man.output_max = 1;
    } else {
        // No classes: the output is the predicted return itself.
        man.label_mapping = {{"return", "mid(t + horizon) / mid(t) - 1"}};
        man.class_order = {"return"};
    }

    models::ModelRegistry reg(opt.registry);
    res.version = reg.add(man, model_file);
    // The training distribution, for the feature store's drift monitor.
    std::vector<std::vector<double>> cols(d.definition.columns.size());
    for (const auto& r : d.rows)
        for (size_t c = 0; c < cols.size() && c < r.values.size(); ++c) cols[c].push_back(r.values[c]);
    store::TrainingDistribution dist = store::TrainingDistribution::fit(d.definition.columns, cols);
    dist.definition_sha256 = d.definition_sha256;
    std::ofstream(reg.version_dir(opt.name, res.version) + "/drift.json") << dist.to_json().dump() << "\n";
    if (opt.promote) {
        reg.promote(opt.name, res.version);
        res.promoted = true;
    }
    return res;
}

std::string format(const TrainResult& r) {
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "definition %s (%s)\n%zu rows, %zu folds\n", r.data.definition_sha256.c_str(),
                  r.data.definition.schema_text().c_str(), r.data.rows.size(), r.folds.size());
    out += line;
    const bool regression = r.objective == "regression", multi = r.objective == "multiclass";
    out += regression ? "fold  train  test  purged  embargoed  rmse        mae\n"
           : multi    ? "fold  train  test  purged  embargoed  mlogloss  accuracy\n"
                      : "fold  train  test  purged  embargoed  logloss  accuracy  auc\n";
    for (size_t i = 0; i < r.folds.size(); ++i) {
        const auto& f = r.folds[i];
        if (regression)
            std::snprintf(line, sizeof line, "%4zu  %5zu  %4zu  %6zu  %9zu  %.4e  %.4e\n", i + 1, f.train_rows,
                          f.test_rows, f.purged, f.embargoed, f.rmse, f.mae);
        else if (multi)
            std::snprintf(line, sizeof line, "%4zu  %5zu  %4zu  %6zu  %9zu  %8.4f  %8.4f\n", i + 1, f.train_rows,
                          f.test_rows, f.purged, f.embargoed, f.logloss, f.accuracy);
        else
            std::snprintf(line, sizeof line, "%4zu  %5zu  %4zu  %6zu  %9zu  %7.4f  %8.4f  %.4f\n", i + 1, f.train_rows,
                          f.test_rows, f.purged, f.embargoed, f.logloss, f.accuracy, f.auc);
        out += line;
    }
    std::snprintf(line, sizeof line, "registered version %lld%s\n", static_cast<long long>(r.version),
                  r.promoted ? " (promoted)" : "");
    out += line;
    return out;
}

}  // namespace tradehost::train
