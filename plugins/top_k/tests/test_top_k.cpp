// top_k through the plugin: a cycle of event time closes on the first event past it, the k
// strongest fresh views come out best first named top_k:i/n, a sector penalty spreads them,
// stale views are not candidates, the choice is journaled, and the next cycle scores the picks.
#include <tradehost/agent.hpp>
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <cmath>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;

th_signal view(Harness& h, const char* sym, double score, int64_t ts) {
    return tradehost::agent::make_signal(ts, h.intern(sym), "meta", {score, std::fabs(score), 60 * kSec});
}

th_quote quote(Harness& h, const char* sym, double mid, int64_t ts) {
    th_quote q = tradehost::make_event<th_quote>(ts);
    q.instrument = h.intern(sym);
    q.bid_px = tradehost::to_fixed(mid - 0.01);
    q.ask_px = tradehost::to_fixed(mid + 0.01);
    return q;
}

}  // namespace

TEST(TopK, PicksTheBestDiversifiedAndJournalsTheChoice) {
    Harness h(PLUGIN_PATH);
    h.set_instance_name("topk");
    h.set("k", "2");
    h.set("cycle", "1m");
    h.set("exploration", "0");
    h.set("sector_penalty", "0.5");
    h.set_list("sectors", {"AAPL:tech", "MSFT:tech", "XOM:energy"});
    h.create();
    h.start();
    for (const char* s : {"AAPL", "MSFT", "XOM", "OLD"}) h.send("quotes", quote(h, s, 100, 1 * kSec));
    h.send("signals", view(h, "OLD", 0.99, 1 * kSec));  // opens the cycle; stale by its end
    h.send("signals", view(h, "AAPL", 0.9, 61 * kSec - 1));
    h.send("signals", view(h, "MSFT", -0.85, 61 * kSec - 1));
    h.send("signals", view(h, "XOM", 0.5, 61 * kSec - 1));
    EXPECT_TRUE(h.take<th_signal>("picks").empty());
    h.send("quotes", quote(h, "AAPL", 101, 62 * kSec));  // past the boundary: the cycle closes
    auto picks = h.take<th_signal>("picks");
    ASSERT_EQ(picks.size(), 2u);
    EXPECT_EQ(h.symbol(picks[0].instrument), "AAPL");
    EXPECT_EQ(std::string(picks[0].name), "top_k:1/2");
    EXPECT_EQ(h.symbol(picks[1].instrument), "XOM");  // MSFT is tech too: 0.85 - 0.5 < 0.5
    EXPECT_EQ(std::string(picks[1].name), "top_k:2/2");
    EXPECT_EQ(picks[1].horizon_ns, 60 * kSec);
    EXPECT_EQ(h.state().at("last_choice").substr(0, 8), "cycle 1 ");
    EXPECT_NE(h.state().at("last_choice").find("AAPL+ XOM+"), std::string::npos) << h.state().at("last_choice");
    // the next cycle: AAPL went up (+1 for its long pick), XOM did not move (no label)
    h.send("signals", view(h, "AAPL", 0.9, 100 * kSec));
    h.send("quotes", quote(h, "XOM", 100, 122 * kSec));
    EXPECT_EQ(h.metric("cycles"), 2);
    EXPECT_NE(h.state().at("bandit").find("top_k v1 2"), std::string::npos) << h.state().at("bandit");
}

TEST(TopK, BadSectorEntryNamesIt) {
    Harness h(PLUGIN_PATH);
    h.set_list("sectors", {"AAPL"});
    try {
        h.create();
        FAIL();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("sectors: 'AAPL' is not SYMBOL:SECTOR"), std::string::npos) << e.what();
    }
}
