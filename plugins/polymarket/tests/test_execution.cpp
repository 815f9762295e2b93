// polymarket: the built plugin in the SDK harness against the CLOB double
// (tests/venues/polymarket), which checks every L2 HMAC and recovers every order's EIP-712
// signer under the announced version's domain and the market's exchange.
#include "rest_fixture.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

namespace th = tradehost;
namespace tt = tradehost::testing;
namespace doubles = tradehost::doubles;
using tt::NewOrder;
using tt::VenueRecorder;

namespace {

using namespace polymarket_test;

class PolymarketExecution : public PolymarketRestTest {};

TEST_F(PolymarketExecution, CreatesCredentialsThenPlacesAnOrderTheVenueVerifies) {
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "c1").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(accepted("c1")) << diagnostics();
    EXPECT_EQ(venue.order_count(), 1u);
    EXPECT_EQ(venue.l2_failures(), 0);
    // The market was registered with the tick, minimum size and bounds the venue gave.
    auto info = h->instrument_info(h->intern(kYes));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->asset_class, TH_ASSET_PREDICTION_OUTCOME);
    EXPECT_EQ(info->tick_size, tt::fx("0.01"));
    EXPECT_EQ(info->min_qty, tt::fx("5"));
    EXPECT_EQ(info->max_price, tt::fx("0.99"));
    EXPECT_STREQ(info->group, "0xc0ffee01");
    // The double sends each book with the server's hash: every one verified.
    EXPECT_EQ(h->metric("book_hashes_verified"), 2);
    EXPECT_EQ(h->metric("book_hash_mismatches"), 0);
}

TEST_F(PolymarketExecution, CredentialsAndKeyNeverReachLogsOrState) {
    venue.set_key_created(true);  // derived, not created
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "c1").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(accepted("c1")) << diagnostics();
    const std::string secrets[] = {doubles::PolymarketDouble::kApiSecret, doubles::PolymarketDouble::kApiPassphrase,
                                   std::string(kKey).substr(2)};
    for (const auto& line : h->log_lines())
        for (const auto& s : secrets) EXPECT_EQ(line.find(s), std::string::npos) << line;
    for (const auto& [key, blob] : h->state())
        for (const auto& s : secrets) EXPECT_EQ(blob.find(s), std::string::npos) << key;
    // What is kept: the key id and the nonce it was derived under.
    ASSERT_TRUE(h->state().count("api_creds"));
    EXPECT_NE(h->state().at("api_creds").find(doubles::PolymarketDouble::kApiKey), std::string::npos);
}

TEST_F(PolymarketExecution, OffTickAndSmallOrdersAreRefusedLocallyInTheVenuesWords) {
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "tick").buy().qty("10").limit("0.555").request());
    h->send("orders", NewOrder(*h, kYes, "small").buy().qty("4").limit("0.5").request());
    h->send("orders", NewOrder(*h, kYes, "range").buy().qty("10").limit("0.995").request());
    ASSERT_TRUE(rec.wait(*h, [&] {
        return rec.count_reports("tick", TH_EXEC_REJECTED) + rec.count_reports("small", TH_EXEC_REJECTED) +
                   rec.count_reports("range", TH_EXEC_REJECTED) == 3;
    })) << diagnostics();
    EXPECT_STREQ(rec.last_report("tick")->reason,
                 "rejected locally: order tick is invalid. Price (0.555) breaks minimum tick size rule: 0.01");
    EXPECT_STREQ(rec.last_report("small")->reason,
                 "rejected locally: order small is invalid. Size (4) lower than the minimum: 5");
    EXPECT_STREQ(rec.last_report("range")->reason, "rejected locally: invalid price (0.995), min: 0.01 - max: 0.99");
    EXPECT_EQ(venue.order_count(), 0u);
}

TEST_F(PolymarketExecution, NegRiskOrderIsSignedForTheNegRiskExchange) {
    make();
    start();
    h->send("orders", NewOrder(*h, kNegRisk, "n1").sell().qty("20").limit("0.123").request());
    ASSERT_TRUE(accepted("n1")) << diagnostics();
    EXPECT_EQ(venue.order_count(), 1u);
}

TEST_F(PolymarketExecution, SignsTheVersionTheExchangeAnnouncesAndRefusesAnUnknownOne) {
    venue.set_version(3);
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "v3").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(accepted("v3")) << diagnostics();

    // Mid-session the exchange moves to version 2: the first POST is refused
    // "order_version_mismatch", the adapter asks GET /version again and signs once more.
    venue.set_version(2);
    h->send("orders", NewOrder(*h, kYes, "v2").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(accepted("v2")) << diagnostics();
    auto errs = venue.errors();
    EXPECT_NE(std::find(errs.begin(), errs.end(), "order_version_mismatch"), errs.end());
    EXPECT_EQ(venue.order_count(), 2u);
}

TEST_F(PolymarketExecution, AnUnknownVersionIsNeverSigned) {
    venue.set_version(4);
    make();
    h->create();
    h->start();
    h->send("orders", NewOrder(*h, kYes, "v4").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_reports("v4", TH_EXEC_REJECTED) == 1; }, std::chrono::seconds(20)))
        << diagnostics();
    EXPECT_NE(std::string(rec.last_report("v4")->reason).find("order version 4"), std::string::npos)
        << rec.last_report("v4")->reason;
    EXPECT_EQ(venue.order_count(), 0u);
}

TEST_F(PolymarketExecution, FillsFoundByReconciliationArePublishedOnce) {
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "f1").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(accepted("f1")) << diagnostics();
    const std::string id = venue.order_ids().at(0);
    ASSERT_TRUE(venue.fill(id, "4"));
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.fills_of("f1") == 1; }, std::chrono::seconds(20))) << diagnostics();
    EXPECT_EQ(rec.fills[0].qty, tt::fx("4"));
    EXPECT_EQ(rec.fills[0].px, tt::fx("0.5"));
    ASSERT_TRUE(venue.fill(id, "6"));
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_reports("f1", TH_EXEC_FILL) == 1; }, std::chrono::seconds(20)))
        << diagnostics();
    // Another poll reads the same two trades: still two fills.
    const auto polls = venue.server().requests("GET", "/data/trades").size();
    ASSERT_TRUE(rec.wait(*h, [&] { return venue.server().requests("GET", "/data/trades").size() >= polls + 1; },
                         std::chrono::seconds(20)));
    rec.drain(*h);
    EXPECT_EQ(rec.fills_of("f1"), 2);
    EXPECT_EQ(rec.count_reports("f1", TH_EXEC_PARTIAL_FILL), 1);
}

TEST_F(PolymarketExecution, CancelEndsTheOrderAtTheVenue) {
    make();
    start();
    h->send("orders", NewOrder(*h, kYes, "x1").buy().qty("10").limit("0.4").request());
    ASSERT_TRUE(accepted("x1")) << diagnostics();
    h->send("orders", tt::cancel_request(*h, kYes, "x1-cancel", "x1"));
    ASSERT_TRUE(rec.wait(*h, [&] { return rec.count_reports("x1", TH_EXEC_CANCELED) == 1; }, std::chrono::seconds(20)))
        << diagnostics();
    EXPECT_EQ(venue.order_status(venue.order_ids().at(0)), "CANCELED");
}

TEST_F(PolymarketExecution, A429IsWaitedOutNotDuplicated) {
    make();
    start();
    venue.server().inject(doubles::Response::json(429, R"({"error":"Too Many Requests"})"), 1, "POST");
    h->send("orders", NewOrder(*h, kYes, "r1").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(accepted("r1")) << diagnostics();
    EXPECT_EQ(venue.order_count(), 1u);
    EXPECT_GE(h->metric("rate_limited"), 1);
}

}  // namespace
