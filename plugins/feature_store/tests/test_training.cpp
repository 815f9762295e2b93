// `tradehost train` on a small synthetic store: walk-forward folds purge and embargo, the
// training set is point-in-time, the model learns the planted signal, and what is
// registered loads in libxgboost with its checksum and label mapping.
#include "registry/model_registry.hpp"
#include "registry/sha256.hpp"
#include "scratch_dir.hpp"
#include "train/trainer.hpp"
#include "train/walk_forward.hpp"

#include <xgboost/c_api.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <fstream>
#include <optional>
#include <sys/wait.h>

using namespace tradehost;
using feature_store_test::ScratchDir;

namespace {

constexpr int64_t kSec = 1'000'000'000;
#if defined(__SANITIZE_ADDRESS__)
constexpr int kSteps = 300;  // ASan: a smaller set, same checks
#else
constexpr int kSteps = 800;
#endif

store::Definition definition() {
    store::Definition d;
    d.schema = "synthetic";
    d.specs = {"ret:1", "zscore:5"};
    d.columns = {"signal", "noise"};
    return d;
}

// Two keys, one quote a second. The feature `signal` at t says where the mid goes over the
// next second; `noise` says nothing. Vectors arrive 1 ms after their quote, so a label at a
// quote's time must not see the vector made from that same quote's successor.
void make_store(const std::string& path) {
    store::OfflineStore db(path);
    const auto d = definition();
    db.register_definition(d);
    std::mt19937_64 rng(11);
    std::normal_distribution<double> n01(0, 1);
    db.begin();
    for (const char* key : {"A", "B"}) {
        double px = 100;
        for (int i = 0; i < kSteps; ++i) {
            const int64_t t = i * kSec;
            const float f[] = {static_cast<float>(n01(rng)), static_cast<float>(n01(rng))};
            db.append_price(key, t, px);
            db.append(key, t + 1'000'000, d.sha256(), f, 2);
            px += (f[0] > 0 ? 0.1 : -0.1) + 0.05 * n01(rng);
        }
    }
    db.commit();
}

int run(const std::string& cmd) {
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace

TEST(WalkForward, EveryTrainingRowEndsBeforeItsTestFoldAndKeepsTheEmbargo) {
    std::vector<int64_t> times, ends;
    for (int64_t i = 0; i < 100; ++i) {
        times.push_back(i * 10);
        ends.push_back(i * 10 + 25);  // each label looks 25 ahead
    }
    const auto folds = train::walk_forward(times, ends, 4, 30);
    ASSERT_EQ(folds.size(), 4u);
    for (const auto& f : folds) {
        ASSERT_FALSE(f.test.empty());
        ASSERT_FALSE(f.train.empty());
        for (size_t i : f.train) {
            EXPECT_LT(ends[i], f.test_start);            // purged
            EXPECT_LT(times[i], f.test_start - 30);      // embargoed
        }
        for (size_t i = 1; i < f.test.size(); ++i) EXPECT_EQ(f.test[i], f.test[i - 1] + 1);
        // start S: rows S-10 and S-20 end at S+15 and S+5 (purged); S-30 is within the
        // embargo of 30; S-40 trains
        EXPECT_EQ(f.purged, 2u);
        EXPECT_EQ(f.embargoed, 1u);
        EXPECT_EQ(f.train.size() + f.purged + f.embargoed, f.test.front());
    }
    EXPECT_THROW(train::walk_forward({1, 2, 3}, {1, 2, 3}, 4, 0), std::invalid_argument);
}

TEST(Training, TheTrainingSetIsPointInTime) {
    ScratchDir dir;
    make_store(dir / "store.db");
    store::OfflineStore db(dir / "store.db");
    train::TrainOptions opt;
    opt.store = dir / "store.db";
    opt.horizon_ns = kSec;
    const auto data = train::build_dataset(db, opt);
    ASSERT_EQ(data.rows.size(), 2u * (kSteps - 2));  // no vector before the first quote, no future after the last
    for (size_t i = 0; i < data.rows.size(); ++i) {
        EXPECT_LE(data.rows[i].vector_time, data.rows[i].label_time);
        EXPECT_EQ(data.rows[i].label_time - data.rows[i].vector_time, kSec - 1'000'000);  // the previous second's vector
        EXPECT_GE(data.ends[i], data.rows[i].label_time + kSec);
    }
}

TEST(Training, LearnsThePlantedSignalAndRegistersAModelLibxgboostLoads) {
    ScratchDir dir;
    make_store(dir / "store.db");
    train::TrainOptions opt;
    opt.store = dir / "store.db";
    opt.registry = dir / "registry";
    opt.name = "synthetic_updown";
    opt.horizon_ns = kSec;
    opt.embargo_ns = 5 * kSec;
    opt.folds = 3;
    opt.rounds = 20;
    opt.promote = true;
    // The label at t is the move over [t, t+1s], which the vector made at t+1ms drives. A
    // point-in-time join gives the label the vector of t-1s+1ms (the previous move's), so
    // nothing is learnable: AUC near 0.5. A join that looked ahead would score near 1.
    const train::TrainResult r = train::train_and_register(opt);
    ASSERT_EQ(r.folds.size(), 3u);
    for (const auto& f : r.folds) {
        EXPECT_GT(f.purged, 0u);
        EXPECT_GT(f.embargoed, 0u);
        EXPECT_LT(f.auc, 0.62) << "the model saw the future: the as-of join leaked";
    }
    EXPECT_EQ(r.version, 1);
    EXPECT_TRUE(r.promoted);
    EXPECT_NE(train::format(r).find("registered version 1 (promoted)"), std::string::npos);

    models::ModelRegistry reg(opt.registry);
    const models::Manifest m = reg.manifest("synthetic_updown", 1);
    EXPECT_EQ(m.sha256, models::sha256_file(reg.version_dir("synthetic_updown", 1) + "/model.json"));
    EXPECT_EQ(m.features, (std::vector<std::string>{"signal", "noise"}));
    EXPECT_EQ(m.schema_text, "signal,noise;v1");
    EXPECT_EQ(m.definition_sha256, definition().sha256());
    EXPECT_EQ(m.class_order, (std::vector<std::string>{"down", "up"}));
    EXPECT_EQ(m.label_mapping["up"], 1);
    EXPECT_EQ(m.metrics["folds"].size(), 3u);
    EXPECT_EQ(m.train_start_ns, kSec);
    EXPECT_TRUE(std::filesystem::exists(reg.version_dir("synthetic_updown", 1) + "/drift.json"));
    EXPECT_EQ(*reg.promoted("synthetic_updown"), 1);

    BoosterHandle b = nullptr;
    ASSERT_EQ(XGBoosterCreate(nullptr, 0, &b), 0);
    EXPECT_EQ(XGBoosterLoadModel(b, reg.verified_path(m).c_str()), 0) << XGBGetLastError();
    bst_ulong n = 0;
    ASSERT_EQ(XGBoosterGetNumFeature(b, &n), 0);
    EXPECT_EQ(n, 2u);
    XGBoosterFree(b);
}

// A label made only from prices after the vector's time: the model must find the signal.
TEST(Training, FindsASignalThatIsKnownAtTheLabelTime) {
    ScratchDir dir;
    {
        store::OfflineStore db(dir / "store.db");
        const auto d = definition();
        db.register_definition(d);
        std::mt19937_64 rng(5);
        std::normal_distribution<double> n01(0, 1);
        db.begin();
        for (const char* key : {"A", "B"}) {
            double px = 100;
            for (int i = 0; i < kSteps; ++i) {
                const int64_t t = i * kSec;
                const float f[] = {static_cast<float>(n01(rng)), static_cast<float>(n01(rng))};
                db.append(key, t, d.sha256(), f, 2);  // known at t ...
                db.append_price(key, t, px);
                px += (f[0] > 0 ? 0.1 : -0.1) + 0.05 * n01(rng);  // ... drives the move after t
            }
        }
        db.commit();
    }
    ScratchDir reg_dir;
    const std::string cmd = std::string(MODELS_TOOL) + " train --store " + (dir / "store.db") + " --registry " +
                            reg_dir.path() + " --name updown --horizon 1s --folds 3 --embargo 2s --rounds 20 > " +
                            (dir / "out.txt") + " 2>&1";
    ASSERT_EQ(run(cmd), 0);
    models::ModelRegistry reg(reg_dir.path());
    const auto m = reg.manifest("updown", 1);
    for (const auto& f : m.metrics["folds"]) EXPECT_GT(f["auc"].get<double>(), 0.85);
    EXPECT_FALSE(reg.promoted("updown"));  // no --promote
    // promote and list through the same tool
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " promote --registry " + reg_dir.path() + " updown 1 > /dev/null"), 0);
    EXPECT_EQ(*reg.promoted("updown"), 1);
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " rollback --registry " + reg_dir.path() + " updown 2> /dev/null"), 1);
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " list --registry " + reg_dir.path() + " > " + (dir / "list.txt")), 0);
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " promote --registry " + reg_dir.path() + " updown x 2> /dev/null"), 64);
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " train --store " + (dir / "store.db") + " 2> /dev/null"), 64);
}

namespace {

// Two keys; the vector at t (known at t) sets the move after t: `move(f0)`. No noise in
// the move, so the label is a function of f0 and the fold metrics have known bounds.
template <class Move>
void make_store_with(const std::string& path, Move move) {
    store::OfflineStore db(path);
    const auto d = definition();
    db.register_definition(d);
    std::mt19937_64 rng(7);
    std::normal_distribution<double> n01(0, 1);
    db.begin();
    for (const char* key : {"A", "B"}) {
        double px = 100;
        for (int i = 0; i < kSteps; ++i) {
            const int64_t t = i * kSec;
            const float f[] = {static_cast<float>(n01(rng)), static_cast<float>(n01(rng))};
            db.append(key, t, d.sha256(), f, 2);
            db.append_price(key, t, px);
            px *= 1 + move(f[0]);
        }
    }
    db.commit();
}

std::vector<float> predict_rows(const std::string& model, const std::vector<float>& rows) {
    BoosterHandle b = nullptr;
    EXPECT_EQ(XGBoosterCreate(nullptr, 0, &b), 0);
    EXPECT_EQ(XGBoosterLoadModel(b, model.c_str()), 0) << XGBGetLastError();
    DMatrixHandle m = nullptr;
    EXPECT_EQ(XGDMatrixCreateFromMat(rows.data(), rows.size() / 2, 2, NAN, &m), 0);
    bst_ulong len = 0;
    const float* out = nullptr;
    EXPECT_EQ(XGBoosterPredict(b, m, 0, 0, 0, &len, &out), 0) << XGBGetLastError();
    std::vector<float> v(out, out + len);
    XGDMatrixFree(m);
    XGBoosterFree(b);
    return v;
}

train::TrainOptions options(const ScratchDir& dir, const std::string& objective) {
    train::TrainOptions opt;
    opt.store = dir / "store.db";
    opt.registry = dir / "registry";
    opt.name = objective;
    opt.objective = objective;
    opt.horizon_ns = kSec;
    opt.embargo_ns = 2 * kSec;
    opt.folds = 3;
    opt.rounds = 30;
    return opt;
}

}  // namespace

// The return after t is 0.2% of f0: the model predicts it, RMSE well under the label's spread.
TEST(Training, RegressionLearnsTheReturnAndReportsRmse) {
    ScratchDir dir;
    make_store_with(dir / "store.db", [](double f0) { return 0.002 * f0; });
    const train::TrainResult r = train::train_and_register(options(dir, "regression"));
    ASSERT_EQ(r.folds.size(), 3u);
    for (const auto& f : r.folds) {
        EXPECT_LT(f.rmse, 0.0005) << "the label's standard deviation is 0.002";
        EXPECT_LE(f.mae, f.rmse);
    }
    EXPECT_NE(train::format(r).find("rmse"), std::string::npos);
    models::ModelRegistry reg(dir / "registry");
    const auto m = reg.manifest("regression", 1);
    EXPECT_EQ(m.objective, "reg:squarederror");
    EXPECT_EQ(m.class_order, (std::vector<std::string>{"return"}));
    EXPECT_EQ(m.metrics["folds"].size(), 3u);
    EXPECT_LT(m.metrics["mean"]["rmse"].get<double>(), 0.0005);
    EXPECT_FALSE(m.metrics["folds"][0].contains("auc"));
    const auto p = predict_rows(reg.verified_path(m), {1.0f, 0.0f, -1.0f, 0.0f, 0.0f, 0.0f});
    ASSERT_EQ(p.size(), 3u);
    EXPECT_NEAR(p[0], 0.002, 0.0005);
    EXPECT_NEAR(p[1], -0.002, 0.0005);
    EXPECT_NEAR(p[2], 0.0, 0.0005);
}

// Up 0.1% when f0 > 0.5, down 0.1% when f0 < -0.5, else no move; flat within +-1 bp. The
// classes are then a function of f0: accuracy near 1, and the class order is the manifest's.
TEST(Training, MulticlassLearnsDownFlatUpWithAnExplicitClassOrder) {
    ScratchDir dir;
    make_store_with(dir / "store.db", [](double f0) { return f0 > 0.5 ? 0.001 : f0 < -0.5 ? -0.001 : 0.0; });
    auto opt = options(dir, "multiclass");
    opt.flat_bps = 1;
    const train::TrainResult r = train::train_and_register(opt);
    for (const auto& f : r.folds) {
        EXPECT_GT(f.accuracy, 0.97);
        EXPECT_LT(f.logloss, 0.2);
    }
    EXPECT_NE(train::format(r).find("mlogloss"), std::string::npos);
    models::ModelRegistry reg(dir / "registry");
    const auto m = reg.manifest("multiclass", 1);
    EXPECT_EQ(m.objective, "multi:softprob");
    EXPECT_EQ(m.class_order, (std::vector<std::string>{"down", "flat", "up"}));
    EXPECT_EQ(m.label_mapping["down"], 0);
    EXPECT_EQ(m.label_mapping["flat"], 1);
    EXPECT_EQ(m.label_mapping["up"], 2);
    EXPECT_GT(m.metrics["mean"]["accuracy"].get<double>(), 0.97);
    EXPECT_TRUE(m.metrics["mean"].contains("mlogloss"));
    // One probability per class, in class order: f0 = 1 is up, 0 flat, -1 down.
    const auto p = predict_rows(reg.verified_path(m), {1.0f, 0.0f, 0.0f, 0.0f, -1.0f, 0.0f});
    ASSERT_EQ(p.size(), 9u);
    for (size_t row = 0; row < 3; ++row) {
        EXPECT_NEAR(p[row * 3] + p[row * 3 + 1] + p[row * 3 + 2], 1.0, 1e-5);
        EXPECT_GT(p[row * 3 + (2 - row)], 0.9) << row;
    }
}

TEST(Training, AnUnknownObjectiveIsAUsageError) {
    train::TrainOptions opt;
    opt.objective = "ranking";
    EXPECT_THROW(train::xgboost_objective(opt), std::invalid_argument);
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " train --store x --registry y --name z --objective ranking 2> /dev/null"), 64);
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " train --store x --registry y --name z --flat-bps -1 2> /dev/null"), 64);
}

// `models add`: a .thnn trained elsewhere registered with the features, schema version and
// window its header names; options that contradict the header, or an xgboost_json without
// features, are usage errors.
TEST(ModelsAdd, AWeightsFileIsRegisteredWithItsHeadersSchemaAndWindow) {
    ScratchDir dir;
    const std::string header = R"({"format":"tradehost-nn","version":1,"features":["rsi_14","ret_5"],)"
                               R"("schema_version":2,"outputs":["p"],"sequence_length":4,"layers":[]})";
    std::string bytes = "THNNWTS1";
    for (int i = 0; i < 8; ++i) bytes += static_cast<char>((header.size() >> (8 * i)) & 0xff);
    bytes += header;
    const std::string file = dir / "net.thnn";
    std::ofstream(file, std::ios::binary) << bytes;
    const std::string reg_dir = dir / "registry";
    const std::string tool = std::string(MODELS_TOOL) + " add --registry " + reg_dir + " net " + file;
    EXPECT_EQ(run(tool + " --window 3 2> /dev/null"), 64);
    EXPECT_EQ(run(tool + " --features rsi_14,zscore 2> /dev/null"), 64);
    EXPECT_EQ(run(tool + " --output-range 1 2> /dev/null"), 64);
    ASSERT_EQ(run(tool + " --output-range -1,1 --class-order down,up --promote > /dev/null"), 0);
    models::ModelRegistry reg(reg_dir);
    const auto m = reg.manifest("net", 1);
    EXPECT_EQ(m.format, "thnn");
    EXPECT_EQ(m.schema_text, "rsi_14,ret_5;v2");
    EXPECT_EQ(m.window_length, 4);
    EXPECT_EQ(m.output_min, -1);
    EXPECT_EQ(m.label_mapping["up"], 1);
    EXPECT_EQ(m.sha256, models::sha256_file(reg.verified_path(m)));
    EXPECT_EQ(reg.promoted("net"), std::optional<int64_t>(1));

    const std::string json = dir / "trees.json";
    std::ofstream(json) << "{}";
    const std::string add_json = std::string(MODELS_TOOL) + " add --registry " + reg_dir + " trees " + json;
    EXPECT_EQ(run(add_json + " 2> /dev/null"), 64);  // no --features
    ASSERT_EQ(run(add_json + " --features a,b --window 1 > /dev/null"), 0);
    EXPECT_EQ(reg.manifest("trees", 1).schema_text, "a,b;v1");
    EXPECT_EQ(run(std::string(MODELS_TOOL) + " add --registry " + reg_dir + " bad " + json +
                  " --format thnn 2> /dev/null"), 1);  // not a weights file: a failure, not usage
}
