// The feature_store plugin through the SDK harness: rows into SQLite with the definition's
// hash, quote mids as prices, the latest vectors served as a batch, drift as metrics,
// other schemas refused.
#include "registry/registry_error.hpp"
#include "scratch_dir.hpp"
#include "store/drift.hpp"
#include "store/offline_store.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

using tradehost::testing::Harness;
using namespace tradehost::store;
using feature_store_test::ScratchDir;

namespace {

const char* kSchemaText = "ret_5,zscore_20;v3";

Definition definition() {
    Definition d;
    d.schema = "fs_test";
    d.version = 3;
    d.specs = {"ret:5", "zscore:20"};
    d.columns = {"ret_5", "zscore_20"};
    return d;
}

void configure(Harness& h, const ScratchDir& dir) {
    h.set_list("features", {"ret:5", "zscore:20"});
    h.set("schema", "fs_test");
    h.set("version", "3");
    h.set("db", dir / "store.db");
}

th_features& row(std::vector<unsigned char>& buf, th_instrument id, th_time_ns ts, float a, float b,
                 const char* schema_text = kSchemaText) {
    buf.assign(th_features_size(1, 2, 0), 0);
    auto* f = reinterpret_cast<th_features*>(buf.data());
    f->hdr = tradehost::make_event<th_features>(ts).hdr;
    f->hdr.size = th_features_size(1, 2, 0);
    f->instrument = id;
    f->rows = 1;
    f->cols = 2;
    f->parts = 1;
    f->schema_hash = th_features_schema_hash(schema_text);
    tradehost::copy_str(f->schema, "fs_test");
    th_features_values_mut(f)[0] = a;
    th_features_values_mut(f)[1] = b;
    return *f;
}

}  // namespace

TEST(FeatureStorePlugin, StoresEveryRowWithItsEventTimeAndTheDefinitionHash) {
    ScratchDir dir;
    {
        Harness h(PLUGIN_PATH);
        configure(h, dir);
        h.create();
        h.start();
        const th_instrument aapl = h.intern("AAPL"), msft = h.intern("MSFT");
        std::vector<unsigned char> buf;
        for (int i = 0; i < 5; ++i) {
            ASSERT_EQ(h.send("features", row(buf, aapl, 1000 + i, static_cast<float>(i), 0.5f).hdr), TH_OK);
            ASSERT_EQ(h.send("features", row(buf, msft, 1000 + i, static_cast<float>(-i), 0.25f).hdr), TH_OK);
        }
        th_quote q = tradehost::make_event<th_quote>(1004);
        q.instrument = aapl;
        q.bid_px = 100 * TH_FIXED_SCALE;
        q.ask_px = 101 * TH_FIXED_SCALE;
        ASSERT_EQ(h.send("quotes", q.hdr), TH_OK);
        EXPECT_EQ(h.metric("vectors"), 10);
        h.stop();  // commits
        EXPECT_EQ(h.metric("committed"), 11);
    }
    OfflineStore db(dir / "store.db");
    const std::string sha = definition().sha256();
    ASSERT_TRUE(db.definition(sha));
    EXPECT_EQ(db.definition(sha)->columns, definition().columns);
    EXPECT_EQ(db.count(sha), 10u);
    EXPECT_EQ(db.keys(sha), (std::vector<std::string>{"AAPL", "MSFT"}));
    const auto rows = db.vectors(sha, "MSFT");
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[4].vector_time, 1004);
    EXPECT_EQ(rows[4].values, (std::vector<float>{-4.0f, 0.25f}));
    ASSERT_EQ(db.prices("AAPL").size(), 1u);
    EXPECT_DOUBLE_EQ(db.prices("AAPL")[0].price, 100.5);
}

TEST(FeatureStorePlugin, ARestartServesTheLastStoredVectors) {
    ScratchDir dir;
    {
        Harness h(PLUGIN_PATH);
        configure(h, dir);
        h.create();
        h.start();
        std::vector<unsigned char> buf;
        h.send("features", row(buf, h.intern("AAPL"), 10, 1, 1).hdr);
        h.send("features", row(buf, h.intern("AAPL"), 20, 7, 8).hdr);
        h.stop();
    }
    Harness h(PLUGIN_PATH);
    configure(h, dir);
    h.set("serve_interval", "1s");
    h.create();
    h.start();
    h.advance(1'000'000'000);
    const auto out = h.take_all("latest");
    ASSERT_EQ(out.size(), 1u);
    const auto* f = reinterpret_cast<const th_features*>(out[0].bytes.data());
    ASSERT_EQ(f->rows, 1);
    EXPECT_EQ(th_features_instruments(f)[0], h.intern("AAPL"));
    EXPECT_EQ(th_features_values(f)[0], 7.0f);
    EXPECT_EQ(th_features_values(f)[1], 8.0f);
    h.stop();
}

TEST(FeatureStorePlugin, AnotherSchemaIsCountedAndNotStored) {
    ScratchDir dir;
    Harness h(PLUGIN_PATH);
    configure(h, dir);
    h.create();
    h.start();
    std::vector<unsigned char> buf;
    ASSERT_EQ(h.send("features", row(buf, h.intern("AAPL"), 5, 1, 2, "ret_5,zscore_20;v2").hdr), TH_OK);
    EXPECT_EQ(h.metric("schema_mismatch"), 1);
    EXPECT_EQ(h.metric("vectors"), 0);
    bool warned = false;
    for (const auto& l : h.log_lines()) warned |= l.find("not this store's definition") != std::string::npos;
    EXPECT_TRUE(warned);
    h.stop();
}

TEST(FeatureStorePlugin, ServesTheLatestVectorOfEveryInstrumentAsOneBatch) {
    ScratchDir dir;
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"ret:5", "zscore:20"});
    h.set("schema", "fs_test");
    h.set("version", "3");
    h.set("serve_interval", "1s");
    h.create();
    h.start();
    const th_instrument a = h.intern("AAPL"), m = h.intern("MSFT");
    std::vector<unsigned char> buf;
    h.send("features", row(buf, a, 10, 1, 1).hdr);
    h.send("features", row(buf, m, 11, 2, 2).hdr);
    h.send("features", row(buf, a, 12, 3, 3).hdr);
    h.advance(1'000'000'000);
    const auto out = h.take_all("latest");
    ASSERT_EQ(out.size(), 1u);
    const auto* f = reinterpret_cast<const th_features*>(out[0].bytes.data());
    ASSERT_EQ(f->rows, 2);
    EXPECT_EQ(f->schema_hash, th_features_schema_hash(kSchemaText));
    const th_instrument* ids = th_features_instruments(f);
    const float* v = th_features_values(f);
    for (int r = 0; r < 2; ++r) EXPECT_EQ(v[r * 2], ids[r] == a ? 3.0f : 2.0f);
    h.stop();
}

TEST(FeatureStorePlugin, DriftAgainstTheTrainingDistributionIsExportedPerFeature) {
    ScratchDir dir;
    std::vector<std::vector<double>> cols(2);
    for (int i = 0; i < 1000; ++i) {
        cols[0].push_back(i / 1000.0);  // uniform on [0, 1)
        cols[1].push_back(i / 1000.0);
    }
    TrainingDistribution td = TrainingDistribution::fit(definition().columns, cols);
    td.definition_sha256 = definition().sha256();
    std::ofstream(dir / "drift.json") << td.to_json().dump();

    Harness h(PLUGIN_PATH);
    h.set_list("features", {"ret:5", "zscore:20"});
    h.set("schema", "fs_test");
    h.set("version", "3");
    h.set("drift", dir / "drift.json");
    h.set("drift_window", "200");
    h.set("drift_interval", "1s");
    h.create();
    h.start();
    const th_instrument a = h.intern("AAPL");
    std::vector<unsigned char> buf;
    for (int i = 0; i < 200; ++i)  // ret_5 as trained on, zscore_20 shifted by +0.5
        h.send("features", row(buf, a, i, static_cast<float>(i) / 200.0f, 0.5f + static_cast<float>(i) / 400.0f).hdr);
    h.advance(1'000'000'000);
    EXPECT_LT(h.metric("drift_psi_ppm_ret_5"), 50'000);
    EXPECT_LT(h.metric("drift_ks_ppm_ret_5"), 50'000);
    EXPECT_GT(h.metric("drift_psi_ppm_zscore_20"), 250'000);
    EXPECT_GT(h.metric("drift_ks_ppm_zscore_20"), 400'000);
    h.stop();
}

TEST(FeatureStorePlugin, ADriftFileOfAnotherDefinitionIsAConfigError) {
    ScratchDir dir;
    TrainingDistribution td = TrainingDistribution::fit({"ret_5", "zscore_20"}, {{1, 2}, {1, 2}});
    td.definition_sha256 = "0123";
    std::ofstream(dir / "drift.json") << td.to_json().dump();
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"ret:5", "zscore:20"});
    h.set("drift", dir / "drift.json");
    try {
        h.create();
        FAIL() << "created";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("was fitted on definition 0123"), std::string::npos) << e.what();
    }
}
