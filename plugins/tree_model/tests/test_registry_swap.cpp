// tree_model with a model registry: the promoted version at create, a promotion under a
// running feed (no event lost, each scored by exactly one version), and automatic rollback
// when a promoted version fails validation (checksum, load error, schema, canary range).
#include "heldout.hpp"
#include "lightgbm_text.hpp"
#include "registry/model_registry.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

using tradehost::models::Manifest;
using tradehost::models::ModelRegistry;
using tradehost::testing::Harness;
using namespace tree_model_test;

namespace {

constexpr int64_t kPoll = 1'000'000'000;

class Registry : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (std::filesystem::temp_directory_path() / "th-tree-registry-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        reg_ = std::make_unique<ModelRegistry>(dir_ + "/registry");
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // Registers test_data/NAME.json (or `file`) as the next version of "demo".
    int64_t add(const std::string& file, const std::string& schema = "x0,x1,x2,x3,x4,x5,x6,x7;v1", double lo = -1e30,
                double hi = 1e30) {
        Manifest m;
        m.name = "demo";
        m.features = {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"};
        m.schema_text = schema;
        m.output_min = lo;
        m.output_max = hi;
        const std::string copy = dir_ + "/model.json";
        std::filesystem::copy_file(file, copy, std::filesystem::copy_options::overwrite_existing);
        return reg_->add(m, copy);
    }

    void configure(Harness& h) {
        h.set("registry", dir_ + "/registry");
        h.set("model_name", "demo");
        h.set("registry_poll", "1s");
        h.set("output", "predictions");
    }

    // One held-out row as a single-instrument features event.
    th_status send_row(Harness& h, size_t r) {
        const size_t cols = 8;
        std::vector<unsigned char> buf(th_features_size(1, cols, 0), 0);
        auto* f = reinterpret_cast<th_features*>(buf.data());
        f->hdr = tradehost::make_event<th_features>(static_cast<th_time_ns>(1000 + r)).hdr;
        f->hdr.size = th_features_size(1, cols, 0);
        f->instrument = h.intern("SPY");
        f->rows = 1;
        f->cols = cols;
        f->parts = 1;
        f->schema_hash = th_features_schema_hash("x0,x1,x2,x3,x4,x5,x6,x7;v1");
        std::memcpy(th_features_values_mut(f), x_.data() + r * cols, cols * sizeof(float));
        return h.send("features", f->hdr);
    }

    std::vector<float> predictions(Harness& h) {
        std::vector<float> out;
        for (const auto& p : h.take_all("predictions"))
            out.push_back(th_features_values(reinterpret_cast<const th_features*>(p.bytes.data()))[0]);
        return out;
    }

    std::string status_text(Harness& h) {
        std::string all;
        for (const auto& s : h.take<th_venue_status>("status")) all += std::string(s.text) + "\n";
        return all;
    }

    static std::string log_text(Harness& h) {
        std::string all;
        for (const auto& l : h.log_lines()) all += l + "\n";
        return all;
    }

    std::string dir_;
    std::unique_ptr<ModelRegistry> reg_;
    size_t rows_ = 0, cols_ = 0;
    std::vector<float> x_ = heldout_matrix(rows_, cols_);
};

}  // namespace

TEST_F(Registry, APromotionUnderARunningFeedSwapsWithoutLosingAnEvent) {
    const auto binary = read_floats("binary.predictions.csv");
    const auto reg = read_floats("reg.predictions.csv");
    add(model_path("binary"), "x0,x1,x2,x3,x4,x5,x6,x7;v1", 0, 1);
    add(model_path("reg"));
    reg_->promote("demo", 1);
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    const size_t swap_at = 60;
    for (size_t r = 0; r < 120; ++r) {
        if (r == swap_at) {
            reg_->promote("demo", 2);
            h.advance(kPoll);  // the poll: between two events, as the host calls it
        } else if (r % 20 == 0) {
            h.advance(kPoll);  // polls that find nothing new
        }
        ASSERT_EQ(send_row(h, r), TH_OK) << h.last_error();
    }
    const auto got = predictions(h);
    ASSERT_EQ(got.size(), 120u);  // every event scored once
    for (size_t r = 0; r < 120; ++r) EXPECT_EQ(got[r], r < swap_at ? binary[r][0] : reg[r][0]) << "row " << r;
    EXPECT_EQ(h.metric("registry_swaps"), 1);
    EXPECT_NE(status_text(h).find("model demo v2 in service (was v1)"), std::string::npos);
}

TEST_F(Registry, AChecksumMismatchIsRefusedAndTheRegistryRolledBack) {
    const auto binary = read_floats("binary.predictions.csv");
    add(model_path("binary"));
    add(model_path("reg"));
    reg_->promote("demo", 1);
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    reg_->promote("demo", 2);
    std::ofstream(reg_->version_dir("demo", 2) + "/model.json", std::ios::app) << " ";  // tampered after promotion
    h.advance(kPoll);
    EXPECT_EQ(h.metric("registry_refusals"), 1);
    const std::string status = status_text(h), why = log_text(h);
    EXPECT_NE(status.find("model demo v2 refused, v1 stays in service"), std::string::npos) << status;
    EXPECT_NE(why.find("checksum mismatch"), std::string::npos) << why;
    EXPECT_NE(why.find("and the registry is rolled back"), std::string::npos) << why;
    EXPECT_EQ(*reg_->promoted("demo"), 1);
    EXPECT_NE(reg_->list("demo")[1].refused.find("checksum mismatch"), std::string::npos);
    ASSERT_EQ(send_row(h, 7), TH_OK);
    EXPECT_EQ(predictions(h), std::vector<float>{binary[7][0]});
    h.advance(kPoll);  // not retried
    EXPECT_EQ(h.metric("registry_refusals"), 1);
}

TEST_F(Registry, ALoadErrorASchemaMismatchAndAnOutOfRangeCanaryAreEachRolledBack) {
    add(model_path("binary"));
    const std::string broken = dir_ + "/broken.json";
    std::ofstream(broken) << "{\"learner\": {}}";
    add(broken);                                                   // v2: does not load
    add(model_path("reg"), "x0,x1,x2,x3,x4,x5,x6,x7;v2");         // v3: another schema version
    add(model_path("binary"), "x0,x1,x2,x3,x4,x5,x6,x7;v1", 0, 0.01);  // v4: outputs above its range
    reg_->promote("demo", 1);
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    ASSERT_EQ(send_row(h, 0), TH_OK);  // a live row joins the canary batch
    const char* expect[] = {"", "", "learner", "was trained on schema 'x0,x1,x2,x3,x4,x5,x6,x7;v2'",
                            "outside the manifest's range"};
    for (int v = 2; v <= 4; ++v) {
        reg_->promote("demo", v);
        h.advance(kPoll);
        const std::string status = status_text(h), why = log_text(h);
        EXPECT_NE(status.find("model demo v" + std::to_string(v) + " refused"), std::string::npos) << status;
        EXPECT_NE(why.find(expect[v]), std::string::npos) << why;
        EXPECT_EQ(*reg_->promoted("demo"), 1);
    }
    EXPECT_EQ(h.metric("registry_refusals"), 3);
    EXPECT_EQ(h.metric("registry_swaps"), 0);
    bool logged = false;
    for (const auto& l : h.log_lines()) logged |= l.find("v4 refused") != std::string::npos;
    EXPECT_TRUE(logged);
}

TEST_F(Registry, ABrokenPromotedVersionAtCreateFallsBackToTheOneBefore) {
    add(model_path("binary"));
    add(model_path("reg"));
    reg_->promote("demo", 1);
    reg_->promote("demo", 2);
    std::ofstream(reg_->version_dir("demo", 2) + "/model.json", std::ios::app) << " ";
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    EXPECT_EQ(h.metric("registry_refusals"), 1);
    EXPECT_EQ(*reg_->promoted("demo"), 1);
}

TEST_F(Registry, CreateFailsWithTheReasonWhenNothingIsLeftToFallBackTo) {
    add(model_path("binary"));
    reg_->promote("demo", 1);
    std::ofstream(reg_->version_dir("demo", 1) + "/model.json", std::ios::app) << " ";
    Harness h(PLUGIN_PATH);
    configure(h);
    try {
        h.create();
        FAIL() << "created";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("checksum mismatch"), std::string::npos) << e.what();
    }
}

TEST_F(Registry, WithNothingPromotedRowsAreDroppedUntilTheFirstPromotion) {
    const auto binary = read_floats("binary.predictions.csv");
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    ASSERT_EQ(send_row(h, 0), TH_OK);
    EXPECT_EQ(h.metric("no_model"), 1);
    EXPECT_TRUE(predictions(h).empty());
    add(model_path("binary"));
    reg_->promote("demo", 1);
    h.advance(kPoll);
    ASSERT_EQ(send_row(h, 1), TH_OK);
    EXPECT_EQ(predictions(h), std::vector<float>{binary[1][0]});
    EXPECT_EQ(h.metric("registry_swaps"), 1);
}

// A multiclass (multi:softprob) version publishes one probability per class, its columns
// named by the manifest's class order (as `tradehost train --objective multiclass` writes it).
TEST_F(Registry, AMulticlassVersionPublishesEachClassUnderTheManifestsClassOrder) {
    const auto multi = read_floats("multi.predictions.csv");
    Manifest m;
    m.name = "demo";
    m.features = {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"};
    m.schema_text = "x0,x1,x2,x3,x4,x5,x6,x7;v1";
    m.objective = "multi:softprob";
    m.label_mapping = {{"down", 0}, {"flat", 1}, {"up", 2}};
    m.class_order = {"down", "flat", "up"};
    m.output_min = 0;
    m.output_max = 1;
    const std::string copy = dir_ + "/model.json";
    std::filesystem::copy_file(model_path("multi"), copy);
    reg_->promote("demo", reg_->add(m, copy));
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    for (size_t r = 0; r < 5; ++r) {
        ASSERT_EQ(send_row(h, r), TH_OK) << h.last_error();
        const auto p = h.take_all("predictions");
        ASSERT_EQ(p.size(), 1u);
        const auto* f = reinterpret_cast<const th_features*>(p[0].bytes.data());
        EXPECT_EQ(f->schema_hash, th_features_schema_hash("down,flat,up;v1"));
        ASSERT_EQ(f->cols, 3);
        for (size_t k = 0; k < 3; ++k) EXPECT_EQ(th_features_values(f)[k], multi[r][k]) << r << " " << k;
    }
}

// A LightGBM text version: the manifest's format picks the reader, whatever the file is called,
// and a config that names the other format is refused with both named.
TEST_F(Registry, ALightgbmVersionIsReadAsItsManifestSaysAndScoresAsTheFileDoes) {
    const std::string lgbm = std::string(TEST_DATA_DIR) + "/lightgbm/binary.txt";
    const auto rows_in = read_floats("lightgbm/heldout_binary.csv");
    const auto forest = tradehost::tree_model::load_lightgbm_text(lgbm);
    Manifest m;
    m.name = "demo";
    m.format = "lightgbm_text";
    m.features = {"Column_0", "Column_1", "Column_2", "Column_3", "Column_4"};
    m.schema_text = "Column_0,Column_1,Column_2,Column_3,Column_4;v1";
    m.output_min = 0;
    m.output_max = 1;
    const std::string copy = dir_ + "/model.bin";  // no telling extension: the manifest decides
    std::filesystem::copy_file(lgbm, copy);
    reg_->promote("demo", reg_->add(m, copy));
    Harness h(PLUGIN_PATH);
    configure(h);
    h.create();
    h.start();
    const size_t cols = 5;
    for (size_t r = 0; r < 20; ++r) {
        std::vector<unsigned char> buf(th_features_size(1, cols, 0), 0);
        auto* f = reinterpret_cast<th_features*>(buf.data());
        f->hdr = tradehost::make_event<th_features>(static_cast<th_time_ns>(1000 + r)).hdr;
        f->hdr.size = th_features_size(1, cols, 0);
        f->instrument = h.intern("SPY");
        f->rows = 1;
        f->cols = cols;
        f->parts = 1;
        f->schema_hash = th_features_schema_hash(m.schema_text.c_str());
        std::memcpy(th_features_values_mut(f), rows_in[r].data(), cols * sizeof(float));
        ASSERT_EQ(h.send("features", f->hdr), TH_OK) << h.last_error();
        float want = 0;
        forest.predict_batch(rows_in[r].data(), 1, &want);
        const auto got = predictions(h);
        ASSERT_EQ(got.size(), 1u) << "row " << r;
        EXPECT_EQ(got[0], want) << "row " << r;
    }

    Harness wrong(PLUGIN_PATH);
    configure(wrong);
    wrong.set("format", "xgboost_json");
    try {
        wrong.create();
        FAIL() << "a format other than the manifest's was taken";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("format: 'xgboost_json', but demo v1 is lightgbm_text"), std::string::npos)
            << e.what();
    }
}
