// polymarket mass cancels: a cancel whose orig_client_order_id is "*" is DELETE /cancel-all,
// "market:<condition id>" DELETE /cancel-market-orders (docs/venue-kit.md, "Mass cancels");
// every order of ours the answer names is reported CANCELED.
#include "rest_fixture.hpp"

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

using namespace polymarket_test;

class PolymarketMassCancel : public PolymarketRestTest {};

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
