// The news_trader strategy through the harness: thresholds, decay, source weights,
// cooldown, pending orders and state across a restart.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

using tradehost::testing::Harness;

namespace {

constexpr th_time_ns kT0 = 1704205800000000000;
constexpr int64_t kMin = 60000000000;

th_fixed fx(const char* s) {
    th_fixed v = 0;
    EXPECT_TRUE(tradehost::parse_fixed(s, v));
    return v;
}

class Rig {
public:
    explicit Rig(std::vector<std::pair<std::string, std::string>> cfg = {}, bool start = true) : h(PLUGIN_PATH) {
        h.set_instance_name("nt");
        for (const auto& [k, v] : cfg) h.set(k, v);
        if (start) {
            h.create();
            h.start();
        }
    }
    void news(const std::string& id, const std::string& source) {
        auto n = tradehost::make_event<th_news>(kT0);
        tradehost::copy_str(n.id, id);
        tradehost::copy_str(n.source, source);
        ASSERT_EQ(h.send("news", n), TH_OK) << h.last_error();
    }
    void score(const std::string& sym, double s, th_time_ns ts, const std::string& news_id = "x", double conf = 0.5) {
        auto e = tradehost::make_event<th_sentiment>(ts);
        e.instrument = h.intern(sym);
        e.score = s;
        e.confidence = conf;
        tradehost::copy_str(e.news_id, news_id);
        tradehost::copy_str(e.scorer, "vader-3.3.1");
        ASSERT_EQ(h.send("sentiment", e), TH_OK) << h.last_error();
    }
    void fill_all(const std::vector<th_order_request>& orders) {
        for (const auto& o : orders) {
            auto f = tradehost::make_event<th_fill>(o.hdr.ts);
            f.instrument = o.instrument;
            f.side = o.side;
            f.qty = o.qty;
            f.px = fx("100");
            tradehost::copy_str(f.client_order_id, o.client_order_id);
            ASSERT_EQ(h.send("fills", f), TH_OK);
            auto r = tradehost::make_event<th_execution_report>(o.hdr.ts);
            r.instrument = o.instrument;
            r.exec_type = TH_EXEC_FILL;
            r.status = TH_STATUS_FILLED;
            tradehost::copy_str(r.client_order_id, o.client_order_id);
            ASSERT_EQ(h.send("exec_reports", r), TH_OK);
        }
    }
    std::vector<th_order_request> orders() { return h.take<th_order_request>("orders"); }
    Harness h;
};

}  // namespace

TEST(NewsTrader, NeedsTheMinimumMentionsAndScore) {
    Rig r({{"min_mentions", "2"}, {"min_score", "0.5"}, {"order_qty", "10"}});
    r.score("AAPL", 0.9, kT0);
    EXPECT_TRUE(r.orders().empty());  // one mention only
    r.score("AAPL", 0.1, kT0 + kMin);
    const auto o = r.orders();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].side, TH_SIDE_BUY);
    EXPECT_EQ(o[0].qty, fx("10"));
    EXPECT_EQ(o[0].order_type, TH_ORDER_MARKET);
    EXPECT_EQ(o[0].hdr.ts, kT0 + kMin);
    EXPECT_EQ(std::string(o[0].client_order_id), "nt-1-1");
}

TEST(NewsTrader, TheSignalDecaysWithItsHalfLife) {
    Rig r({{"min_score", "1.0"}, {"half_life", "30m"}});
    r.score("MSFT", 0.6, kT0);
    r.score("MSFT", 0.6, kT0 + 30 * kMin);  // 0.6 * 0.5 + 0.6 = 0.9
    EXPECT_TRUE(r.orders().empty());
    r.score("MSFT", 0.15, kT0 + 30 * kMin);  // 1.05
    EXPECT_EQ(r.orders().size(), 1u);
}

TEST(NewsTrader, SourceWeightsScaleScores) {
    Rig r({{"min_score", "0.5"}}, false);
    r.h.set_list("source_weights", {"blog=0", "wire=2"});
    r.h.create();
    r.h.start();
    r.news("b1", "blog");
    r.news("w1", "wire");
    r.score("TSLA", -0.9, kT0, "b1");
    EXPECT_TRUE(r.orders().empty());  // weight 0
    r.score("TSLA", -0.3, kT0, "w1");  // -0.6
    const auto o = r.orders();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].side, TH_SIDE_SELL);
}

TEST(NewsTrader, CooldownAndOpenOrdersHoldTheNextOrder) {
    Rig r({{"min_score", "0.5"}, {"cooldown", "15m"}, {"half_life", "1m"}});
    r.score("NVDA", 0.8, kT0);
    auto first = r.orders();
    ASSERT_EQ(first.size(), 1u);
    r.score("NVDA", -3.0, kT0 + kMin);  // order still open
    EXPECT_TRUE(r.orders().empty());
    EXPECT_EQ(r.h.metric("skipped_pending"), 1);
    r.fill_all(first);
    r.score("NVDA", -3.0, kT0 + 2 * kMin);  // within the cooldown
    EXPECT_TRUE(r.orders().empty());
    EXPECT_EQ(r.h.metric("skipped_cooldown"), 1);
    r.score("NVDA", -3.0, kT0 + 16 * kMin);
    const auto o = r.orders();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].side, TH_SIDE_SELL);
    EXPECT_EQ(o[0].qty, fx("20"));  // from +10 to -10
}

TEST(NewsTrader, NoShortingTargetsFlat) {
    Rig r({{"min_score", "0.5"}, {"allow_short", "false"}});
    r.score("BA", -0.9, kT0);
    EXPECT_TRUE(r.orders().empty());  // flat already
}

TEST(NewsTrader, TheSignalSurvivesARestart) {
    std::map<std::string, std::string> saved;
    {
        Rig r({{"min_score", "1.0"}, {"half_life", "30m"}});
        r.score("AMZN", 0.6, kT0);
        saved = r.h.state();
    }
    Rig r({{"min_score", "1.0"}, {"half_life", "30m"}}, false);
    r.h.state() = saved;
    r.h.set_session_id(2);
    r.h.create();
    r.h.start();
    r.score("AMZN", 0.75, kT0 + 30 * kMin);  // 0.3 + 0.75 = 1.05 only with the saved 0.6
    const auto o = r.orders();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(std::string(o[0].client_order_id), "nt-2-1");
}

TEST(NewsTrader, BadSourceWeightsNameTheItem) {
    Rig r({}, false);
    r.h.set_list("source_weights", {"wire=1", "blog"});
    try {
        r.h.create();
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("source_weights[1] 'blog': expected source=weight"), std::string::npos)
            << e.what();
    }
}

TEST(NewsTrader, HotReloadCarriesPositionsAndOpenOrders) {
    Rig r({{"min_score", "0.5"}, {"cooldown", "0"}, {"half_life", "1m"}});
    r.score("NVDA", 0.8, kT0);
    r.fill_all(r.orders());  // long 10
    r.score("MSFT", 0.8, kT0);
    ASSERT_EQ(r.orders().size(), 1u);  // left open
    r.h.stop();
    const std::string snap = r.h.snapshot();

    Rig next({{"min_score", "0.5"}, {"cooldown", "0"}, {"half_life", "1m"}}, false);
    next.h.create();
    next.h.restore(snap);
    next.h.start();
    next.score("MSFT", 0.9, kT0 + kMin);  // its order is still open: nothing new
    EXPECT_TRUE(next.orders().empty());
    next.score("NVDA", -5.0, kT0 + 10 * kMin);  // from the carried +10 to -10
    const auto o = next.orders();
    ASSERT_EQ(o.size(), 1u);
    EXPECT_EQ(o[0].qty, fx("20"));
}
