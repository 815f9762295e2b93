// polymarket order types through ABI 1.2 (TH_TIF_GTD with expire_time_ns, TH_ORDER_FLAG_POST_ONLY)
// against the CLOB double, which refuses post-only market types and expirations less than
// 3 minutes ahead in the CLOB's words (docs.polymarket.com trading/orders/overview,
// trading/place-orders, resources/error-codes; read 2026-12-02).
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

class PolymarketOrderTypes : public PolymarketRestTest {};

int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TEST_F(PolymarketOrderTypes, GtdIsSentWithItsExpiryPlusTheSixtySecondThresholdAndPostOnly) {
    make();
    start();
    const int64_t until_s = unix_now_s() + 3600;  // meant to live one hour
    h->send("orders",
            NewOrder(*h, kYes, "gtd1").buy().qty("10").limit("0.5").gtd(until_s * 1000000000LL).post_only().request());
    ASSERT_TRUE(accepted("gtd1")) << diagnostics();
    ASSERT_EQ(venue.order_ids().size(), 1u);
    const auto sent = venue.sent(venue.order_ids()[0]);
    EXPECT_EQ(sent.order_type, "GTD");
    EXPECT_EQ(sent.post_only, "true");
    EXPECT_EQ(sent.expiration, std::to_string(until_s + 60));  // the CLOB expires it 60 s early
}

TEST_F(PolymarketOrderTypes, FokAndFakComeFromFokAndIocAndGtcIsNotPostOnlyUnlessAsked) {
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "fok").buy().qty("10").limit("0.5").tif(TH_TIF_FOK).request());
    h->send("orders", NewOrder(*h, kYes, "fak").buy().qty("10").limit("0.51").tif(TH_TIF_IOC).request());
    h->send("orders", NewOrder(*h, kYes, "gtc").buy().qty("10").limit("0.52").request());
    ASSERT_TRUE(accepted("fok") && accepted("fak") && accepted("gtc")) << diagnostics();
    std::vector<std::string> types;
    for (const auto& id : venue.order_ids()) {
        const auto s = venue.sent(id);
        types.push_back(s.order_type + "/" + s.post_only + "/" + s.expiration);
    }
    std::sort(types.begin(), types.end());
    EXPECT_EQ(types, (std::vector<std::string>{"FAK/false/0", "FOK/false/0", "GTC/false/0"}));
}

TEST_F(PolymarketOrderTypes, PostOnlyMarketTypesAndShortExpiriesAreRefusedLocallyInTheVenuesWords) {
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "pfok").buy().qty("10").limit("0.5").tif(TH_TIF_FOK).post_only().request());
    h->send("orders", NewOrder(*h, kYes, "pfak").buy().qty("10").limit("0.5").tif(TH_TIF_IOC).post_only().request());
    // 30 s ahead: with the 60 s threshold that is 90 s, under the CLOB's 3 minutes.
    h->send("orders", NewOrder(*h, kYes, "soon").buy().qty("10").limit("0.5").gtd((unix_now_s() + 30) * 1000000000LL).request());
    h->send("orders", NewOrder(*h, kYes, "noexp").buy().qty("10").limit("0.5").tif(TH_TIF_GTD).request());
    h->send("orders", NewOrder(*h, kYes, "reduce").buy().qty("10").limit("0.5").reduce_only().request());
    const char* ids[] = {"pfok", "pfak", "soon", "noexp", "reduce"};
    ASSERT_TRUE(rec.wait(*h, [&] {
        int n = 0;
        for (const char* id : ids) n += rec.count_reports(id, TH_EXEC_REJECTED);
        return n == 5;
    })) << diagnostics();
    EXPECT_STREQ(rec.last_report("pfok")->reason,
                 "rejected locally: invalid post-only order: only GTC and GTD order types are allowed");
    EXPECT_STREQ(rec.last_report("pfak")->reason,
                 "rejected locally: invalid post-only order: only GTC and GTD order types are allowed");
    EXPECT_NE(std::string(rec.last_report("soon")->reason).find("rejected locally: invalid expiration"), std::string::npos)
        << rec.last_report("soon")->reason;
    EXPECT_STREQ(rec.last_report("noexp")->reason, "GTD needs expire_time_ns");
    EXPECT_STREQ(rec.last_report("reduce")->reason, "Polymarket has no reduce-only orders");
    EXPECT_EQ(venue.order_count(), 0u);
}

}  // namespace
