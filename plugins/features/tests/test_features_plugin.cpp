// The features plugin through the SDK harness: every indicator against the reference values
// of test_data/reference.csv (make_reference.py), warm-up, schema, scaling and batches.
#include "reference_data.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

using tradehost::testing::Harness;
using tradehost::testing::Published;

namespace {

th_fixed fx(const std::string& s) {
    th_fixed v = 0;
    if (!tradehost::parse_fixed(s, v)) throw std::runtime_error("bad decimal " + s);
    return v;
}

th_bar bar(Harness& h, const features_test::BarRow& r, const char* sym = "SPY") {
    auto b = tradehost::make_event<th_bar>(r.ts);
    b.instrument = h.intern(sym);
    b.interval_s = 300;
    b.open = fx(r.open);
    b.high = fx(r.high);
    b.low = fx(r.low);
    b.close = fx(r.close);
    b.volume = fx(r.volume);
    return b;
}

const th_features& view(const Published& p) { return *reinterpret_cast<const th_features*>(p.bytes.data()); }

// Float precision: the plugin computes in double and publishes float32.
void expect_close(float got, double want, const std::string& what) {
    EXPECT_NEAR(got, want, 1e-6 * std::max(1.0, std::fabs(want))) << what;
}

struct Case {
    const char* spec;
    std::vector<const char*> columns;
};

}  // namespace

class IndicatorReference : public ::testing::TestWithParam<Case> {};

TEST_P(IndicatorReference, EqualsTheReferenceFromItsFirstDefinedValueOn) {
    const Case& c = GetParam();
    const auto bars = features_test::load_bars();
    auto ref = features_test::load_reference();
    Harness h(PLUGIN_PATH);
    h.set_list("features", {c.spec});
    h.create();
    h.start();
    for (const auto& r : bars) ASSERT_EQ(h.send("bars", bar(h, r)), TH_OK) << h.last_error();
    const auto out = h.take_all("features");

    // Warm-up: nothing before every column is defined, then one row per bar.
    size_t first = 0;
    while (first < bars.size() && !ref.at(c.columns[0])[first]) ++first;
    ASSERT_EQ(out.size(), bars.size() - first) << c.spec;
    for (size_t i = 0; i < out.size(); ++i) {
        const th_features& f = view(out[i]);
        ASSERT_EQ(f.cols, c.columns.size());
        ASSERT_EQ(f.rows, 1);
        EXPECT_EQ(f.hdr.ts, bars[first + i].ts);
        const float* v = th_features_values(&f);
        for (size_t k = 0; k < c.columns.size(); ++k) {
            const auto& want = ref.at(c.columns[k])[first + i];
            ASSERT_TRUE(want.has_value()) << c.columns[k] << " row " << first + i;
            expect_close(v[k], *want, std::string(c.columns[k]) + " row " + std::to_string(first + i));
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Features, IndicatorReference,
    ::testing::Values(Case{"sma:20", {"sma_20"}}, Case{"ema:12", {"ema_12"}}, Case{"wma:10", {"wma_10"}},
                      Case{"rsi:14", {"rsi_14"}},
                      Case{"macd:12:26:9", {"macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9"}},
                      Case{"bb:20:2", {"bb_mid_20_2", "bb_upper_20_2", "bb_lower_20_2", "bb_pctb_20_2"}},
                      Case{"atr:14", {"atr_14"}}, Case{"adx:14", {"adx_14", "plus_di_14", "minus_di_14"}},
                      Case{"stoch:14:3", {"stoch_k_14_3", "stoch_d_14_3"}}, Case{"obv", {"obv"}},
                      Case{"vwap", {"vwap"}}, Case{"zscore:20", {"zscore_20"}}, Case{"vol:20", {"vol_20"}},
                      Case{"ret:5", {"ret_5"}}, Case{"tod", {"tod_sin", "tod_cos"}}),
    [](const ::testing::TestParamInfo<Case>& i) {
        std::string n = i.param.spec;
        for (char& ch : n)
            if (ch == ':') ch = '_';
        return n;
    });

TEST(FeaturesPlugin, AllTogetherEmitOnceTheSlowestIsDefinedWithTheSchemaHash) {
    const auto bars = features_test::load_bars();
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"sma:20", "macd", "tod"});
    h.set("schema", "momentum");
    h.set("version", "3");
    h.create();
    for (const auto& r : bars) ASSERT_EQ(h.send("bars", bar(h, r)), TH_OK);
    const auto out = h.take_all("features");
    ASSERT_EQ(out.size(), bars.size() - 33);  // MACD(12,26,9) is defined from bar 33
    const th_features& f = view(out[0]);
    EXPECT_EQ(f.hdr.size, th_features_size(1, 6, 0));
    EXPECT_EQ(f.instrument, h.intern("SPY"));
    EXPECT_EQ(std::string(f.schema), "momentum");
    EXPECT_EQ(f.schema_hash, th_features_schema_hash("sma_20,macd_12_26_9,macd_signal_12_26_9,macd_hist_12_26_9,"
                                                     "tod_sin,tod_cos;v3"));
    const auto ref = features_test::load_reference();
    expect_close(th_features_values(&f)[0], *ref.at("sma_20")[33], "sma_20");
    expect_close(th_features_values(&f)[5], *ref.at("tod_cos")[33], "tod_cos");
}

TEST(FeaturesPlugin, QuotesUseTheMidAndInstrumentsKeepTheirOwnState) {
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"sma:2"});
    h.create();
    auto quote = [&](const char* sym, const char* bid, const char* ask, th_time_ns ts) {
        auto q = tradehost::make_event<th_quote>(ts);
        q.instrument = h.intern(sym);
        q.bid_px = fx(bid);
        q.ask_px = fx(ask);
        return q;
    };
    ASSERT_EQ(h.send("quotes", quote("A", "10", "12", 1)), TH_OK);
    ASSERT_EQ(h.send("quotes", quote("B", "100", "100", 1)), TH_OK);
    ASSERT_EQ(h.send("quotes", quote("A", "0", "12", 2)), TH_OK);  // one-sided: ignored
    EXPECT_TRUE(h.take_all("features").empty());
    ASSERT_EQ(h.send("quotes", quote("A", "13", "15", 3)), TH_OK);
    const auto out = h.take_all("features");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(view(out[0]).instrument, h.intern("A"));
    EXPECT_FLOAT_EQ(th_features_values(&view(out[0]))[0], 12.5f);  // (11 + 14) / 2
}

TEST(FeaturesPlugin, BadFeatureListsAreRefusedNamingTheEntry) {
    auto error_of = [](std::vector<std::string> list) {
        Harness h(PLUGIN_PATH);
        h.set_list("features", list);
        try {
            h.create();
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("created");
    };
    EXPECT_NE(error_of({"sma:20", "kama:10"}).find("'kama:10': unknown feature 'kama'"), std::string::npos);
    EXPECT_NE(error_of({"rsi:x"}).find("'rsi:x': parameter 1 'x' is not a number"), std::string::npos);
    EXPECT_NE(error_of({"sma:0"}).find("'sma:0': parameter 1 must be a whole number"), std::string::npos);
    EXPECT_NE(error_of({"macd:26:12"}).find("fast length must be below"), std::string::npos);
    EXPECT_NE(error_of({"sma:20", "sma:20"}).find("column 'sma_20' appears twice"), std::string::npos);
    EXPECT_NE(error_of({"obv:3"}).find("at most 0 parameter"), std::string::npos);
}

class ScalingFile : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("th_features_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string write(const std::string& text) {
        const auto p = dir_ / "scaling.json";
        std::ofstream(p) << text;
        return p.string();
    }
    std::filesystem::path dir_;
};

TEST_F(ScalingFile, AppliesCenterAndScalePerColumn) {
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"sma:1", "ret:1"});
    h.set("scaling", write(R"({"method": "standard", "columns": [
        {"name": "sma_1", "center": 100, "scale": 4}, {"name": "ret_1", "center": 0.5, "scale": 0.25}]})"));
    h.create();
    auto b = tradehost::make_event<th_bar>(1);
    b.instrument = h.intern("X");
    b.open = b.high = b.low = b.close = fx("100");
    ASSERT_EQ(h.send("bars", b), TH_OK);
    b.hdr.ts = 2;
    b.open = b.high = b.low = b.close = fx("110");
    ASSERT_EQ(h.send("bars", b), TH_OK);
    const auto out = h.take_all("features");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FLOAT_EQ(th_features_values(&view(out[0]))[0], 2.5f);   // (110 - 100) / 4
    EXPECT_FLOAT_EQ(th_features_values(&view(out[0]))[1], -1.6f);  // (0.1 - 0.5) / 0.25
}

TEST_F(ScalingFile, AFileFittedOnOtherColumnsIsRefusedNamingTheColumn) {
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"sma:1", "ret:1"});
    h.set("scaling", write(R"({"method": "robust", "columns": [
        {"name": "sma_1", "center": 1, "scale": 1}, {"name": "ret_2", "center": 0, "scale": 1}]})"));
    try {
        h.create();
        FAIL() << "created";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("columns[1] is 'ret_2', the schema's column 1 is 'ret_1'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(FeaturesPlugin, BatchesCollectATimestampAndSplitIntoPartsWhenLarge) {
    const auto bars = features_test::load_bars();
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"sma:20", "macd", "bb", "atr", "adx", "stoch", "rsi", "tod"});  // 17 columns
    h.set("batch", "true");
    h.set("single", "false");
    h.create();
    h.start();
    const size_t per_event = (TH_EVENT_MAX_SIZE - sizeof(th_features)) / (sizeof(th_instrument) + 17 * sizeof(float));
    const size_t universe = per_event + 20;  // 2 parts
    std::vector<std::string> syms;
    for (size_t i = 0; i < universe; ++i) syms.push_back("S" + std::to_string(i));
    for (size_t t = 0; t < 35; ++t)
        for (const auto& s : syms) ASSERT_EQ(h.send("bars", bar(h, bars[t], s.c_str())), TH_OK);
    h.stop();
    const auto out = h.take_all("batches");
    ASSERT_EQ(out.size(), 4u);  // bars 33 and 34 (ADX from 27, MACD from 33), 2 parts each
    EXPECT_TRUE(h.take_all("features").empty());
    size_t rows = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        const th_features& f = view(out[i]);
        EXPECT_EQ(f.instrument, 0u);
        EXPECT_EQ(f.parts, 2);
        EXPECT_EQ(f.part, i % 2);
        EXPECT_EQ(f.batch_seq, i / 2 + 1);
        EXPECT_EQ(f.hdr.ts, bars[33 + i / 2].ts);
        EXPECT_EQ(f.hdr.size, th_features_size(f.rows, 17, 1));
        EXPECT_EQ(th_features_instruments(&f)[0], h.intern(syms[(i % 2) * per_event]));
        rows += f.rows;
    }
    EXPECT_EQ(rows, 2 * universe);
}

TEST(FeaturesPlugin, ScalingFittedByTheToolAppliesToEveryColumn) {
    // test_data/scaling_robust.json: tools/fit_scaling.py --method robust test_data/reference.csv
    const auto bars = features_test::load_bars();
    const auto ref = features_test::load_reference();
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"sma:20", "ema:12", "wma:10", "rsi:14", "macd:12:26:9", "bb:20:2", "atr:14", "adx:14",
                            "stoch:14:3", "obv", "vwap", "zscore:20", "vol:20", "ret:5", "tod"});
    h.set("scaling", std::string(TEST_DATA_DIR) + "/scaling_robust.json");
    h.create();
    for (const auto& r : bars) ASSERT_EQ(h.send("bars", bar(h, r)), TH_OK);
    const auto out = h.take_all("features");
    ASSERT_EQ(out.size(), bars.size() - 33);
    std::ifstream in(std::string(TEST_DATA_DIR) + "/scaling_robust.json");
    const auto j = nlohmann::json::parse(in);
    ASSERT_EQ(j["columns"].size(), 24u);
    for (size_t row : {0u, 100u, 366u}) {
        const float* v = th_features_values(&view(out[row]));
        for (size_t c = 0; c < 24; ++c) {
            const auto& col = j["columns"][c];
            const double want =
                (*ref.at(col["name"].get<std::string>())[33 + row] - col["center"].get<double>()) / col["scale"].get<double>();
            expect_close(v[c], want, col["name"].get<std::string>());
        }
    }
}

TEST(FeaturesPlugin, TradesCarryTheirSizeAsVolume) {
    Harness h(PLUGIN_PATH);
    h.set_list("features", {"obv", "vwap"});
    h.create();
    auto trade = [&](const char* px, const char* qty, th_time_ns ts) {
        auto t = tradehost::make_event<th_trade>(ts);
        t.instrument = h.intern("BTC-USD");
        t.px = fx(px);
        t.qty = fx(qty);
        return t;
    };
    const th_time_ns day = 86400LL * 1000000000LL;
    ASSERT_EQ(h.send("trades", trade("100", "2", day + 1)), TH_OK);
    ASSERT_EQ(h.send("trades", trade("101", "1", day + 2)), TH_OK);
    ASSERT_EQ(h.send("trades", trade("99", "4", day + 3)), TH_OK);
    ASSERT_EQ(h.send("trades", trade("50", "1", 2 * day)), TH_OK);  // a new UTC day: VWAP starts again
    const auto out = h.take_all("features");
    ASSERT_EQ(out.size(), 4u);
    const float* v = th_features_values(&view(out[2]));
    EXPECT_FLOAT_EQ(v[0], 1.0f - 4.0f);  // OBV: 0 at the first trade, +1 on the rise, -4 on the fall
    EXPECT_FLOAT_EQ(v[1], (100.0f * 2 + 101.0f * 1 + 99.0f * 4) / 7.0f);  // VWAP of the day
    EXPECT_FLOAT_EQ(th_features_values(&view(out[3]))[1], 50.0f);
}

TEST(FeaturesPlugin, HotReloadCarriesEveryIndicatorsStateExactly) {
    const auto bars = features_test::load_bars();
    const std::vector<std::string> all = {"sma:20", "ema:12", "wma:10", "rsi:14", "macd:12:26:9", "bb:20:2",
                                          "atr:14", "adx:14", "stoch:14:3", "obv", "vwap", "zscore:20", "vol:20",
                                          "ret:5", "tod"};
    Harness before(PLUGIN_PATH);
    before.set_list("features", all);
    before.create();
    for (size_t i = 0; i < 200; ++i) {
        ASSERT_EQ(before.send("bars", bar(before, bars[i])), TH_OK);
        ASSERT_EQ(before.send("bars", bar(before, bars[i], "QQQ")), TH_OK);
    }
    const std::string snap = before.snapshot();

    Harness after(PLUGIN_PATH);
    after.set_list("features", all);
    after.create();
    after.restore(snap);
    before.clear_published();
    for (size_t i = 200; i < bars.size(); ++i) {
        ASSERT_EQ(before.send("bars", bar(before, bars[i])), TH_OK);
        ASSERT_EQ(after.send("bars", bar(after, bars[i])), TH_OK);
    }
    const auto a = before.take_all("features");
    const auto b = after.take_all("features");
    ASSERT_EQ(a.size(), bars.size() - 200);  // no warm-up after the reload
    ASSERT_EQ(b.size(), a.size());
    for (size_t i = 0; i < a.size(); ++i)
        ASSERT_EQ(std::memcmp(th_features_values(&view(a[i])), th_features_values(&view(b[i])), 24 * sizeof(float)), 0)
            << "row " << i;

    // Another schema does not take the state: it starts cold and says so.
    Harness other(PLUGIN_PATH);
    other.set_list("features", {"sma:20"});
    other.create();
    other.restore(snap);
    ASSERT_EQ(other.send("bars", bar(other, bars[200])), TH_OK);
    EXPECT_TRUE(other.take_all("features").empty());
    bool warned = false;
    for (const auto& l : other.log_lines()) warned = warned || l.find("snapshot of another schema") != std::string::npos;
    EXPECT_TRUE(warned);

    // A damaged snapshot is refused with the reason.
    Harness broken(PLUGIN_PATH);
    broken.set_list("features", all);
    broken.create();
    EXPECT_THROW(broken.restore(snap.substr(0, snap.size() / 2)), std::exception);
}
