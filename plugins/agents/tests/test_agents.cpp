// The agents against hand-worked views: momentum's z over its volatility, mean reversion's
// z to the window mean, the technical rules' votes on features rows (single and batch, and
// rows of another schema refused), sentiment's decay and shrinkage, a model's output
// normalised; and config errors that name the key.
#include "price_agents.hpp"

#include <tradehost/agent.hpp>
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kHour = 3600LL * 1000000000LL;

th_quote quote(Harness& h, const char* sym, double mid, int64_t ts) {
    th_quote q = tradehost::make_event<th_quote>(ts);
    q.instrument = h.intern(sym);
    q.bid_px = tradehost::to_fixed(mid - 0.005);
    q.ask_px = tradehost::to_fixed(mid + 0.005);
    q.bid_qty = q.ask_qty = tradehost::to_fixed(100);
    return q;
}

// A features event of `rows` rows of two columns; batch when ids has more than one entry.
std::vector<unsigned char> features(const std::vector<th_instrument>& ids, const std::vector<float>& vals, const char* schema_text) {
    const bool batch = ids.size() > 1;
    const uint32_t rows = static_cast<uint32_t>(ids.size());
    std::vector<unsigned char> buf(th_features_size(rows, 2, batch));
    auto* f = reinterpret_cast<th_features*>(buf.data());
    f->hdr.size = static_cast<uint32_t>(buf.size());
    f->hdr.type = TH_EV_FEATURES;
    f->hdr.version = 1;
    f->hdr.ts = 5;
    f->instrument = batch ? 0 : ids[0];
    f->rows = static_cast<uint16_t>(rows);
    f->cols = 2;
    f->schema_hash = th_features_schema_hash(schema_text);
    if (batch) std::memcpy(th_features_instruments_mut(f), ids.data(), ids.size() * sizeof(th_instrument));
    std::memcpy(th_features_values_mut(f), vals.data(), vals.size() * sizeof(float));
    return buf;
}

std::unique_ptr<Harness> make(const char* kind) {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set_instance_name("agent");
    h->set("kind", kind);
    return h;
}

}  // namespace

TEST(Agents, MomentumZOverVolatility) {
    // log returns 0.01 then 0.03: sample sd 0.0141421; the 2-update return 0.04; z = 0.04 /
    // (0.0141421 sqrt 2) = 2; strength erf(2 / sqrt 2) = 0.954500.
    tradehost::agents::Momentum m(2, 2);
    EXPECT_FALSE(m.update(100.0));
    EXPECT_FALSE(m.update(100.0 * std::exp(0.01)));
    auto v = m.update(100.0 * std::exp(0.04));
    ASSERT_TRUE(v);
    EXPECT_NEAR(v->value, 2.0, 1e-9);
    EXPECT_NEAR(v->strength, 0.954500, 1e-6);
}

TEST(Agents, MeanReversionAgainstTheWindowMean) {
    // 100, 100, 103: mean 101, sample sd sqrt(3); z = 2/sqrt(3) = 1.154701; value -z,
    // strength erf(z / sqrt 2) = 0.751787.
    tradehost::agents::MeanReversion r(3, 1.0);
    r.update(100);
    r.update(100);
    auto v = r.update(103);
    ASSERT_TRUE(v);
    EXPECT_NEAR(v->value, -1.154701, 1e-6);
    EXPECT_NEAR(v->strength, 0.751787, 1e-6);
    tradehost::agents::MeanReversion quiet(3, 2.0);  // |z| under entry_z: no view
    quiet.update(100);
    quiet.update(100);
    EXPECT_FALSE(quiet.update(103));
}

TEST(Agents, MomentumThroughThePluginCarriesNameAndHorizon) {
    auto h = make("momentum");
    h->set("lookback", "2");
    h->set("window", "2");
    h->set("horizon", "10m");
    h->set("name", "mom");
    h->create();
    h->start();
    h->send("quotes", quote(*h, "AAPL", 100.0, 1));
    h->send("quotes", quote(*h, "AAPL", 100.0 * std::exp(0.01), 2));
    h->send("quotes", quote(*h, "AAPL", 100.0 * std::exp(0.04), 3));
    auto sigs = h->take<th_signal>("signals");
    ASSERT_EQ(sigs.size(), 1u);
    EXPECT_EQ(std::string(sigs[0].name), "mom");
    EXPECT_EQ(h->symbol(sigs[0].instrument), "AAPL");
    EXPECT_NEAR(sigs[0].value, 2.0, 1e-3);  // mids in fixed point: close to the exact 2
    EXPECT_EQ(sigs[0].horizon_ns, 600LL * 1000000000LL);
    EXPECT_EQ(h->metric("signals"), 1);
}

TEST(Agents, TechnicalVotesOnFeatureRows) {
    auto h = make("technical");
    h->set_list("columns", {"rsi_14", "bb_pctb_20_2"});
    h->set_list("rules", {"rsi_14:rsi", "bb_pctb_20_2:pctb"});
    h->create();
    h->start();
    const th_instrument a = h->intern("AAPL"), m = h->intern("MSFT");
    // RSI 30 votes (50-30)/50 = 0.4; %b -0.1 votes 1.2, clipped to 1: mean 0.7.
    auto one = features({a}, {30.0f, -0.1f}, "rsi_14,bb_pctb_20_2;v1");
    h->send("features", *reinterpret_cast<const th_event_header*>(one.data()));
    // a batch: AAPL RSI 70 (-0.4) and %b 0.9 (-0.8): -0.6; MSFT RSI 50 and %b 0.5: no view.
    auto batch = features({a, m}, {70.0f, 0.9f, 50.0f, 0.5f}, "rsi_14,bb_pctb_20_2;v1");
    h->send("features", *reinterpret_cast<const th_event_header*>(batch.data()));
    auto other = features({a}, {30.0f, -0.1f}, "rsi_14,bb_pctb_20_2;v2");  // another version
    h->send("features", *reinterpret_cast<const th_event_header*>(other.data()));
    auto sigs = h->take<th_signal>("signals");
    ASSERT_EQ(sigs.size(), 2u);
    EXPECT_NEAR(sigs[0].value, 0.7, 1e-6);
    EXPECT_NEAR(sigs[0].strength, 0.7, 1e-6);
    EXPECT_NEAR(sigs[1].value, -0.6, 1e-6);
    EXPECT_EQ(sigs[1].instrument, a);
    EXPECT_EQ(h->metric("views_below_min"), 1);  // MSFT's zero view
    EXPECT_EQ(h->metric("schema_mismatch"), 1);
    // a row count the event's size cannot hold is refused, never read past its end
    auto lying = features({a}, {30.0f, -0.1f}, "rsi_14,bb_pctb_20_2;v1");
    reinterpret_cast<th_features*>(lying.data())->rows = 500;
    h->send("features", *reinterpret_cast<const th_event_header*>(lying.data()));
    EXPECT_EQ(h->metric("bad_features"), 1);
    EXPECT_TRUE(h->take<th_signal>("signals").empty());
}

TEST(Agents, SentimentDecaysAndShrinks) {
    auto h = make("sentiment");
    h->set("half_life", "1h");
    h->set("prior_weight", "1");
    h->create();
    h->start();
    auto s = [&](double score, double conf, int64_t ts, th_instrument id) {
        th_sentiment e = tradehost::make_event<th_sentiment>(ts);
        e.instrument = id;
        e.score = score;
        e.confidence = conf;
        return e;
    };
    const th_instrument a = h->intern("AAPL");
    h->send("sentiment", s(0.8, 1.0, kHour, a));      // mean 0.8, weight 1: strength 0.8 x 1/2
    h->send("sentiment", s(-0.4, 0.5, 2 * kHour, a)); // halved to 0.4/0.5, plus -0.2/0.5: mean 0.2, W 1
    h->send("sentiment", s(0.9, 1.0, 2 * kHour, 0));  // the story as a whole: no instrument
    auto sigs = h->take<th_signal>("signals");
    ASSERT_EQ(sigs.size(), 2u);
    EXPECT_NEAR(sigs[0].value, 0.8, 1e-12);
    EXPECT_NEAR(sigs[0].strength, 0.4, 1e-12);
    EXPECT_NEAR(sigs[1].value, 0.2, 1e-12);
    EXPECT_NEAR(sigs[1].strength, 0.1, 1e-12);
}

TEST(Agents, ModelSignalsNormalised) {
    auto h = make("model");
    h->set("source_name", "tree");
    h->create();
    h->start();
    auto sig = [&](const char* name, double value, double strength) {
        th_signal e = tradehost::make_event<th_signal>(1);
        e.instrument = h->intern("AAPL");
        e.value = value;
        e.strength = strength;
        std::strcpy(e.name, name);
        return e;
    };
    h->send("model_signals", sig("tree", 2.0, 0.0));   // z = 2 / 2 = 1: strength erf(1/sqrt 2)
    h->send("model_signals", sig("other", 5.0, 1.0));  // another model: not this agent's
    h->send("model_signals", sig("tree", -3.0, 0.9));  // its own strength kept
    auto sigs = h->take<th_signal>("signals");
    ASSERT_EQ(sigs.size(), 2u);
    EXPECT_NEAR(sigs[0].value, 1.0, 1e-12);
    EXPECT_NEAR(sigs[0].strength, 0.682689, 1e-6);
    EXPECT_LT(sigs[1].value, 0);
    EXPECT_DOUBLE_EQ(sigs[1].strength, 0.9);
    EXPECT_EQ(std::string(sigs[1].name), "agent");
}

TEST(Agents, ConfigErrorsNameTheKey) {
    auto bad = make("astrology");
    try {
        bad->create();
        FAIL() << "an unknown kind was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("kind: 'astrology'"), std::string::npos) << e.what();
    }
    auto rules = make("technical");
    rules->set_list("columns", {"rsi_14"});
    rules->set_list("rules", {"macd_hist:trend"});
    try {
        rules->create();
        FAIL() << "a rule on a missing column was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("column 'macd_hist' is not in columns"), std::string::npos) << e.what();
    }
}
