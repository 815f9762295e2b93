// betfair: bets as orders, the transaction counter and the error table, as pure functions on
// payloads shaped as the API-NG reference documents them (test_data/).
#include "errors.hpp"
#include "orders.hpp"
#include "tx_counter.hpp"

#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace bf = tradehost::betfair;
namespace venue = tradehost::venue;
using tradehost::testing::fx;

namespace {

nlohmann::json load(const char* name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return nlohmann::json::parse(ss.str());
}

}  // namespace

TEST(BetfairOrders, SelectionSymbols) {
    std::string why;
    auto s = bf::parse_selection("1.116734012:47972", why);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->market_id, "1.116734012");
    EXPECT_EQ(s->selection_id, 47972);
    EXPECT_EQ(s->handicap, 0);
    auto ah = bf::parse_selection("1.2:47972:-0.25", why);
    ASSERT_TRUE(ah);
    EXPECT_EQ(ah->handicap, -fx("0.25"));
    EXPECT_EQ(bf::symbol_of(*ah), "1.2:47972:-0.25");
    EXPECT_FALSE(bf::parse_selection("AAPL", why));
    EXPECT_FALSE(bf::parse_selection("1.2:abc", why));
    EXPECT_NE(why.find("selection id"), std::string::npos);
}

TEST(BetfairOrders, PlaceParamsAreALimitInstruction) {
    bf::BetRequest b;
    std::string why;
    b.sel = *bf::parse_selection("1.116734012:47972", why);
    b.side = TH_SIDE_SELL;
    b.price = fx("2.5");
    b.size = fx("10");
    b.customer_order_ref = "c1";
    b.customer_strategy_ref = "tradehost";
    const auto p = bf::place_params(b);
    EXPECT_EQ(p["marketId"], "1.116734012");
    EXPECT_EQ(p["customerRef"], "c1");
    EXPECT_EQ(p["customerStrategyRef"], "tradehost");
    const auto& in = p["instructions"][0];
    EXPECT_EQ(in["side"], "LAY");
    EXPECT_EQ(in["orderType"], "LIMIT");
    EXPECT_EQ(in["selectionId"], 47972);
    EXPECT_EQ(in["customerOrderRef"], "c1");
    EXPECT_EQ(in["limitOrder"]["persistenceType"], "LAPSE");
    EXPECT_EQ(in["limitOrder"]["price"].dump(), "2.5");
    EXPECT_EQ(in["limitOrder"]["size"].dump(), "10");
    b.persist = true;
    EXPECT_EQ(bf::place_params(b)["instructions"][0]["limitOrder"]["persistenceType"], "PERSIST");
    b.fill_or_kill = true;
    const auto fok = bf::place_params(b)["instructions"][0]["limitOrder"];
    EXPECT_EQ(fok["timeInForce"], "FILL_OR_KILL");
    EXPECT_FALSE(fok.contains("persistenceType"));  // TIME_IN_FORCE_CONFLICT otherwise
}

TEST(BetfairOrders, CurrentOrdersBecomeUpdatesAndFills) {
    const auto j = load("listCurrentOrders.json");
    const auto a = bf::current_order(j["currentOrders"][0]);
    EXPECT_EQ(a.bet_id, "31242604945");
    EXPECT_EQ(a.size_matched, fx("4"));
    EXPECT_EQ(a.avg_price_matched, fx("2.5"));
    const auto ua = bf::order_update(a);
    EXPECT_EQ(ua.status, TH_STATUS_PARTIALLY_FILLED);
    EXPECT_EQ(ua.client_order_id, "c1");
    auto f = bf::fill_update(a, 0, 0);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->fill_id, "31242604945:4");
    EXPECT_EQ(f->qty, fx("4"));
    EXPECT_EQ(f->px, fx("2.5"));
    EXPECT_FALSE(bf::fill_update(a, fx("4"), fx("10")));  // nothing new

    const auto b = bf::current_order(j["currentOrders"][1]);
    const auto ub = bf::order_update(b);
    EXPECT_EQ(ub.status, TH_STATUS_EXPIRED);  // lapsed at in-play
    EXPECT_EQ(ub.reason, "lapsed");
    EXPECT_FALSE(bf::fill_update(b, 0, 0));
}

TEST(BetfairOrders, ASecondMatchIsPricedFromTheAverage) {
    // 4 matched at 2.5 (notional 10), then the average says 10 matched at 2.8 (notional 28):
    // the 6 new are at (28 - 10) / 6 = 3.
    bf::BetState s;
    s.bet_id = "1";
    s.status = "EXECUTABLE";
    s.size = fx("10");
    s.size_matched = fx("10");
    s.avg_price_matched = fx("2.8");
    auto f = bf::fill_update(s, fx("4"), fx("10"));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->qty, fx("6"));
    EXPECT_EQ(f->px, fx("3"));
    EXPECT_EQ(f->fill_id, "1:10");
    EXPECT_EQ(f->order_cum_qty, fx("10"));
}

TEST(BetfairOrders, ClearedOrders) {
    nlohmann::json settled = {{"betId", "7"}, {"marketId", "1.5"}, {"selectionId", 1}, {"side", "LAY"},
                              {"priceRequested", 3.0}, {"priceMatched", 3.0}, {"sizeSettled", 5.0},
                              {"betOutcome", "WON"}, {"profit", 5.0}, {"customerOrderRef", "x"}};
    const auto s = bf::cleared_order(settled, "SETTLED");
    EXPECT_TRUE(s.settled);
    EXPECT_EQ(s.size_matched, fx("5"));
    EXPECT_EQ(bf::order_update(s).status, TH_STATUS_FILLED);
    EXPECT_EQ(s.profit, fx("5"));
    const auto l = bf::cleared_order({{"betId", "8"}, {"sizeCancelled", 2.0}}, "LAPSED");
    EXPECT_EQ(bf::order_update(l).status, TH_STATUS_EXPIRED);
    EXPECT_EQ(bf::order_update(bf::cleared_order({{"betId", "9"}}, "CANCELLED")).status, TH_STATUS_CANCELED);
}

TEST(BetfairTransactions, CountsPerCalendarHourAndRefusesPastTheLimit) {
    bf::TransactionCounter tx(3);
    const int64_t t0 = 1796230800;  // 2026-12-02 17:00:00 UTC, an hour's start
    EXPECT_EQ(bf::TransactionCounter::hour_of(t0 + 3599), bf::TransactionCounter::hour_of(t0));
    tx.add(2, t0 + 10);
    EXPECT_TRUE(tx.allows(1, t0 + 20));
    tx.add(1, t0 + 20);
    EXPECT_FALSE(tx.allows(1, t0 + 3599));
    EXPECT_EQ(tx.refusal(1, t0 + 30),
              "rejected locally: hourly transaction limit 3 reached (3 used this hour, 1 more asked; Betfair charges past 5000 an hour)");
    EXPECT_TRUE(tx.allows(3, t0 + 3600));  // 18:00:00: a new hour
    EXPECT_EQ(tx.used(t0 + 3600), 0u);
    bf::TransactionCounter back(3);
    ASSERT_TRUE(back.from_text(tx.to_text()));
    EXPECT_EQ(back.used(t0 + 100), 3u);
    EXPECT_FALSE(back.from_text("garbage"));
}

TEST(BetfairErrors, DocumentedCodesMapToUnifiedKinds) {
    using K = venue::ErrorKind;
    const auto& t = bf::error_table();
    EXPECT_EQ(venue::classify(t, 200, "INVALID_ODDS", ""), K::invalid_request);
    EXPECT_EQ(venue::classify(t, 200, "INSUFFICIENT_FUNDS", ""), K::insufficient_funds);
    EXPECT_EQ(venue::classify(t, 200, "DUPLICATE_TRANSACTION", ""), K::duplicate_order);
    EXPECT_EQ(venue::classify(t, 200, "INVALID_BET_ID", ""), K::unknown_order);
    EXPECT_EQ(venue::classify(t, 200, "BET_IN_PROGRESS", ""), K::server);
    EXPECT_EQ(venue::classify(t, 200, "TOO_MANY_REQUESTS", ""), K::rate_limited);
    EXPECT_EQ(venue::classify(t, 200, "TEMPORARY_BAN_TOO_MANY_REQUESTS", ""), K::banned);
    EXPECT_EQ(venue::classify(t, 200, "INVALID_USERNAME_OR_PASSWORD", ""), K::auth);
    EXPECT_EQ(venue::classify(t, 200, "INVALID_SESSION_INFORMATION", ""), K::auth);
    EXPECT_TRUE(bf::session_lost("NO_SESSION"));
    EXPECT_FALSE(bf::session_lost("INVALID_ODDS"));
    // A FAILURE report: the instruction's code is the one that says why.
    const auto j = load("placeOrders_invalid_odds.json");
    EXPECT_EQ(j["instructionReports"][0]["errorCode"], "INVALID_ODDS");
}
