// The syndicate plugin through the SDK harness: fills and settlements booked into the
// ledger once each, across a restart, with bets priced as stakes.
#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "temp_files.hpp"
#include "ledger.hpp"

using tradehost::testing::Harness;
namespace fs = std::filesystem;

namespace {

using syndicate::test::fresh_db;

constexpr int64_t F = TH_FIXED_SCALE;

th_fill fill(Harness& h, const char* symbol, th_side side, int64_t px, int64_t qty, const char* id) {
    th_fill f = tradehost::make_event<th_fill>(1764633600LL * 1000000000);  // 2025-12-02
    f.instrument = h.intern(symbol);
    f.side = static_cast<uint8_t>(side);
    f.px = px;
    f.qty = qty;
    std::snprintf(f.fill_id, sizeof f.fill_id, "%s", id);
    return f;
}

void start(Harness& h, const std::string& db) {
    h.set("db", db);
    h.set("bootstrap_member", "house");
    h.set("bootstrap_amount", "10000");
    h.create();
    h.start();
}

}  // namespace

TEST(SyndicatePlugin, BooksClosingFillsAndSettlementsOnceAcrossARestart) {
    const std::string db = fresh_db("restart");
    {
        Harness h(PLUGIN_PATH);
        start(h, db);
        ASSERT_EQ(h.send("fills", fill(h, "AAPL", TH_SIDE_BUY, 100 * F, 10 * F, "f1")), TH_OK);
        ASSERT_EQ(h.send("fills", fill(h, "AAPL", TH_SIDE_SELL, 110 * F, 4 * F, "f2")), TH_OK);  // +40.00
        h.stop();
        h.destroy();
    }
    Harness h(PLUGIN_PATH);  // a new session on the same ledger
    start(h, db);
    // the venue re-sends f2 after the restart: not booked again
    ASSERT_EQ(h.send("fills", fill(h, "AAPL", TH_SIDE_SELL, 110 * F, 4 * F, "f2")), TH_OK);
    EXPECT_EQ(h.metric("duplicates"), 1);
    // the open 6 AAPL kept their cost across the restart: sell them at 90.00, -60.00
    ASSERT_EQ(h.send("fills", fill(h, "AAPL", TH_SIDE_SELL, 90 * F, 6 * F, "f3")), TH_OK);
    // a back bet of 50.00 at 3.2 that wins
    th_instrument_info info{};
    info.asset_class = TH_ASSET_BETTING_SELECTION;
    h.set_instrument_info(h.intern("MATCH-1:HOME"), info);
    ASSERT_EQ(h.send("fills", fill(h, "MATCH-1:HOME", TH_SIDE_BUY, 320 * F / 100, 50 * F, "b1")), TH_OK);
    th_settlement s = tradehost::make_event<th_settlement>(1764633600LL * 1000000000);
    s.instrument = h.intern("MATCH-1:HOME");
    s.kind = TH_SETTLE_BET_RESULT;
    s.price = 320 * F / 100;
    std::snprintf(s.event_id, sizeof s.event_id, "MATCH-1");
    ASSERT_EQ(h.send("settlements", s), TH_OK);
    ASSERT_EQ(h.send("settlements", s), TH_OK);  // twice: once booked
    h.stop();
    h.destroy();

    syndicate::Ledger l(db);
    // 10,000.00 + 40.00 - 60.00 + 110.00
    EXPECT_EQ(l.pool().nav, 1009000);
    int pnl_entries = 0;
    for (const auto& e : l.entries())
        if (e.kind == "pnl") ++pnl_entries;
    EXPECT_EQ(pnl_entries, 3);
}

TEST(SyndicatePlugin, ABadLedgerPathFailsCreate) {
    Harness h(PLUGIN_PATH);
    h.set("db", "/nonexistent-dir/pool.db");
    try {
        h.create();
        FAIL() << "created";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("db: /nonexistent-dir/pool.db"), std::string::npos) << e.what();
    }
}

// A fantasy contest as fantasy_scoring settles it: one fill per entry (1 unit at the entry
// fee), one settlement per entry (price: its payout). By hand: three $5.00 entries paid
// 35.00, 10.00 and 0.00: 45.00 - 15.00 = +30.00.
TEST(SyndicatePlugin, BooksAContestsEntriesAgainstTheirPayouts) {
    const std::string db = fresh_db("contest");
    Harness h(PLUGIN_PATH);
    start(h, db);
    const char* entries[] = {"DK:entry:3100000001", "DK:entry:3100000002", "DK:entry:3100000003"};
    const int64_t payout[] = {35 * F, 10 * F, 0};
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(h.send("fills", fill(h, entries[i], TH_SIDE_BUY, 5 * F, F, (std::string("entry-") + entries[i]).c_str())), TH_OK);
    {
        syndicate::Ledger mid(db);
        EXPECT_EQ(mid.pool().nav, 1000000);        // entries bought: cash became positions at cost
        EXPECT_EQ(mid.open_cost(), 1500);
    }
    for (int i = 0; i < 3; ++i) {
        th_settlement s = tradehost::make_event<th_settlement>(1764633600LL * 1000000000);
        s.instrument = h.intern(entries[i]);
        s.kind = TH_SETTLE_BET_RESULT;
        s.price = payout[i];
        std::snprintf(s.event_id, sizeof s.event_id, "170000001");
        ASSERT_EQ(h.send("settlements", s), TH_OK);
    }
    h.stop();
    h.destroy();
    syndicate::Ledger l(db);
    EXPECT_EQ(l.pool().nav, 1003000);  // 10,000.00 + 30.00
    EXPECT_EQ(l.open_cost(), 0);
    syndicate::Cents pnl = 0;
    for (const auto& e : l.entries())
        if (e.kind == "pnl") pnl += e.amount;
    EXPECT_EQ(pnl, 3000);  // +30.00, -5.00, -5.00
}

// Marks to market, by hand:
//   house 10,000.00 = 10,000 units; buys 100 AAPL at 50.00 (cost 5,000.00): NAV 10,000.00 at cost
//   quote 54.90 / 55.10: mid 55.00, marked +500.00: NAV 10,500.00, 1.05 a unit
//   Ben contributes 2,100.00 at 1.05: 2,000 units (at cost he would get 2,100 and take 47.62 of
//   the house's gain); NAV 12,600.00, 12,000 units
//   sell 100 at 55.00: +500.00 realised; NAV 12,600.00 at cost and marked: still 1.05
//   bankroll (total / available): 10,000/10,000, then 10,000/5,000, 10,500/5,000,
//   12,600/7,100, 12,600/12,600
TEST(SyndicatePlugin, OpenPositionsAreMarkedSoALateMemberBuysInAtTheirValue) {
    const std::string db = fresh_db("marks");
    Harness h(PLUGIN_PATH);
    start(h, db);
    ASSERT_EQ(h.send("fills", fill(h, "AAPL", TH_SIDE_BUY, 50 * F, 100 * F, "m1")), TH_OK);
    {
        syndicate::Ledger before(db);  // no quote yet: at cost
        EXPECT_EQ(before.unrealised(), 0);
        EXPECT_EQ(before.marked_nav(), 1000000);
    }
    th_quote q = tradehost::make_event<th_quote>(h.now());
    q.instrument = h.intern("AAPL");
    q.bid_px = 5490 * F / 100;
    q.ask_px = 5510 * F / 100;
    q.bid_qty = q.ask_qty = 100 * F;
    ASSERT_EQ(h.send("quotes", q), TH_OK);
    h.advance(1000000000);  // the interval: the mark goes to the ledger
    EXPECT_EQ(h.metric("marks"), 1);
    {
        syndicate::Ledger tool(db);  // `tradehost syndicate contribute`, another process
        EXPECT_EQ(tool.unrealised(), 50000);
        EXPECT_EQ(tool.marked_nav(), 1050000);
        tool.add_member("Ben", "member", 0, "2026-12-02");
        EXPECT_EQ(tool.contribute("Ben", 210000, "2026-12-02"), 2000 * syndicate::kUnit);
        const auto rows = tool.entries();
        EXPECT_EQ(rows.back().unrealised, 50000);  // the trail says at what marks he bought
    }
    h.advance(1000000000);  // the plugin reads Ben's entry
    ASSERT_EQ(h.send("fills", fill(h, "AAPL", TH_SIDE_SELL, 55 * F, 100 * F, "m2")), TH_OK);
    const auto b = h.take<th_balance>("bankroll");
    h.stop();
    h.destroy();

    syndicate::Ledger l(db);
    EXPECT_EQ(l.pool().nav, 1260000);
    EXPECT_EQ(l.marked_nav(), 1260000);
    EXPECT_EQ(l.pool().units, 12000 * syndicate::kUnit);
    EXPECT_EQ(l.members().at("Ben").units, 2000 * syndicate::kUnit);

    const int64_t C = F / 100;
    const std::vector<std::pair<int64_t, int64_t>> want = {
        {1000000 * C, 1000000 * C}, {1000000 * C, 500000 * C}, {1050000 * C, 500000 * C},
        {1260000 * C, 710000 * C}, {1260000 * C, 1260000 * C}};
    ASSERT_EQ(b.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(b[i].total, want[i].first) << i;
        EXPECT_EQ(b[i].available, want[i].second) << i;
        EXPECT_STREQ(b[i].currency, "USD");
    }
}

TEST(SyndicatePlugin, BetsAreNotMarkedByQuotes) {
    const std::string db = fresh_db("betmarks");
    Harness h(PLUGIN_PATH);
    start(h, db);
    th_instrument_info info{};
    info.asset_class = TH_ASSET_BETTING_SELECTION;
    h.set_instrument_info(h.intern("MATCH-2:AWAY"), info);
    ASSERT_EQ(h.send("fills", fill(h, "MATCH-2:AWAY", TH_SIDE_BUY, 250 * F / 100, 40 * F, "b9")), TH_OK);
    th_quote q = tradehost::make_event<th_quote>(h.now());
    q.instrument = h.intern("MATCH-2:AWAY");
    q.bid_px = 2 * F;
    q.ask_px = 210 * F / 100;
    ASSERT_EQ(h.send("quotes", q), TH_OK);
    h.advance(1000000000);
    EXPECT_EQ(h.metric("marks"), 0);
    h.stop();
    h.destroy();
    syndicate::Ledger l(db);
    EXPECT_EQ(l.unrealised(), 0);  // the stake counts at cost until the bet settles
    EXPECT_EQ(l.open_cost(), 4000);
}
