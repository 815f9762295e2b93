// Our predictions equal xgboost's own (python3-xgboost 1.7.4, test_data/make_models.py) on
// held-out rows with missing values, bit for bit, one row at a time and in batches.
#include "heldout.hpp"
#include "xgboost_json.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

using namespace tradehost::tree_model;
using namespace tree_model_test;

class XgboostReference : public ::testing::TestWithParam<const char*> {};

TEST_P(XgboostReference, SingleRowsAndBatchesEqualXgboostsPredictions) {
    const std::string name = GetParam();
    const Forest f = load_xgboost_json(model_path(name));
    size_t rows = 0, cols = 0;
    const std::vector<float> x = heldout_matrix(rows, cols);
    const auto want = read_floats(name + ".predictions.csv");
    ASSERT_EQ(cols, f.num_feature);
    ASSERT_EQ(want.size(), rows);
    ASSERT_EQ(want[0].size(), f.outputs());
    size_t missing = 0;
    for (float v : x) missing += std::isnan(v);
    ASSERT_GT(missing, rows / 2);  // the held-out rows do exercise default directions

    std::vector<float> one(f.outputs());
    for (size_t r = 0; r < rows; ++r) {
        f.predict(x.data() + r * cols, one.data());
        for (size_t k = 0; k < one.size(); ++k) ASSERT_EQ(one[k], want[r][k]) << name << " row " << r << " output " << k;
    }
    // Batches of every awkward size: a partial block, exactly one block, several.
    for (size_t n : {1u, 7u, 64u, 65u, 200u}) {
        std::vector<float> out(n * f.outputs());
        f.predict_batch(x.data(), n, out.data());
        for (size_t r = 0; r < n; ++r)
            for (size_t k = 0; k < f.outputs(); ++k)
                ASSERT_EQ(out[r * f.outputs() + k], want[r][k]) << name << " batch " << n << " row " << r;
    }
}

INSTANTIATE_TEST_SUITE_P(TreeModel, XgboostReference, ::testing::Values("reg", "binary", "multi", "multi_softmax"));

TEST(XgboostJson, ReadsTheModelParameters) {
    const Forest b = load_xgboost_json(model_path("binary"));
    EXPECT_EQ(b.objective, "binary:logistic");
    EXPECT_EQ(b.transform, Transform::Sigmoid);
    EXPECT_EQ(b.roots.size(), 25u);
    EXPECT_FLOAT_EQ(b.base_margin, -std::log(1.0f / 0.4f - 1.0f));  // base_score 0.4 as a logit
    EXPECT_EQ(b.feature_names.size(), 8u);
    EXPECT_EQ(b.feature_names[3], "x3");
    const Forest m = load_xgboost_json(model_path("multi"));
    EXPECT_EQ(m.num_group, 3u);
    EXPECT_EQ(m.roots.size(), 75u);  // 25 rounds x 3 classes
    EXPECT_EQ(m.outputs(), 3u);
}

class BrokenModel : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("th_tree_model_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::create_directories(dir_);
        std::ifstream in(model_path("reg"));
        model_ = nlohmann::json::parse(in);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string error_of(const nlohmann::json& j) {
        const auto p = (dir_ / "m.json").string();
        std::ofstream(p) << j.dump();
        try {
            load_xgboost_json(p);
        } catch (const std::exception& e) {
            return e.what();
        }
        return "loaded";
    }
    nlohmann::json& tree0() { return model_["learner"]["gradient_booster"]["model"]["trees"][0]; }
    std::filesystem::path dir_;
    nlohmann::json model_;
};

TEST_F(BrokenModel, EveryUnusableModelIsRefusedSayingWhy) {
    auto j = model_;
    j["learner"]["objective"]["name"] = "rank:pairwise";
    EXPECT_NE(error_of(j).find("objective 'rank:pairwise' is not supported"), std::string::npos);
    j = model_;
    j["learner"]["gradient_booster"]["name"] = "dart";
    EXPECT_NE(error_of(j).find("booster 'dart' is not supported"), std::string::npos);
    tree0()["split_type"][0] = 1;
    EXPECT_NE(error_of(model_).find("trees[0]: categorical splits are not supported"), std::string::npos);
    tree0()["split_type"][0] = 0;
    const auto saved = tree0()["left_children"][0];
    tree0()["left_children"][0] = 0;  // a node that is its own child
    EXPECT_NE(error_of(model_).find("trees[0]: node 0 has a child out of range"), std::string::npos);
    tree0()["left_children"][0] = tree0()["right_children"][0];  // both children the same node
    EXPECT_NE(error_of(model_).find("reached twice"), std::string::npos);
    tree0()["left_children"][0] = saved;
    tree0()["split_indices"][0] = 99;
    EXPECT_NE(error_of(model_).find("splits on feature 99 of 8"), std::string::npos);
    EXPECT_NE(error_of(nlohmann::json::object()).find("not a usable XGBoost JSON model"), std::string::npos);
}
