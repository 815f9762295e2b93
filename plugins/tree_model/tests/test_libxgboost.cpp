// Our predictions against libxgboost's C API (Debian's libxgboost-dev) on the same rows:
// XGBoosterPredictFromDense, the library's in-place predictor, one row and all rows.
#include "heldout.hpp"
#include "xgboost_json.hpp"

#include <gtest/gtest.h>

#ifdef TREE_MODEL_HAVE_LIBXGBOOST
#include <xgboost/c_api.h>

#include <cstdio>
#include <string>

using namespace tradehost::tree_model;
using namespace tree_model_test;

namespace {

// The __array_interface__ JSON of a row-major float32 matrix that libxgboost reads.
std::string array_interface(const float* data, size_t rows, size_t cols) {
    char buf[256];
    std::snprintf(buf, sizeof buf, R"({"data": [%llu, true], "shape": [%zu, %zu], "typestr": "<f4", "version": 3})",
                  static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(data)), rows, cols);
    return buf;
}

}  // namespace

class LibXgboost : public ::testing::TestWithParam<const char*> {};

TEST_P(LibXgboost, PredictFromDenseEqualsOurs) {
    const std::string name = GetParam();
    const Forest f = load_xgboost_json(model_path(name));
    size_t rows = 0, cols = 0;
    const std::vector<float> x = heldout_matrix(rows, cols);

    BoosterHandle h = nullptr;
    ASSERT_EQ(XGBoosterCreate(nullptr, 0, &h), 0) << XGBGetLastError();
    ASSERT_EQ(XGBoosterLoadModel(h, model_path(name).c_str()), 0) << XGBGetLastError();
    ASSERT_EQ(XGBoosterSetParam(h, "nthread", "1"), 0);
    const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
                         R"("strict_shape": false, "cache_id": 0, "missing": NaN})";

    std::vector<float> ours(rows * f.outputs());
    f.predict_batch(x.data(), rows, ours.data());
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* lib = nullptr;
    const std::string all = array_interface(x.data(), rows, cols);
    ASSERT_EQ(XGBoosterPredictFromDense(h, all.c_str(), config, nullptr, &shape, &dim, &lib), 0) << XGBGetLastError();
    for (size_t i = 0; i < ours.size(); ++i) ASSERT_EQ(ours[i], lib[i]) << name << " value " << i;

    std::vector<float> one(f.outputs());
    for (size_t r = 0; r < rows; ++r) {
        const std::string single = array_interface(x.data() + r * cols, 1, cols);
        ASSERT_EQ(XGBoosterPredictFromDense(h, single.c_str(), config, nullptr, &shape, &dim, &lib), 0);
        f.predict(x.data() + r * cols, one.data());
        for (size_t k = 0; k < one.size(); ++k) ASSERT_EQ(one[k], lib[k]) << name << " row " << r;
    }
    XGBoosterFree(h);
}

INSTANTIATE_TEST_SUITE_P(TreeModel, LibXgboost, ::testing::Values("reg", "binary", "multi", "multi_softmax"));

#else
TEST(LibXgboost, NotInstalled) { GTEST_SKIP() << "libxgboost-dev is not installed (packaging/bootstrap.sh installs it)"; }
#endif
