// polymarket: a trade counted at MATCHED that later goes FAILED is reversed once, through the
// venue kit's reversal (docs/venue-kit.md, "Reversed fills"): a fill of -qty under the bust id
// and a report that restates the order, whether the FAILED comes over REST after a restart or
// on the user channel, however often it is repeated.
#include "polymarket/polymarket_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>
#include <tradehost/venue/execution_worker.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

namespace tt = tradehost::testing;
namespace doubles = tradehost::doubles;

namespace {

constexpr const char* kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
constexpr const char* kYes = "71321045679252212594626385532706912750332728571942532289631379312455583992563";

class PolymarketReversal : public ::testing::Test {
protected:
    doubles::PolymarketDouble venue{kAddress};
    std::unique_ptr<tt::Harness> h;
    tt::VenueRecorder rec;

    void SetUp() override { venue.add_market(kYes, "0xc0ffee01", "0.01", "5", false); }
    void TearDown() override {
        if (h) h->stop();
    }
    // Starts an instance with `state` (what the previous one saved): a restart.
    void start(const std::map<std::string, std::string>& state) {
        h = std::make_unique<tt::Harness>(PLUGIN_PATH);
        h->state() = state;
        rec = tt::VenueRecorder{};
        h->set("rest_url", venue.rest_url());
        h->set("market_ws_url", "");
        h->set("user_ws_url", venue.user_url());
        h->set_list("tokens", {kYes});
        h->set("verify_tls", "false");
        h->set("poll_interval", "100ms");
        h->set("ping_interval", "100ms");
        h->set("reconnect_min", "20ms");
        h->set("reconnect_max", "200ms");
        h->set_secret("POLYMARKET_PRIVATE_KEY", kKey);
        h->create();
        h->start();
        ASSERT_TRUE(wait([&] { return venue.user_sessions() == 1 && rec.count_status(TH_VENUE_RECONCILED) >= 1; }));
    }
    std::map<std::string, std::string> stop() {
        h->stop();
        auto saved = h->state();
        h.reset();
        return saved;
    }
    bool wait(const std::function<bool()>& pred) { return rec.wait(*h, pred, std::chrono::seconds(20)); }
    int busts() const {
        int n = 0;
        for (const auto& f : rec.fills) n += f.qty < 0 ? 1 : 0;
        return n;
    }
};

TEST_F(PolymarketReversal, AMatchedTradeThatFailsWhileDownIsReversedOnceAfterTheRestart) {
    start({});
    h->send("orders", tt::NewOrder(*h, kYes, "r1").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(wait([&] { return rec.count_reports("r1", TH_EXEC_NEW) == 1; }));
    const std::string id = venue.order_ids().at(0);
    ASSERT_TRUE(venue.fill(id, "10"));  // MATCHED: counted, the order FILLED
    ASSERT_TRUE(wait([&] { return rec.count_reports("r1", TH_EXEC_FILL) == 1; }));
    ASSERT_EQ(rec.fills.size(), 1u);
    const std::string fill_id = rec.fills[0].fill_id;

    // Down; meanwhile the trade fails on chain. The next instance finds it FAILED over REST.
    auto saved = stop();
    venue.push_trade_status("FAILED");
    start(saved);
    ASSERT_TRUE(wait([&] { return busts() == 1; }));
    const th_fill& bust = rec.fills.back();
    EXPECT_EQ(bust.qty, -tt::fx("10"));
    EXPECT_EQ(bust.px, tt::fx("0.5"));
    EXPECT_STREQ(bust.fill_id, tradehost::venue::bust_fill_id(fill_id).c_str());
    EXPECT_EQ(std::string(bust.fill_id).size(), 39u);  // a hashed id of the host's length
    const th_execution_report* r = rec.last_report("r1");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->exec_type, TH_EXEC_CANCELED);  // matched, so it does not come back to the book
    EXPECT_EQ(r->cum_qty, 0);
    EXPECT_EQ(r->last_qty, -tt::fx("10"));
    EXPECT_NE(std::string(r->reason).find("reversed by the venue"), std::string::npos) << r->reason;
    EXPECT_EQ(h->metric("fills_reversed"), 1);

    // The stream repeats FAILED, and another restart reconciles again: still one reversal.
    int pings = venue.pings();
    venue.push_trade_status("FAILED");
    ASSERT_TRUE(wait([&] { return venue.pings() > pings; }));  // time for the repeat to arrive
    rec.drain(*h);
    EXPECT_EQ(busts(), 1);
    saved = stop();
    start(saved);
    pings = venue.pings();
    venue.push_trade_status("FAILED");
    ASSERT_TRUE(wait([&] { return venue.pings() > pings; }));
    rec.drain(*h);
    EXPECT_EQ(busts(), 0);                // this instance published none
    EXPECT_EQ(rec.fills.size(), 0u);      // and no fill again either
    EXPECT_EQ(h->metric("fills_reversed"), 0);
}

TEST_F(PolymarketReversal, AFailedTradeOnTheStreamUndoesAPartialFillAndTheOrderStaysOpen) {
    start({});
    h->send("orders", tt::NewOrder(*h, kYes, "r2").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(wait([&] { return rec.count_reports("r2", TH_EXEC_NEW) == 1; }));
    const std::string id = venue.order_ids().at(0);
    ASSERT_TRUE(venue.fill(id, "4"));
    ASSERT_TRUE(wait([&] { return rec.count_reports("r2", TH_EXEC_PARTIAL_FILL) == 1; }));
    venue.push_trade_status("FAILED");
    ASSERT_TRUE(wait([&] { return busts() == 1; }));
    const th_execution_report* r = rec.last_report("r2");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->exec_type, TH_EXEC_NEW);  // restated: open, nothing filled
    EXPECT_EQ(r->status, TH_STATUS_NEW);
    EXPECT_EQ(r->cum_qty, 0);
    EXPECT_EQ(r->leaves_qty, tt::fx("10"));
    EXPECT_EQ(r->last_qty, -tt::fx("4"));
    th_fixed total = 0;
    for (const auto& f : rec.fills) total += f.qty;
    EXPECT_EQ(total, 0);
}

}  // namespace
