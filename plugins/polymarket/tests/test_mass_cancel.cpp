// polymarket mass cancels: a cancel whose orig_client_order_id is "*" is DELETE /cancel-all,
// "market:<condition id>" DELETE /cancel-market-orders (docs/venue-kit.md, "Mass cancels");
// every order of ours the answer names is reported CANCELED.
#include "polymarket/polymarket_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

namespace th = tradehost;
namespace tt = tradehost::testing;
namespace doubles = tradehost::doubles;
using tt::NewOrder;
using tt::VenueRecorder;

namespace {

// Hardhat's first development key: public, never a real wallet.
constexpr const char* kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
constexpr const char* kYes = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
constexpr const char* kNegRisk = "52114319501245915516055106046884209969926127482827954674443846427813813222426";

class PolymarketMassCancel : public ::testing::Test {
protected:
    doubles::PolymarketDouble venue{kAddress};
    std::unique_ptr<tt::Harness> h;
    VenueRecorder rec;

    void SetUp() override {
        venue.add_market(kYes, "0xc0ffee01", "0.01", "5", false);
        venue.add_market(kNegRisk, "0xc0ffee02", "0.001", "5", true);
    }
    void TearDown() override {
        if (h) h->stop();
    }

    void make() {
        h = std::make_unique<tt::Harness>(PLUGIN_PATH);
        h->set("rest_url", venue.rest_url());
        h->set("market_ws_url", "");  // REST only here: the streams have tests of their own
        h->set("user_ws_url", "");
        h->set_list("tokens", {kYes, kNegRisk});
        h->set("verify_tls", "false");
        h->set("poll_interval", "100ms");
        h->set("http_timeout", "3s");
        h->set("rate_limit_backoff", "20ms");
        h->set_secret("POLYMARKET_PRIVATE_KEY", kKey);
    }

    void start() {
        h->create();
        h->start();
        ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_status(TH_VENUE_RECONCILED) >= 1; }, std::chrono::seconds(20)))
            << diagnostics();
    }

    std::string diagnostics() const {
        std::string out = "log:\n";
        for (const auto& l : h->log_lines()) out += "  " + l + "\n";
        out += "venue errors:\n";
        for (const auto& e : venue.errors()) out += "  " + e + "\n";
        return out;
    }

    bool accepted(const std::string& cid) {
        return rec.wait(*h, [&] { return rec.count_reports(cid, TH_EXEC_NEW) == 1; }, std::chrono::seconds(20));
    }
};

TEST_F(PolymarketMassCancel, CancelAllAndCancelByMarketEndTheOrdersTheVenueCanceled) {
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "y1").buy().qty("10").limit("0.5").request());
    h->send("orders", NewOrder(*h, kYes, "y2").buy().qty("10").limit("0.4").request());
    h->send("orders", NewOrder(*h, kNegRisk, "n1").buy().qty("10").limit("0.3").request());
    ASSERT_TRUE(accepted("y1") && accepted("y2") && accepted("n1")) << diagnostics();

    // One market: only its two orders end.
    h->send("orders", tt::cancel_request(*h, kYes, "mc1", "market:0xc0ffee01"));
    ASSERT_TRUE(rec.wait(*h, [&] {
        return rec.count_reports("y1", TH_EXEC_CANCELED) == 1 && rec.count_reports("y2", TH_EXEC_CANCELED) == 1;
    })) << diagnostics();
    EXPECT_EQ(rec.count_reports("n1", TH_EXEC_CANCELED), 0);
    EXPECT_EQ(venue.mass_cancels(), 1);

    // Everything else.
    h->send("orders", tt::cancel_request(*h, kYes, "ca1", "*"));
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_reports("n1", TH_EXEC_CANCELED) == 1; })) << diagnostics();
    EXPECT_EQ(venue.mass_cancels(), 2);
    for (const auto& id : venue.order_ids()) EXPECT_EQ(venue.order_status(id), "CANCELED");

    // A market the adapter does not trade is refused without a call.
    h->send("orders", tt::cancel_request(*h, kYes, "mc2", "market:0xnot-ours"));
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_reports("mc2", TH_EXEC_REJECTED) == 1; })) << diagnostics();
    EXPECT_NE(std::string(rec.last_report("mc2")->reason).find("cancel refused:"), std::string::npos)
        << rec.last_report("mc2")->reason;
    EXPECT_EQ(venue.mass_cancels(), 2);
}

}  // namespace
