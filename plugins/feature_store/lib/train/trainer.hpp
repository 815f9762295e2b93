// `tradehost train`: a training set from the offline store by as-of join, XGBoost through
// libxgboost's C API with walk-forward folds (purged, embargoed), fold metrics, and the
// final model (trained on every row) registered with its manifest and drift.json.
#pragma once

#include "store/offline_store.hpp"
#include "walk_forward.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::train {

struct TrainOptions {
    std::string store;         ///< offline store (SQLite)
    std::string registry;      ///< model registry folder
    std::string name;          ///< model name in the registry
    std::string definition;    ///< definition sha256 (or a unique prefix); empty: the store's only one
    /// binary (binary:logistic; up = the mid at t + horizon above the mid at t), regression
    /// (reg:squarederror on the return mid(t + horizon) / mid(t) - 1) or multiclass
    /// (multi:softprob over down, flat, up: a return within +-flat_bps is flat).
    std::string objective = "binary";
    double flat_bps = 0;
    int64_t horizon_ns = 60'000'000'000;
    int64_t embargo_ns = 0;
    int64_t max_age_ns = 0;    ///< as-of join: vectors older than this at the label time are not used (0: any)
    size_t folds = 4;
    int rounds = 50;
    int max_depth = 3;
    double eta = 0.1;
    bool promote = false;
};

/// The labelled training set: rows sorted by label time, each label's end time beside it.
struct Dataset {
    store::Definition definition;
    std::string definition_sha256;
    std::vector<store::TrainingRow> rows;
    std::vector<int64_t> ends;  ///< time of the future price each label was made from
};

struct FoldMetrics {
    size_t train_rows = 0, test_rows = 0, purged = 0, embargoed = 0;
    int64_t test_start = 0, test_end = 0;
    double logloss = 0, accuracy = 0, auc = 0;  ///< binary; multiclass: multi-logloss and accuracy (auc NaN)
    double rmse = 0, mae = 0;                    ///< regression
};

struct TrainResult {
    std::string objective;  ///< TrainOptions::objective
    Dataset data;
    std::vector<FoldMetrics> folds;
    int64_t version = 0;
    bool promoted = false;
};

/// Labels at every recorded price time from the first mid at or after t + horizon (see
/// TrainOptions::objective), joined as of that time; throws std::invalid_argument for an
/// unknown objective, and throws RegistryError naming what is
/// missing (no definition, no prices, no rows).
Dataset build_dataset(const store::OfflineStore& db, const TrainOptions& opt);
/// Trains, evaluates every fold, trains on all rows, registers (and promotes, if asked).
TrainResult train_and_register(const TrainOptions& opt);
/// The fold table and totals, as `tradehost train` prints them.
std::string format(const TrainResult& r);
/// The XGBoost objective of `opt.objective`; throws std::invalid_argument for another name.
std::string xgboost_objective(const TrainOptions& opt);
/// Area under the ROC curve of scores against 0/1 labels (ties counted half).
double auc(const std::vector<float>& scores, const std::vector<float>& labels);

}  // namespace tradehost::train
