// polymarket: the user channel against the double's /ws/user. Fills are named by trade and
// order, so a trade seen on the stream, again with a later status (MINED, CONFIRMED), and
// again over REST after a reconnect is one fill: the WS/HTTP race of the official clients'
// bug reports, as a test.
#include "parse.hpp"
#include "polymarket/polymarket_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace pm = tradehost::polymarket;
namespace tt = tradehost::testing;
namespace doubles = tradehost::doubles;

namespace {

constexpr const char* kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
constexpr const char* kYes = "71321045679252212594626385532706912750332728571942532289631379312455583992563";

TEST(PolymarketUserParse, OrderAndTradeEvents) {
    // Shapes of docs.polymarket.com market-data/websocket/user-channel (read 2026-12-02).
    auto ev = pm::parse_user_frame(R"([{"event_type":"order","type":"CANCELLATION","id":"0xo","owner":"me",
        "market":"0xm","asset_id":"7","side":"BUY","original_size":"10","size_matched":"2","price":"0.5",
        "timestamp":"1"},{"event_type":"trade","type":"TRADE","id":"t1","taker_order_id":"0xt","market":"0xm",
        "asset_id":"7","side":"SELL","size":"2","price":"0.5","status":"MINED","matchtime":"1700000000",
        "owner":"x","trader_side":"MAKER","maker_orders":[{"order_id":"0xo","owner":"me","matched_amount":"2",
        "price":"0.5"}]}])",
                                   "me");
    ASSERT_EQ(ev.size(), 2u);
    EXPECT_TRUE(ev[0].is_order);
    EXPECT_EQ(ev[0].order.status, "CANCELED");
    ASSERT_EQ(ev[1].fills.size(), 1u);
    EXPECT_EQ(ev[1].fills[0].status, "MINED");
    EXPECT_EQ(pm::fill_id_of("t1", "0xo"), "t1:0xo");
    // A UUID trade id and a 66-character hash do not fit 39 characters: hashed, stable.
    const std::string uuid = "0b9ffb1c-3e02-4a83-8f0a-2d6f1e9a7c55", hash(66, 'a');
    EXPECT_EQ(pm::fill_id_of(uuid, hash).size(), 39u);
    EXPECT_EQ(pm::fill_id_of(uuid, hash), pm::fill_id_of(uuid, hash));
    EXPECT_NE(pm::fill_id_of(uuid, hash), pm::fill_id_of(uuid, std::string(66, 'b')));
}

class PolymarketUser : public ::testing::Test {
protected:
    doubles::PolymarketDouble venue{kAddress};
    std::unique_ptr<tt::Harness> h;
    tt::VenueRecorder rec;

    void SetUp() override { venue.add_market(kYes, "0xc0ffee01", "0.01", "5", false); }
    void TearDown() override {
        if (h) h->stop();
    }
    void start() {
        h = std::make_unique<tt::Harness>(PLUGIN_PATH);
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
    bool wait(const std::function<bool()>& pred) { return rec.wait(*h, pred, std::chrono::seconds(20)); }
};

TEST_F(PolymarketUser, EachTradeIsOneFillWhateverItsStatusesAndSources) {
    start();
    h->send("orders", tt::NewOrder(*h, kYes, "u1").buy().qty("10").limit("0.5").request());
    ASSERT_TRUE(wait([&] { return rec.count_reports("u1", TH_EXEC_NEW) == 1; }));
    const std::string id = venue.order_ids().at(0);

    // On the stream: MATCHED, then MINED and CONFIRMED for the same trade.
    ASSERT_TRUE(venue.fill(id, "4"));
    ASSERT_TRUE(wait([&] { return rec.fills_of("u1") == 1; }));
    venue.push_trade_status("MINED");
    venue.push_trade_status("CONFIRMED");

    // Missed: a fill while the stream says nothing, then the connection drops. The
    // reconciliation after the reconnect finds it over REST.
    venue.set_user_silent(true);
    ASSERT_TRUE(venue.fill(id, "3"));
    const int reconciled = rec.count_status(TH_VENUE_RECONCILED);
    venue.drop_streams();
    ASSERT_TRUE(wait([&] { return rec.fills_of("u1") == 2 && rec.count_status(TH_VENUE_RECONCILED) > reconciled; }));
    // The stream then repeats both trades (a late CONFIRMED): still two fills.
    venue.set_user_silent(false);
    ASSERT_TRUE(wait([&] { return venue.user_sessions() == 1; }));
    venue.push_trade_status("CONFIRMED");
    ASSERT_TRUE(wait([&] { return venue.pings() >= 1; }));  // the text heartbeat, and time for the repeats
    rec.drain(*h);
    EXPECT_EQ(rec.fills_of("u1"), 2);
    th_fixed total = 0;
    for (const auto& f : rec.fills) total += f.qty;
    EXPECT_EQ(total, tt::fx("7"));
    EXPECT_EQ(rec.count_reports("u1", TH_EXEC_PARTIAL_FILL), 2);
}

}  // namespace
