// betfair: the Exchange Stream API core: messages, the session state machine (subscribe
// timeout, heartbeat loss, connectionClosed, resume with clocks), the market cache (ladder
// deltas, best-offer levels, traded volume, images) and the order stream counted once with REST.
// Payloads are shaped as Betfair's ESA documentation shows them (read 2026-12-03).
#include "esa_cache.hpp"
#include "esa_orders.hpp"
#include "esa_protocol.hpp"
#include "esa_session.hpp"
#include "orders.hpp"

#include <tradehost/testing/venue.hpp>
#include <tradehost/venue/ledger.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace esa = tradehost::betfair::esa;
namespace bf = tradehost::betfair;
namespace venue = tradehost::venue;
using tradehost::testing::fx;
using namespace std::chrono_literals;

namespace {

using Clock = esa::Session::Clock;

nlohmann::json load(const char* name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return nlohmann::json::parse(ss.str());
}

esa::Message msg(const std::string& line) {
    std::string why;
    auto m = esa::parse(line, why);
    EXPECT_TRUE(m) << why;
    return m ? *m : esa::Message{};
}

nlohmann::json sent(const esa::Action& a) {
    EXPECT_GE(a.send.size(), 2u);
    EXPECT_EQ(a.send.substr(a.send.size() - 2), "\r\n");
    return nlohmann::json::parse(a.send);
}

/// Drives a market session to live: connected, authenticated, subscribed. Returns the
/// subscription line sent.
nlohmann::json go_live(esa::Session& s, Clock::time_point t) {
    bool apply = false;
    auto a = s.on_connected(t, "APPKEY", "TOKEN");
    auto auth = sent(a);
    EXPECT_EQ(auth["op"], "authentication");
    EXPECT_EQ(auth["appKey"], "APPKEY");
    EXPECT_EQ(auth["session"], "TOKEN");
    s.on_message(t, msg(R"({"op":"connection","connectionId":"002-051134157842-432409"})"), apply);
    a = s.on_message(t, msg(R"({"op":"status","id":)" + auth["id"].dump() +
                                R"(,"statusCode":"SUCCESS","connectionClosed":false})"),
                     apply);
    auto sub = sent(a);
    EXPECT_EQ(s.state(), esa::State::subscribing);
    s.on_message(t, msg(R"({"op":"status","id":)" + sub["id"].dump() + R"(,"statusCode":"SUCCESS"})"), apply);
    EXPECT_EQ(s.state(), esa::State::live);
    EXPECT_EQ(s.connection_id(), "002-051134157842-432409");
    return sub;
}

esa::SessionConfig market_cfg() {
    esa::SessionConfig c;
    c.market.market_ids = {"1.116734012"};
    c.market.heartbeat_ms = 500;
    c.market.conflate_ms = 0;
    c.subscribe_timeout = 50ms;
    return c;
}

}  // namespace

TEST(BetfairEsa, SubscriptionMessages) {
    esa::MarketSubscription sub;
    sub.market_ids = {"1.116734012"};
    sub.fields = {"EX_ALL_OFFERS", "EX_MARKET_DEF"};
    sub.heartbeat_ms = 5000;
    sub.conflate_ms = 250;
    auto j = nlohmann::json::parse(esa::market_subscription(2, sub, {}));
    EXPECT_EQ(j["op"], "marketSubscription");
    EXPECT_EQ(j["marketFilter"]["marketIds"][0], "1.116734012");
    EXPECT_EQ(j["marketDataFilter"]["fields"][0], "EX_ALL_OFFERS");
    EXPECT_EQ(j["heartbeatMs"], 5000);
    EXPECT_EQ(j["conflateMs"], 250);
    EXPECT_FALSE(j.contains("clk"));
    auto r = nlohmann::json::parse(esa::order_subscription(3, 1000, 0, {"AAA", "BBB"}));
    EXPECT_EQ(r["op"], "orderSubscription");
    EXPECT_EQ(r["initialClk"], "AAA");
    EXPECT_EQ(r["clk"], "BBB");

    std::string why;
    EXPECT_FALSE(esa::parse("{\"op\":", why));
    EXPECT_NE(why.find("not JSON at byte"), std::string::npos);
    EXPECT_FALSE(esa::parse("{\"id\":1}", why));
    EXPECT_EQ(why, "no op");
    auto m = esa::parse(R"({"op":"mcm","id":2,"ct":"HEARTBEAT","clk":"AAE=","pt":1764694805000,"con":true,"segmentType":"SEG_END"})", why);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->ct, esa::ChangeType::heartbeat);
    EXPECT_EQ(m->segment, esa::Segment::end);
    EXPECT_TRUE(m->conflated);
    EXPECT_EQ(m->pt_ms, 1764694805000);
}

TEST(BetfairEsa, LadderDeltasSizeZeroRemoves) {
    esa::MarketCache cache;
    auto img = nlohmann::json::parse(R"([{"id":"1.116734012","img":true,"tv":120,
      "marketDefinition":{"status":"OPEN","inPlay":false,"bettingType":"ODDS","eventId":"29620393","version":7,
        "runners":[{"id":47972,"status":"ACTIVE","sortPriority":1},{"id":47973,"status":"ACTIVE","sortPriority":2}]},
      "rc":[{"id":47972,"atb":[[2.5,10],[2.48,20.5]],"atl":[[2.52,7],[2.54,3]],"trd":[[2.5,100]],"ltp":2.5,"tv":100},
            {"id":47973,"batb":[[0,1.7,30],[1,1.69,12]],"batl":[[0,1.72,8]]}]}])");
    auto ch = cache.apply(img);
    EXPECT_TRUE(ch.errors.empty());
    ASSERT_EQ(ch.definitions.size(), 1u);
    const auto* m = cache.market("1.116734012");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->def.status, "OPEN");
    EXPECT_EQ(m->def.betting_type, "ODDS");
    EXPECT_EQ(m->def.runners.size(), 2u);
    EXPECT_EQ(m->tv, fx("120"));
    const auto* r = cache.runner("1.116734012", 47972);
    ASSERT_TRUE(r);
    // Available to back is the bid (best = highest odds), available to lay the ask.
    EXPECT_EQ(r->full.best_bid()->px, fx("2.5"));
    EXPECT_EQ(r->full.best_ask()->px, fx("2.52"));
    EXPECT_EQ(r->ltp, fx("2.5"));
    ASSERT_EQ(ch.runners.size(), 2u);
    EXPECT_TRUE(ch.runners[0].trades.empty()) << "an image's traded totals are not new trades";

    // A delta: the best back is taken (size 0), a lay level changes, 20 more traded at 2.5.
    ch = cache.apply(nlohmann::json::parse(R"([{"id":"1.116734012","rc":[{"id":47972,"atb":[[2.5,0]],"atl":[[2.52,9.5]],"trd":[[2.5,120]],"ltp":2.5},
      {"id":47973,"batb":[[0,1.7,0]],"batl":[[0,1.71,2]]}]}])"));
    EXPECT_TRUE(ch.errors.empty());
    r = cache.runner("1.116734012", 47972);
    EXPECT_EQ(r->full.size(venue::BookSide::bid), 1u);
    EXPECT_EQ(r->full.best_bid()->px, fx("2.48"));
    EXPECT_EQ(r->full.best_ask()->qty, fx("9.5"));
    ASSERT_EQ(ch.runners[0].trades.size(), 1u);
    EXPECT_EQ(ch.runners[0].trades[0].px, fx("2.5"));
    EXPECT_EQ(ch.runners[0].trades[0].qty, fx("20"));
    const auto* r2 = cache.runner("1.116734012", 47973);
    // batb level 0 emptied: level 1 (1.69) is now the best back.
    EXPECT_EQ(r2->best.best_bid()->px, fx("1.69"));
    EXPECT_EQ(r2->best.best_ask()->px, fx("1.71"));

    // A new image replaces, not merges.
    cache.apply(nlohmann::json::parse(R"([{"id":"1.116734012","img":true,"rc":[{"id":47972,"atb":[[3.0,1]]}]}])"));
    r = cache.runner("1.116734012", 47972);
    EXPECT_EQ(r->full.size(venue::BookSide::bid), 1u);
    EXPECT_TRUE(r->full.best_ask() == std::nullopt);
    EXPECT_FALSE(cache.runner("1.116734012", 47973));

    // Malformed parts are named, not fatal.
    ch = cache.apply(nlohmann::json::parse(R"([{"id":"1.116734012","rc":[{"id":47972,"atb":[[3.0]]}]},{"rc":[]}])"));
    ASSERT_EQ(ch.errors.size(), 2u);
    EXPECT_EQ(ch.errors[0], "mc[0].rc[0].atb[0]: expected [price,size]");
    EXPECT_EQ(ch.errors[1], "mc[1]: no market id");
}

TEST(BetfairEsa, ResumeWithClocksDoesNotReplay) {
    esa::Session s(market_cfg());
    esa::MarketCache cache;
    auto t = Clock::now();
    auto sub = go_live(s, t);
    EXPECT_FALSE(sub.contains("clk")) << "a first subscription asks for the full image";
    bool apply = false;
    auto image = msg(R"({"op":"mcm","id":2,"initialClk":"G1","clk":"C1","ct":"SUB_IMAGE","heartbeatMs":500,
      "mc":[{"id":"1.116734012","img":true,"rc":[{"id":47972,"atb":[[2.5,10]],"atl":[[2.52,7]]}]}]})");
    s.on_message(t, image, apply);
    ASSERT_TRUE(apply);
    cache.apply(image.body["mc"]);
    // A segmented delta: the clock of the middle segment is not a resume point.
    s.on_message(t, msg(R"({"op":"mcm","id":2,"clk":"C2-partial","segmentType":"SEG_START","mc":[]})"), apply);
    EXPECT_EQ(s.clocks().clk, "C1");
    s.on_message(t, msg(R"({"op":"mcm","id":2,"clk":"C2","segmentType":"SEG_END","mc":[]})"), apply);
    EXPECT_EQ(s.clocks().clk, "C2");
    EXPECT_EQ(s.clocks().initial_clk, "G1");

    // The connection drops; the next subscription carries the clocks.
    s.on_disconnected();
    auto sub2 = go_live(s, t + 1s);
    EXPECT_EQ(sub2["initialClk"], "G1");
    EXPECT_EQ(sub2["clk"], "C2");
    // The server answers with RESUB_DELTA: applied on top of the cache, which is kept.
    auto resub = msg(R"({"op":"mcm","id":2,"clk":"C3","ct":"RESUB_DELTA","mc":[{"id":"1.116734012","rc":[{"id":47972,"atl":[[2.54,4]]}]}]})");
    s.on_message(t + 1s, resub, apply);
    ASSERT_TRUE(apply);
    cache.apply(resub.body["mc"]);
    const auto* r = cache.runner("1.116734012", 47972);
    EXPECT_EQ(r->full.best_bid()->px, fx("2.5")) << "the image from before the drop is still there";
    EXPECT_EQ(r->full.size(venue::BookSide::ask), 2u);
    EXPECT_EQ(s.clocks().clk, "C3");
}

TEST(BetfairEsa, SubscribeTimeout) {
    esa::Session s(market_cfg());  // 50 ms instead of Betfair's 15 s
    auto t = Clock::now();
    s.on_connected(t, "APPKEY", "TOKEN");
    EXPECT_FALSE(s.on_tick(t + 49ms).reconnect);
    auto a = s.on_tick(t + 50ms);
    EXPECT_TRUE(a.reconnect);
    EXPECT_NE(a.reason.find("subscribe timeout"), std::string::npos) << a.reason;
    EXPECT_NE(a.reason.find("authenticating"), std::string::npos) << a.reason;
    EXPECT_EQ(s.state(), esa::State::disconnected);

    // Authenticated, but the subscription is never answered.
    bool apply = false;
    auto auth = sent(s.on_connected(t + 1s, "APPKEY", "TOKEN"));
    s.on_message(t + 1s, msg(R"({"op":"status","id":)" + auth["id"].dump() + R"(,"statusCode":"SUCCESS"})"), apply);
    EXPECT_EQ(s.state(), esa::State::subscribing);
    a = s.on_tick(t + 1s + 50ms);
    EXPECT_TRUE(a.reconnect);
    EXPECT_NE(a.reason.find("subscribing"), std::string::npos) << a.reason;
}

TEST(BetfairEsa, HeartbeatLoss) {
    esa::Session s(market_cfg());
    auto t = Clock::now();
    go_live(s, t);
    EXPECT_EQ(s.heartbeat_gap(), 1500ms);  // 3 x heartbeatMs
    bool apply = true;
    s.on_message(t + 1400ms, msg(R"({"op":"mcm","id":2,"ct":"HEARTBEAT","clk":"C9"})"), apply);
    EXPECT_FALSE(apply) << "a heartbeat carries no changes";
    EXPECT_EQ(s.clocks().clk, "C9");
    EXPECT_FALSE(s.on_tick(t + 2800ms).reconnect) << "the heartbeat restarted the gap";
    auto a = s.on_tick(t + 2900ms);
    EXPECT_TRUE(a.reconnect);
    EXPECT_NE(a.reason.find("heartbeat lost"), std::string::npos) << a.reason;
}

TEST(BetfairEsa, ConnectionClosedAndErrorCodes) {
    auto t = Clock::now();
    bool apply = false;
    {
        esa::Session s(market_cfg());
        go_live(s, t);
        auto a = s.on_message(t, msg(R"({"op":"status","statusCode":"FAILURE","errorCode":"TIMEOUT",
            "errorMessage":"Connection is not subscribed and is idle: 15000 ms","connectionClosed":true})"), apply);
        EXPECT_TRUE(a.reconnect);
        EXPECT_FALSE(a.stop);
        EXPECT_NE(a.reason.find("TIMEOUT"), std::string::npos);
        EXPECT_NE(a.reason.find("connectionClosed"), std::string::npos);
    }
    for (const char* code : {"NO_APP_KEY", "SUBSCRIPTION_LIMIT_EXCEEDED"}) {
        esa::Session s(market_cfg());
        auto auth = sent(s.on_connected(t, "APPKEY", "TOKEN"));
        auto a = s.on_message(t, msg(std::string(R"({"op":"status","id":)") + auth["id"].dump() +
                                     R"(,"statusCode":"FAILURE","errorCode":")" + code + R"(","connectionClosed":true})"),
                              apply);
        EXPECT_TRUE(a.stop) << code << ": a reconnect cannot fix it";
        EXPECT_EQ(s.state(), esa::State::stopped);
        EXPECT_TRUE(s.on_connected(t, "APPKEY", "TOKEN").send.empty());
    }
    {
        // A stale session token: reconnect (with a fresh login), do not stop.
        esa::Session s(market_cfg());
        auto auth = sent(s.on_connected(t, "APPKEY", "OLD"));
        auto a = s.on_message(t, msg(R"({"op":"status","id":)" + auth["id"].dump() +
                                     R"(,"statusCode":"FAILURE","errorCode":"INVALID_SESSION_INFORMATION","connectionClosed":true})"),
                              apply);
        EXPECT_TRUE(a.reconnect);
        EXPECT_FALSE(a.stop);
    }
    {
        // A clock the server no longer knows: the next subscription asks for a full image.
        esa::Session s(market_cfg());
        go_live(s, t);
        s.on_message(t, msg(R"({"op":"mcm","id":2,"initialClk":"G1","clk":"C1","ct":"SUB_IMAGE","mc":[]})"), apply);
        s.on_message(t, msg(R"({"op":"status","id":2,"statusCode":"FAILURE","errorCode":"INVALID_CLOCK","connectionClosed":true})"), apply);
        EXPECT_TRUE(s.clocks().empty());
        auto sub = go_live(s, t);
        EXPECT_FALSE(sub.contains("clk"));
    }
}

TEST(BetfairEsa, MatchedOnStreamAndRestCountedOnce) {
    // Bet 31242604945 (ours, "c1"): 4 of 10 matched at 2.5, seen on the order stream and
    // again in listCurrentOrders.
    auto ocm = load("esa_ocm.json");
    auto ch = esa::apply_ocm(ocm["oc"]);
    ASSERT_TRUE(ch.errors.empty());
    ASSERT_EQ(ch.bets.size(), 1u);
    const bf::BetState& streamed = ch.bets[0];
    EXPECT_EQ(streamed.side, "BACK");
    EXPECT_EQ(streamed.status, "EXECUTABLE");
    EXPECT_EQ(streamed.customer_order_ref, "c1");
    ASSERT_EQ(ch.positions.size(), 1u);
    EXPECT_EQ(ch.positions[0].symbol, "1.116734012:47972");
    EXPECT_EQ(ch.positions[0].matched_backs.size(), 1u);

    auto listed = load("listCurrentOrders.json");
    const bf::BetState rest = bf::current_order(listed["currentOrders"][0]);
    ASSERT_EQ(rest.bet_id, streamed.bet_id);

    for (bool stream_first : {true, false}) {
        venue::Ledger ledger;
        venue::LedgerOrder o;
        o.client_order_id = "c1";
        o.order_qty = fx("10");
        ASSERT_TRUE(ledger.add_order(o));
        ledger.set_venue_id("c1", "31242604945");
        int counted = 0;
        for (const bf::BetState* b : stream_first ? std::vector{&streamed, &rest} : std::vector{&rest, &streamed}) {
            const auto* lo = ledger.order("c1");
            auto f = bf::fill_update(*b, lo->cum_qty, lo->notional);
            if (!f) continue;
            EXPECT_EQ(f->fill_id, "31242604945:4");
            if (ledger.record_fill(f->fill_id, f->ts_ns, "c1", f->px, f->qty)) ++counted;
        }
        EXPECT_EQ(counted, 1);
        EXPECT_EQ(ledger.order("c1")->cum_qty, fx("4"));
    }
    // The order update from the stream says what REST says.
    EXPECT_EQ(bf::order_update(streamed).status, bf::order_update(rest).status);
}
