// The definition's content hash, the online store, and the offline store's point-in-time
// as-of join (no look-ahead).
#include "registry/registry_error.hpp"
#include "registry/sha256.hpp"
#include "scratch_dir.hpp"
#include "store/definition.hpp"
#include "store/offline_store.hpp"
#include "store/online_store.hpp"

#include <tradehost/plugin.h>

#include <gtest/gtest.h>

#include <random>

using namespace tradehost::store;
using feature_store_test::ScratchDir;

namespace {

Definition meanrev() {
    Definition d;
    d.schema = "meanrev";
    d.version = 1;
    d.specs = {"rsi:14", "zscore:20"};
    d.columns = {"rsi_14", "zscore_20"};
    return d;
}

}  // namespace

TEST(Sha256, MatchesFips180Examples) {
    // FIPS 180-2, appendix B.1 and B.2.
    EXPECT_EQ(tradehost::models::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(tradehost::models::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Definition, HashChangesWithNamesOrderParametersAndVersion) {
    const Definition a = meanrev();
    EXPECT_EQ(a.sha256(), tradehost::models::sha256_hex(a.canonical()));
    EXPECT_EQ(a.sha256(), meanrev().sha256());  // content, not identity
    EXPECT_EQ(a.schema_text(), "rsi_14,zscore_20;v1");
    EXPECT_EQ(a.event_hash(), th_features_schema_hash("rsi_14,zscore_20;v1"));

    Definition param = a;
    param.specs[0] = "rsi:10";
    param.columns[0] = "rsi_10";
    Definition order = a;
    std::swap(order.specs[0], order.specs[1]);
    std::swap(order.columns[0], order.columns[1]);
    Definition version = a;
    version.version = 2;
    Definition name = a;
    name.schema = "other";
    for (const Definition* d : {&param, &order, &version, &name}) EXPECT_NE(d->sha256(), a.sha256());
}

TEST(OnlineStore, KeepsTheLatestVectorPerKeyAndNeverGoesBack) {
    OnlineStore s(2);
    EXPECT_EQ(s.get(3), nullptr);
    const float v1[] = {1, 2}, v2[] = {3, 4}, old[] = {9, 9};
    s.put(3, 100, v1);
    s.put(3, 200, v2);
    s.put(3, 150, old);  // late delivery of an older vector
    int64_t t = 0;
    const float* got = s.get(3, &t);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(t, 200);
    EXPECT_EQ(got[0], 3);
    EXPECT_EQ(got[1], 4);
    EXPECT_EQ(s.get(2), nullptr);
    EXPECT_EQ(s.get(1000), nullptr);
    EXPECT_EQ(s.size(), 1u);
}

TEST(OfflineStore, DefinitionsAndVectorsSurviveReopening) {
    ScratchDir dir;
    const Definition d = meanrev();
    {
        OfflineStore db(dir / "store.db");
        db.register_definition(d);
        db.register_definition(d);  // idempotent
        db.begin();
        const float v[] = {55.5f, -1.25f};
        db.append("AAPL", 10, d.sha256(), v, 2);
        db.append_price("AAPL", 10, 101.5);
        db.commit();
    }
    OfflineStore db(dir / "store.db");
    ASSERT_EQ(db.definitions().size(), 1u);
    const auto back = db.definition(d.sha256());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->sha256(), d.sha256());
    EXPECT_EQ(back->columns, d.columns);
    const auto rows = db.vectors(d.sha256(), "AAPL");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].values, (std::vector<float>{55.5f, -1.25f}));
    ASSERT_EQ(db.prices("AAPL").size(), 1u);
    EXPECT_DOUBLE_EQ(db.prices("AAPL")[0].price, 101.5);
}

TEST(OfflineStore, AnOpenErrorNamesTheFile) {
    try {
        OfflineStore db("/nonexistent-dir/x/store.db");
        FAIL() << "opened";
    } catch (const tradehost::models::RegistryError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/store.db"), std::string::npos) << e.what();
    }
}

// The value of each vector is its own event time, so a joined row shows which vector it got.
TEST(AsOfJoin, ALabelAtTSeesOnlyVectorsWithEventTimeAtOrBeforeT) {
    ScratchDir dir;
    OfflineStore db(dir / "store.db");
    const Definition d = meanrev();
    const Definition other = [] {
        Definition o = meanrev();
        o.version = 2;
        return o;
    }();
    db.register_definition(d);
    db.register_definition(other);
    db.begin();
    for (int64_t t : {10, 20, 30}) {
        const float v[] = {static_cast<float>(t), 0};
        db.append("A", t, d.sha256(), v, 2);
    }
    const float b[] = {25, 0};
    db.append("B", 25, d.sha256(), b, 2);
    const float newer[] = {16, 0};  // another definition's vector between 10 and 20: never used
    db.append("A", 16, other.sha256(), newer, 2);
    db.commit();

    const std::vector<LabelPoint> labels = {
        {"A", 15, 1}, {"A", 20, 0}, {"A", 5, 1}, {"A", 29, 1}, {"B", 24, 0}, {"B", 40, 1}, {"C", 50, 1}, {"A", 1000, 0}};
    const auto rows = db.as_of_join(d.sha256(), labels);
    ASSERT_EQ(rows.size(), 5u);  // A@5, B@24 and C have no vector yet
    const std::vector<std::pair<int64_t, int64_t>> want = {{15, 10}, {20, 20}, {29, 20}, {40, 25}, {1000, 30}};
    for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].label_time, want[i].first);
        EXPECT_EQ(rows[i].vector_time, want[i].second);
        EXPECT_EQ(rows[i].values[0], static_cast<float>(want[i].second));
        EXPECT_LE(rows[i].vector_time, rows[i].label_time);
    }
    // max_age: a vector older than that at the label's time is not used.
    EXPECT_EQ(db.as_of_join(d.sha256(), {{"A", 1000, 0}}, 100).size(), 0u);
    EXPECT_EQ(db.as_of_join(d.sha256(), {{"A", 35, 0}}, 10).size(), 1u);
}

// Random times on three keys: every joined vector is the latest at or before its label,
// checked against a brute-force scan.
TEST(AsOfJoin, RandomisedAgainstABruteForceScan) {
    ScratchDir dir;
    OfflineStore db(dir / "store.db");
    const Definition d = meanrev();
    db.register_definition(d);
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int64_t> t(0, 10000);
    const char* keys[] = {"A", "B", "C"};
    std::vector<std::pair<std::string, int64_t>> written;
    db.begin();
    for (int i = 0; i < 600; ++i) {
        const std::string k = keys[i % 3];
        const int64_t ts = t(rng);
        const float v[] = {static_cast<float>(ts), static_cast<float>(i % 3)};
        db.append(k, ts, d.sha256(), v, 2);
        written.emplace_back(k, ts);
    }
    db.commit();
    std::vector<LabelPoint> labels;
    for (int i = 0; i < 300; ++i) labels.push_back({keys[i % 3], t(rng), 0});
    const auto rows = db.as_of_join(d.sha256(), labels);
    size_t r = 0;
    for (const auto& l : labels) {
        int64_t best = -1;
        for (const auto& [k, ts] : written)
            if (k == l.key && ts <= l.time) best = std::max(best, ts);
        if (best < 0) continue;
        ASSERT_LT(r, rows.size());
        EXPECT_EQ(rows[r].label_time, l.time);
        EXPECT_EQ(rows[r].vector_time, best);
        ++r;
    }
    EXPECT_EQ(r, rows.size());
}
