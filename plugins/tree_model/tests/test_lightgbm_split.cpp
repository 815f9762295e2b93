// Each LightGBM split kind as the forest's float splits: a one-split model (leaf 0 = 1,
// leaf 1 = 2) predicts 1 exactly where LightGBM's decision (tree.h, mirrored in
// lightgbm::goes_left) goes left, for every float near every cut, special values and a
// random sweep. And goes_left itself on cases read off tree.h.
#include "lightgbm_split.hpp"
#include "lightgbm_text.hpp"

#include <tradehost/plugin.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

using namespace tradehost::tree_model;
namespace lg = tradehost::tree_model::lightgbm;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// A one-tree, one-split model file of the CLI's shape.
std::string stump(int decision_type, const std::string& threshold, const std::string& cats) {
    const bool cat = decision_type & 1;
    std::string t = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=0\n"
                    "objective=regression\nfeature_names=x\n\nTree=0\nnum_leaves=2\n";
    t += std::string("num_cat=") + (cat ? "1" : "0") + "\nsplit_feature=0\nsplit_gain=1\nthreshold=" + threshold +
         "\ndecision_type=" + std::to_string(decision_type) + "\nleft_child=-1\nright_child=-2\nleaf_value=1 2\n";
    if (cat) {
        size_t words = 1;
        for (char c : cats) words += c == ' ';
        t += "cat_boundaries=0 " + std::to_string(words) + "\ncat_threshold=" + cats + "\n";
    }
    return t + "is_linear=0\nshrinkage=1\n\n\nend of trees\n";
}

std::vector<float> probes(const lg::Regions& r) {
    std::vector<float> v{-kInf, kInf, -0.0f, 0.0f, 1e-36f, -1e-36f, 1e-35f, -1e-35f, 2e-35f, -2e-35f,
                         std::numeric_limits<float>::denorm_min(), -1.0f, -0.5f, 0.5f, 1.0f, 31.0f, 32.0f, 33.5f,
                         1e9f, 3e9f, -3e9f, std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest()};
    for (float c : r.cuts)
        for (float d = c, k = 0; k < 3; ++k, d = std::nextafter(d, -kInf)) v.push_back(d), v.push_back(std::nextafter(c, kInf));
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(-80.0f, 80.0f);
    for (int i = 0; i < 2000; ++i) v.push_back(u(rng));
    return v;
}

class Stump : public ::testing::TestWithParam<std::tuple<int, const char*, const char*>> {};

// Stable test names (the default prints the strings' addresses): decision type and index.
std::string case_name(const ::testing::TestParamInfo<Stump::ParamType>& info) {
    return "type" + std::to_string(std::get<0>(info.param)) + "_" + std::to_string(info.index);
}

}  // namespace

TEST_P(Stump, ForestEqualsLightgbmsDecisionForEveryProbe) {
    const auto [type, threshold, cats] = GetParam();
    const auto path = std::filesystem::temp_directory_path() / ("th_lgbm_stump_" + std::to_string(::getpid()) + ".txt");
    std::ofstream(path) << stump(type, threshold, cats);
    const Forest f = load_lightgbm_text(path.string());
    std::filesystem::remove(path);

    lg::Split s;
    s.decision_type = type;
    if (type & 1) {
        for (const char* p = cats; *p;) {
            char* end = nullptr;
            s.categories.push_back(static_cast<uint32_t>(std::strtoul(p, &end, 10)));
            p = *end ? end + 1 : end;
        }
    } else {
        s.threshold = std::strtod(threshold, nullptr);
    }
    std::vector<float> xs = probes(lg::regions(s));
    xs.push_back(std::nanf(""));
    for (float x : xs) {
        float out = 0;
        f.predict(&x, &out);
        const float want = lg::goes_left(s, static_cast<double>(x)) ? 1.0f : 2.0f;
        ASSERT_EQ(out, want) << "decision_type " << type << " threshold " << threshold << " x " << x;
    }
}

// Decision types: numerical None/Zero/NaN x default left/right, categorical (9 = NaN type,
// as LightGBM writes them). Thresholds around and inside the zero band, ordinary, huge.
INSTANTIATE_TEST_SUITE_P(
    LightgbmSplit, Stump,
    ::testing::Combine(::testing::Values(0, 2, 4, 6, 8, 10),
                       ::testing::Values("0", "1.0000000180025095e-35", "-1.0000000180025095e-35", "5e-36", "-5e-36",
                                         "2e-35", "-2e-35", "0.33333333333333331", "-1.5", "1e+300", "-1e+300"),
                       ::testing::Values("")),
    case_name);
INSTANTIATE_TEST_SUITE_P(
    LightgbmCategorical, Stump,
    ::testing::Combine(::testing::Values(1, 9), ::testing::Values("0"),
                       ::testing::Values("1", "6", "2147483648", "0 1", "4294967295 0 7", "0 0 1")),
    case_name);

TEST(LightgbmSplit, GoesLeftAsTreeDotHDecides) {
    lg::Split none{lg::kDefaultLeftMask, 0.5, {}};  // None: NaN is 0, default bit unused
    EXPECT_TRUE(lg::goes_left(none, NAN));
    EXPECT_TRUE(lg::goes_left(none, 0.5));
    EXPECT_FALSE(lg::goes_left(none, std::nextafter(0.5, 1.0)));
    lg::Split none_neg{0, -0.5, {}};
    EXPECT_FALSE(lg::goes_left(none_neg, NAN));  // 0 > -0.5
    lg::Split zero_right{lg::kMissingZero << 2, 5.0, {}};  // Zero, default right
    EXPECT_FALSE(lg::goes_left(zero_right, 0.0));
    EXPECT_FALSE(lg::goes_left(zero_right, NAN));
    EXPECT_FALSE(lg::goes_left(zero_right, 1e-35f));
    EXPECT_TRUE(lg::goes_left(zero_right, 2e-35f));
    lg::Split nan_left{(lg::kMissingNaN << 2) | lg::kDefaultLeftMask, -5.0, {}};
    EXPECT_TRUE(lg::goes_left(nan_left, NAN));
    EXPECT_FALSE(lg::goes_left(nan_left, 0.0));
    // The predictor's zero band: 1e-36 is read as 0 before the split.
    lg::Split tiny{lg::kMissingNaN << 2, 5e-37, {}};
    EXPECT_TRUE(lg::goes_left(tiny, 1e-36));
    EXPECT_FALSE(lg::goes_left(tiny, 2e-35));
    lg::Split cat{lg::kCategoricalMask, 0, {0b101u, 0, 1u}};  // categories 0, 2, 64
    EXPECT_TRUE(lg::goes_left(cat, 0.0));
    EXPECT_TRUE(lg::goes_left(cat, -0.9));  // (int)-0.9 is 0
    EXPECT_FALSE(lg::goes_left(cat, -1.0));
    EXPECT_TRUE(lg::goes_left(cat, 2.7));
    EXPECT_FALSE(lg::goes_left(cat, 1.0));
    EXPECT_TRUE(lg::goes_left(cat, 64.0));
    EXPECT_FALSE(lg::goes_left(cat, 96.0));  // past the bitset
    EXPECT_FALSE(lg::goes_left(cat, NAN));
}
