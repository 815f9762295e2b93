// opportunity_builder through the plugin: a pick sized by alpha net of costs (the worked
// 2,560,000 notional = 25,600 shares at 100), the name cap, a top_k cycle of two flushed at
// 2/2, an unpicked name taken out the next cycle, the touch from a book snapshot, a pick
// without a price counted, and the last targets kept across a restart.
#include <tradehost/agent.hpp>
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cstring>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;

th_quote quote(Harness& h, const char* sym, double bid, double ask) {
    th_quote q = tradehost::make_event<th_quote>(1);
    q.instrument = h.intern(sym);
    q.bid_px = tradehost::to_fixed(bid);
    q.ask_px = tradehost::to_fixed(ask);
    return q;
}

th_signal pick(Harness& h, const char* sym, const char* name, double value, double strength, int64_t ts) {
    return tradehost::agent::make_signal(ts, h.intern(sym), name, {value, strength, 300 * kSec});
}

std::unique_ptr<Harness> make() {
    auto h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set_instance_name("builder");
    h->set("alpha_bps", "50");
    h->set("strategy", "coord@twap");
    return h;
}

double qty(const th_target& t) { return tradehost::to_double(t.value); }

}  // namespace

TEST(OpportunityBuilder, SizesByAlphaNetOfCosts) {
    auto h = make();
    h->create();
    h->start();
    h->send("quotes", quote(*h, "AAPL", 99.99, 100.01));
    h->send("picks", pick(*h, "AAPL", "meta", 2.0, 1.0, 10 * kSec));  // not a top_k name: a cycle of one
    auto t = h->take<th_target>("targets");
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(h->symbol(t[0].instrument), "AAPL");
    EXPECT_EQ(t[0].kind, TH_TARGET_QTY);
    EXPECT_DOUBLE_EQ(qty(t[0]), 25600);  // 2,560,000 / 100
    EXPECT_EQ(t[0].horizon_ns, 300 * kSec);
    EXPECT_EQ(t[0].urgency, 255);
    EXPECT_EQ(std::string(t[0].strategy), "coord@twap");
    // the trade's expected cost: 2 bps + k sqrt(x) = 2 bps + 2e-6 x 1600 = 34 bps
    EXPECT_NE(std::string(t[0].reason).find("alpha 50.00 bps, expected cost 34.00 bps"), std::string::npos) << t[0].reason;
    // a weaker short view: alpha 25 bps, x = (0.0023 / 3e-6)^2 = 587,777.8 -> -5877 shares
    h->send("picks", pick(*h, "AAPL", "meta", -1.0, 0.5, 11 * kSec));
    t = h->take<th_target>("targets");
    ASSERT_EQ(t.size(), 1u);
    EXPECT_DOUBLE_EQ(qty(t[0]), -5877);
}

TEST(OpportunityBuilder, CycleOfTwoThenAnExitAndTheNameCap) {
    auto h = make();
    h->set("max_name", "1000000");
    h->create();
    h->start();
    h->send("quotes", quote(*h, "AAPL", 99.99, 100.01));
    h->send("quotes", quote(*h, "XOM", 49.99, 50.01));
    h->send("picks", pick(*h, "AAPL", "top_k:1/2", 1, 1, 60 * kSec));
    EXPECT_TRUE(h->take<th_target>("targets").empty());  // waits for 2/2
    h->send("picks", pick(*h, "XOM", "top_k:2/2", -1, 1, 60 * kSec));
    auto t = h->take<th_target>("targets");
    ASSERT_EQ(t.size(), 2u);
    EXPECT_DOUBLE_EQ(qty(t[0]), 10000);   // capped at 1,000,000 / 100
    EXPECT_DOUBLE_EQ(qty(t[1]), -20000);  // capped at 1,000,000 / 50
    EXPECT_EQ(h->metric("bound_name"), 1);
    // next cycle only AAPL: XOM is taken out
    h->send("picks", pick(*h, "AAPL", "top_k:1/1", 1, 1, 120 * kSec));
    t = h->take<th_target>("targets");
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(h->symbol(t[0].instrument), "XOM");
    EXPECT_DOUBLE_EQ(qty(t[0]), 0);
    EXPECT_NE(std::string(t[0].reason).find("not picked"), std::string::npos);
}

TEST(OpportunityBuilder, BookSnapshotAndUnpricedPick) {
    auto h = make();
    h->set("max_name", "1000000");
    h->create();
    h->start();
    h->send("picks", pick(*h, "MSFT", "meta", 1, 1, kSec));  // no touch yet
    EXPECT_TRUE(h->take<th_target>("targets").empty());
    EXPECT_EQ(h->metric("picks_unpriced"), 1);
    th_book b = tradehost::make_event<th_book>(2);
    b.instrument = h->intern("MSFT");
    b.snapshot = 1;
    b.bid_count = 1;
    b.ask_count = 1;
    b.levels[0] = {tradehost::to_fixed(199.98), tradehost::to_fixed(10)};
    b.levels[1] = {tradehost::to_fixed(200.02), tradehost::to_fixed(10)};
    b.hdr.size = th_book_size(1, 1);
    h->send("books", b);
    h->send("picks", pick(*h, "MSFT", "meta", 1, 1, 2 * kSec));
    auto t = h->take<th_target>("targets");
    ASSERT_EQ(t.size(), 1u);
    EXPECT_DOUBLE_EQ(qty(t[0]), 5000);  // the cap 1,000,000 at mid 200
}

TEST(OpportunityBuilder, LastTargetsSurviveARestart) {
    auto h = make();
    h->set("max_name", "1000000");
    h->create();
    h->start();
    h->send("quotes", quote(*h, "AAPL", 99.99, 100.01));
    h->send("picks", pick(*h, "AAPL", "meta", 1, 1, kSec));
    ASSERT_EQ(h->take<th_target>("targets").size(), 1u);
    h->stop();
    const std::string saved = h->state().at("targets");
    EXPECT_EQ(saved, "AAPL 10000\n");
    h->destroy();
    auto again = make();
    again->set("max_name", "1000000");
    again->state()["targets"] = saved;
    again->create();
    again->start();
    again->send("quotes", quote(*again, "AAPL", 99.99, 100.01));
    again->send("picks", pick(*again, "AAPL", "meta", 1, 1, 2 * kSec));
    EXPECT_TRUE(again->take<th_target>("targets").empty());  // already there: nothing to send
}

TEST(OpportunityBuilder, NoImpactNeedsANameCap) {
    auto h = make();
    h->set("impact_coef", "0");
    try {
        h->create();
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("max_name: required when impact_coef is 0"), std::string::npos) << e.what();
    }
}
