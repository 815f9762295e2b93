// polymarket: the market channel. Parse tests read the payloads of docs.polymarket.com
// market-data/websocket/market-channel (test_data/market_*.json, copied 2026-12-02); the
// end-to-end tests run the plugin against the double's /ws/market.
#include "market_parse.hpp"
#include "polymarket/polymarket_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>
#include <tradehost/venue/json.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace pm = tradehost::polymarket;
namespace tt = tradehost::testing;
namespace doubles = tradehost::doubles;

namespace {

std::string read(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(PolymarketMarketParse, DocsPayloads) {
    tradehost::venue::json::Decoder dec;
    std::vector<pm::MarketMessage> out;
    pm::read_market_frame(dec, read("market_book.json"), out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, pm::MarketMessage::Kind::book);
    ASSERT_EQ(out[0].bids.size(), 3u);
    EXPECT_EQ(out[0].bids[0].px, tt::fx("0.48"));  // ".48" as the docs write it
    EXPECT_EQ(out[0].asks[2].qty, tt::fx("10"));
    EXPECT_EQ(out[0].ts_ms, 123456789000);

    pm::read_market_frame(dec, read("market_price_change.json"), out);
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].changes.size(), 2u);
    EXPECT_TRUE(out[0].changes[0].buy);
    EXPECT_FALSE(out[0].changes[1].buy);
    EXPECT_EQ(out[0].changes[1].qty, tt::fx("200"));

    pm::read_market_frame(dec, read("market_tick_size_change.json"), out);
    EXPECT_EQ(out[0].kind, pm::MarketMessage::Kind::tick_size_change);
    EXPECT_EQ(out[0].new_tick, tt::fx("0.001"));

    pm::read_market_frame(dec, read("market_last_trade_price.json"), out);
    EXPECT_EQ(out[0].kind, pm::MarketMessage::Kind::last_trade_price);
    EXPECT_EQ(out[0].px, tt::fx("0.456"));
    EXPECT_EQ(out[0].size, tt::fx("219.217767"));

    // A frame may be an array of messages; a book without asset_id is an error.
    pm::read_market_frame(dec, "[" + read("market_book.json") + "," + read("market_tick_size_change.json") + "]", out);
    EXPECT_EQ(out.size(), 2u);
    EXPECT_THROW(pm::read_market_frame(dec, R"({"event_type":"book","bids":[],"asks":[]})", out), std::runtime_error);
}

constexpr const char* kKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kAddress = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
constexpr const char* kA = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
constexpr const char* kB = "52114319501245915516055106046884209969926127482827954674443846427813813222426";

class PolymarketMarket : public ::testing::Test {
protected:
    doubles::PolymarketDouble venue{kAddress};
    std::unique_ptr<tt::Harness> h;
    tt::VenueRecorder rec;
    std::vector<th_book> books;

    void SetUp() override {
        venue.add_market(kA, "0xc0ffee01", "0.01", "5", false);
        venue.add_market(kB, "0xc0ffee01", "0.01", "5", false);
        venue.set_book(kA, {{"0.48", "30"}, {"0.49", "20"}}, {{"0.52", "25"}});
        venue.set_book(kB, {{"0.47", "10"}}, {{"0.53", "5"}});
    }
    void TearDown() override {
        if (h) h->stop();
    }
    void start(int per_connection) {
        h = std::make_unique<tt::Harness>(PLUGIN_PATH);
        h->set("rest_url", venue.rest_url());
        h->set("market_ws_url", venue.market_url());
        h->set("user_ws_url", "");
        h->set_list("tokens", {kA, kB});
        h->set("max_assets_per_connection", std::to_string(per_connection));
        h->set("verify_tls", "false");
        h->set("poll_interval", "100ms");
        h->set("ping_interval", "100ms");
        h->set("reconnect_min", "20ms");
        h->set("reconnect_max", "200ms");
        h->set_secret("POLYMARKET_PRIVATE_KEY", kKey);
        h->create();
        h->start();
    }
    bool wait(const std::function<bool()>& pred) {
        return rec.wait(*h, [&] {
            auto more = h->take<th_book>("books");
            books.insert(books.end(), more.begin(), more.end());
            return pred();
        }, std::chrono::seconds(20));
    }
    const th_book* last_book(const char* token) {
        const th_book* out = nullptr;
        const th_instrument id = h->intern(token);
        for (const auto& b : books)
            if (b.instrument == id) out = &b;
        return out;
    }
};

TEST_F(PolymarketMarket, BooksFromSnapshotsAndPriceChangesOneConnectionPerShard) {
    start(1);  // two tokens, one per connection
    ASSERT_TRUE(wait([&] { return last_book(kA) && last_book(kB); }));
    EXPECT_EQ(venue.market_subscriptions().size(), 2u);
    const th_book* a = last_book(kA);
    ASSERT_EQ(a->bid_count, 2);
    EXPECT_EQ(a->levels[0].px, tt::fx("0.49"));  // best bid first
    EXPECT_EQ(a->levels[2].px, tt::fx("0.52"));  // then the asks

    // price_change: 0.49 removed, 0.50 added on A; B's ask grows.
    venue.push_market(kA, std::string(R"({"market":"0xc0ffee01","price_changes":[)") +
                              R"({"asset_id":")" + kA + R"(","price":"0.49","size":"0","side":"BUY"},)" +
                              R"({"asset_id":")" + kA + R"(","price":"0.5","size":"7","side":"BUY"}],)" +
                              R"("timestamp":"1757908892351","event_type":"price_change"})");
    ASSERT_TRUE(wait([&] { return last_book(kA)->levels[0].px == tt::fx("0.5"); }));
    a = last_book(kA);
    EXPECT_EQ(a->bid_count, 2);
    EXPECT_EQ(a->levels[0].qty, tt::fx("7"));
    EXPECT_EQ(a->levels[1].px, tt::fx("0.48"));
}

TEST_F(PolymarketMarket, TradesTickChangesHeartbeatsAndReconnects) {
    start(500);
    ASSERT_TRUE(wait([&] { return last_book(kA) && last_book(kB); }));
    EXPECT_EQ(venue.market_subscriptions().size(), 1u);

    venue.push_market(kA, std::string(R"({"asset_id":")") + kA +
                              R"(","event_type":"last_trade_price","fee_rate_bps":"0","market":"0xc0ffee01",)"
                              R"("price":"0.5","side":"SELL","size":"12.5","timestamp":"1750428146322"})");
    ASSERT_TRUE(wait([&] { return !rec.trades.empty(); }));
    EXPECT_EQ(rec.trades[0].px, tt::fx("0.5"));
    EXPECT_EQ(rec.trades[0].qty, tt::fx("12.5"));
    EXPECT_EQ(rec.trades[0].aggressor, TH_SIDE_SELL);

    // Off the 0.01 tick, 0.555 is refused; after tick_size_change to 0.001 it is sent.
    ASSERT_TRUE(wait([&] { return rec.count_status(TH_VENUE_RECONCILED) >= 1; }));
    h->send("orders", tt::NewOrder(*h, kA, "before").buy().qty("10").limit("0.555").request());
    ASSERT_TRUE(wait([&] { return rec.count_reports("before", TH_EXEC_REJECTED) == 1; }));
    venue.push_market(kA, std::string(R"({"event_type":"tick_size_change","asset_id":")") + kA +
                              R"(","market":"0xc0ffee01","old_tick_size":"0.01","new_tick_size":"0.001","timestamp":"1"})");
    ASSERT_TRUE(wait([&] {
        auto info = h->instrument_info(h->intern(kA));
        return info && info->tick_size == tt::fx("0.001");
    }));
    // The double's market keeps its own tick: tell it too, as the exchange changed it.
    venue.add_market(kA, "0xc0ffee01", "0.001", "5", false);
    h->send("orders", tt::NewOrder(*h, kA, "after").buy().qty("10").limit("0.555").request());
    ASSERT_TRUE(wait([&] { return rec.count_reports("after", TH_EXEC_NEW) == 1; }));

    // The text heartbeat reaches the venue; a dropped connection is reported and resubscribed.
    ASSERT_TRUE(wait([&] { return venue.pings() >= 1; }));
    const std::size_t books_before = books.size();
    venue.drop_streams();
    ASSERT_TRUE(wait([&] { return rec.count_status(TH_VENUE_DISCONNECTED, "market channel") >= 1; }));
    ASSERT_TRUE(wait([&] { return rec.count_status(TH_VENUE_GAP, "market channel") >= 1 && books.size() >= books_before + 2; }));
    EXPECT_EQ(venue.market_subscriptions().size(), 1u);
}

TEST_F(PolymarketMarket, AResolvedMarketSettlesEachOfItsTokens) {
    start(500);
    ASSERT_TRUE(wait([&] { return last_book(kA) && last_book(kB); }));
    // The shape of market_resolved (custom_feature_enabled) in the market channel docs.
    venue.push_market("", std::string(R"({"event_type":"market_resolved","id":"0xc0ffee01","market":"0xc0ffee01",)") +
                              R"("assets_ids":[")" + kA + R"(",")" + kB + R"("],"winning_asset_id":")" + kB +
                              R"(","winning_outcome":"No","timestamp":"1776622526000"})");
    std::vector<th_settlement> settled;
    ASSERT_TRUE(wait([&] {
        auto more = h->take<th_settlement>("settlements");
        settled.insert(settled.end(), more.begin(), more.end());
        return settled.size() == 2;
    }));
    for (const auto& st : settled) {
        EXPECT_EQ(st.kind, TH_SETTLE_RESOLVED);
        EXPECT_EQ(st.price, st.instrument == h->intern(kB) ? tt::fx("1") : 0);
        EXPECT_STREQ(st.event_id, "0xc0ffee01");
        EXPECT_STREQ(st.text, "winner: No");
    }
}

TEST_F(PolymarketMarket, AFailedConnectIsADisconnectedStatus) {
    venue.add_market(kA, "0xc0ffee01", "0.01", "5", false);
    h = std::make_unique<tt::Harness>(PLUGIN_PATH);
    h->set("rest_url", venue.rest_url());
    h->set("market_ws_url", "ws://127.0.0.1:1/ws/market");  // nothing listens there
    h->set("user_ws_url", "");
    h->set_list("tokens", {kA});
    h->set("verify_tls", "false");
    h->set("reconnect_min", "20ms");
    h->set("reconnect_max", "100ms");
    h->set_secret("POLYMARKET_PRIVATE_KEY", kKey);
    h->create();
    h->start();
    ASSERT_TRUE(wait([&] { return rec.count_status(TH_VENUE_DISCONNECTED, "market channel 0") >= 1; }));
}

}  // namespace
