// LightGBM text models: our predictions against the LightGBM CLI's own on held-out rows
// (test_data/lightgbm, made by tools/make_lightgbm_data.py), single rows and batches.
//
// Tolerance: LightGBM sums double leaf values in double; the forest sums the leaves rounded
// to float, in float (the XGBoost arithmetic it shares). Each of T leaves is off by at most
// 2^-24 of itself and each of T additions by 2^-24 of the running sum, so we allow
// T * 2^-23 * max(1, |output|): float precision for the sum of T trees. The branches are
// exact, not approximated: test_lightgbm_split.cpp checks every split kind against
// tree.h's decision bit for bit, and a wrong branch here would move the output by a whole
// leaf (1e-3 and more in these models), far outside the tolerance.
#include "heldout.hpp"
#include "lightgbm_text.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tradehost::tree_model;
using namespace tree_model_test;

namespace {

std::string lgbm_path(const std::string& name) { return std::string(TEST_DATA_DIR) + "/lightgbm/" + name + ".txt"; }

}  // namespace

class LightgbmReference : public ::testing::TestWithParam<const char*> {};

TEST_P(LightgbmReference, SingleRowsAndBatchesEqualLightgbmsPredictions) {
    const std::string name = GetParam();
    const Forest f = load_lightgbm_text(lgbm_path(name));
    const auto rows_in = read_floats("lightgbm/heldout_" + name + ".csv");
    const auto want = read_floats("lightgbm/" + name + ".predictions.csv");
    ASSERT_EQ(rows_in.size(), want.size());
    ASSERT_GT(rows_in.size(), 600u);
    const size_t cols = f.num_feature, outs = f.outputs();
    std::vector<float> x;
    size_t missing = 0;
    for (const auto& r : rows_in) {
        ASSERT_EQ(r.size(), cols);
        x.insert(x.end(), r.begin(), r.end());
        for (float v : r) missing += std::isnan(v);
    }
    ASSERT_GT(missing, 50u);  // missing values are exercised
    const double per_tree = std::ldexp(1.0, -23);
    const double trees = static_cast<double>(f.roots.size());
    auto tol = [&](float w) { return trees * per_tree * std::max(1.0, std::fabs(static_cast<double>(w))); };

    double worst = 0;  // the largest error as a fraction of the tolerance
    std::vector<float> one(outs);
    for (size_t r = 0; r < rows_in.size(); ++r) {
        ASSERT_EQ(want[r].size(), outs);
        f.predict(x.data() + r * cols, one.data());
        for (size_t k = 0; k < outs; ++k) {
            const double err = std::fabs(static_cast<double>(one[k]) - want[r][k]);
            worst = std::max(worst, err / tol(want[r][k]));
            ASSERT_LE(err, tol(want[r][k])) << name << " row " << r << " output " << k << ": " << one[k] << " vs "
                                            << want[r][k];
        }
    }
    // Batches: the same arithmetic, so the same floats as single rows.
    for (size_t n : {size_t{1}, size_t{7}, size_t{64}, size_t{65}, rows_in.size()}) {
        std::vector<float> out(n * outs), single(outs);
        f.predict_batch(x.data(), n, out.data());
        for (size_t r = 0; r < n; ++r) {
            f.predict(x.data() + r * cols, single.data());
            for (size_t k = 0; k < outs; ++k) ASSERT_EQ(out[r * outs + k], single[k]) << name << " batch " << n << " row " << r;
        }
    }
    RecordProperty("worst_error_over_tolerance", std::to_string(worst));
    std::printf("%s: %zu rows, worst error %.3g of the tolerance\n", name.c_str(), rows_in.size(), worst);
}

INSTANTIATE_TEST_SUITE_P(TreeModel, LightgbmReference, ::testing::Values("reg", "binary", "multi", "cat", "zeros"));

TEST(LightgbmText, ReadsTheModelParameters) {
    const Forest b = load_lightgbm_text(lgbm_path("binary"));
    EXPECT_EQ(b.objective, "binary");
    EXPECT_EQ(b.transform, Transform::Sigmoid);
    EXPECT_EQ(b.roots.size(), 30u);
    EXPECT_EQ(b.num_feature, 5u);
    EXPECT_EQ(b.base_margin, 0.0f);
    ASSERT_EQ(b.feature_names.size(), 5u);
    EXPECT_EQ(b.feature_names[3], "Column_3");
    const Forest m = load_lightgbm_text(lgbm_path("multi"));
    EXPECT_EQ(m.num_group, 3u);
    EXPECT_EQ(m.transform, Transform::Softprob);
    EXPECT_EQ(m.roots.size(), 60u);  // 20 rounds x 3 classes
    EXPECT_EQ(m.groups[4], 1u);      // trees go class 0, 1, 2, 0, 1, ...
    EXPECT_EQ(m.outputs(), 3u);
    EXPECT_EQ(load_lightgbm_text(lgbm_path("reg")).transform, Transform::Identity);
}

class BrokenLightgbm : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("th_tree_model_lgbm_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::create_directories(dir_);
        std::ifstream in(lgbm_path("cat"));
        std::stringstream ss;
        ss << in.rdbuf();
        text_ = ss.str();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    // The load error after replacing the first `from` with `to`.
    std::string error_of(const std::string& from, const std::string& to) {
        std::string t = text_;
        const auto at = t.find(from);
        if (at == std::string::npos) return "no '" + from + "' in the model";
        t.replace(at, from.size(), to);
        return error_of_text(t);
    }
    std::string error_of_text(const std::string& t) {
        const auto p = (dir_ / "m.txt").string();
        std::ofstream(p) << t;
        try {
            load_lightgbm_text(p);
        } catch (const tradehost::ConfigError& e) {
            return e.what();
        }
        return "loaded";
    }
    // "key=" and the first value after it.
    std::string first_word(const std::string& key) const {
        const auto at = text_.find(key);
        return text_.substr(at, text_.find(' ', at) - at);
    }
    // The 1-based line of the first occurrence of `s`.
    size_t line_of(const std::string& s) const {
        return 1 + static_cast<size_t>(std::count(text_.begin(), text_.begin() + static_cast<long>(text_.find(s)), '\n'));
    }
    std::filesystem::path dir_;
    std::string text_;
};

TEST_F(BrokenLightgbm, EveryUnusableModelIsRefusedWithItsLine) {
    const std::string at_objective = ".txt:" + std::to_string(line_of("objective=")) + ": ";
    auto e = error_of("objective=regression", "objective=poisson");
    EXPECT_NE(e.find(at_objective + "not a usable LightGBM text model: objective 'poisson' is not supported"), std::string::npos) << e;
    e = error_of("objective=regression", "objective=regression sqrt");
    EXPECT_NE(e.find("'sqrt' is not supported"), std::string::npos) << e;
    e = error_of("objective=regression", "objective=binary sigmoid:2");
    EXPECT_NE(e.find(at_objective + "not a usable LightGBM text model: objective: sigmoid:2 is not supported"), std::string::npos) << e;
    e = error_of("is_linear=0", "is_linear=1");
    EXPECT_NE(e.find(":" + std::to_string(line_of("is_linear=")) + ": "), std::string::npos) << e;
    EXPECT_NE(e.find("Tree=0: linear trees (linear_tree=true) are not supported"), std::string::npos) << e;
    e = error_of("split_feature=", "split_feature=7 ");
    EXPECT_NE(e.find(":" + std::to_string(line_of("split_feature=")) + ": "), std::string::npos) << e;
    EXPECT_NE(e.find("split_feature: "), std::string::npos) << e;  // one value too many
    e = error_of("left_child=", "left_child=0 ");  // the root its own child (and one value too many)
    EXPECT_NE(e.find("left_child: "), std::string::npos) << e;
    e = error_of(first_word("leaf_value="), "leaf_value=abc");
    EXPECT_NE(e.find("'abc' is not a number"), std::string::npos) << e;
    e = error_of("num_class=1", "num_class=3");
    EXPECT_NE(e.find("num_tree_per_iteration must equal num_class"), std::string::npos) << e;
    e = error_of_text(text_.substr(0, text_.find("end of trees")));  // cut short
    EXPECT_NE(e.find("no 'end of trees' line"), std::string::npos) << e;
    e = error_of("tree\nversion=v4", "tree\naverage_output\nversion=v4");
    EXPECT_NE(e.find(".txt:2: not a usable LightGBM text model: average_output"), std::string::npos) << e;
    e = error_of("cat_boundaries=0 ", "cat_boundaries=1 ");
    EXPECT_NE(e.find("cat_boundaries: entry 0"), std::string::npos) << e;
    e = error_of_text("{\"learner\": {}}\n");
    EXPECT_NE(e.find("m.txt:1: not a usable LightGBM text model"), std::string::npos) << e;
    EXPECT_NE(error_of_text("").find("empty file"), std::string::npos);
    EXPECT_NE(error_of("", "").find("loaded"), std::string::npos);  // the unchanged model loads
}

TEST_F(BrokenLightgbm, AChildReachedTwiceOrOutOfRangeIsRefused) {
    // Tree=0's first right child made equal to its left: a node reached twice.
    const auto at = text_.find("left_child=");
    const auto end = text_.find('\n', at);
    std::istringstream left(text_.substr(at + 11, end - at - 11));
    std::string first_left;
    left >> first_left;
    const auto rat = text_.find("right_child=");
    const auto rend = text_.find(' ', rat);
    std::string t = text_;
    t.replace(rat, rend - rat, "right_child=" + first_left);
    EXPECT_NE(error_of_text(t).find("is reached twice"), std::string::npos) << error_of_text(t);
    t = text_;
    t.replace(rat, rend - rat, "right_child=-99");
    EXPECT_NE(error_of_text(t).find("child -99 out of range"), std::string::npos) << error_of_text(t);
}
