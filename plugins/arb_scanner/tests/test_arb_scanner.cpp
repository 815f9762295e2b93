// The arb_scanner plugin through the harness: a binary market found from the instruments'
// metadata group, reported once until it changes; fees from the venue's entry; a neg-risk
// event of three outcomes named in config; a stale leg and a venue outage suppress it; a
// group larger than group_outcomes is never scanned; bad config items are named; and end to
// end with the paper venue, whose FOK fills of both legs lock the computed profit.
#include "settings.hpp"

#include <tradehost/testing/harness.hpp>

#include "book_events.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using tradehost::testing::Harness;

namespace {

constexpr int64_t kSec = 1000000000;
const th_time_ns T0 = 1700000000000000000;

using tradehost::test_books::fx;
using tradehost::test_books::Levels;
using tradehost::test_books::make_book;

th_instrument_info outcome(const char* venue, const char* group) {
    th_instrument_info info;
    std::memset(&info, 0, sizeof info);
    info.size = sizeof info;
    info.asset_class = TH_ASSET_PREDICTION_OUTCOME;
    info.tick_size = fx("0.01");
    tradehost::copy_str(info.venue, venue);
    tradehost::copy_str(info.group, group);
    return info;
}

const Levels kYesAsks = {{"0.40", "100"}, {"0.45", "50"}};
const Levels kNoAsks = {{"0.55", "30"}, {"0.58", "200"}};

class ArbScannerTest : public ::testing::Test {
protected:
    void make(const std::vector<std::pair<std::string, std::string>>& cfg = {},
              const std::vector<std::pair<std::string, std::vector<std::string>>>& lists = {}) {
        h = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& [k, v] : cfg) h->set(k, v);
        for (const auto& [k, v] : lists) h->set_list(k, v);
        yes = h->intern("M1-YES");
        no = h->intern("M1-NO");
        h->set_instrument_info(yes, outcome("polymarket", "M1"));
        h->set_instrument_info(no, outcome("polymarket", "M1"));
        h->set_now(T0);
        h->create();
        h->start();
    }
    void book(th_instrument inst, th_time_ns ts, const Levels& asks, const Levels& bids = {{"0.10", "5"}}) {
        const th_book b = make_book(inst, ts, bids, asks);
        ASSERT_EQ(h->send("books", b.hdr), TH_OK) << h->last_error();
    }
    std::vector<th_signal> signals() { return h->take<th_signal>("signals"); }

    std::unique_ptr<Harness> h;
    th_instrument yes = 0, no = 0;
};

}  // namespace

TEST_F(ArbScannerTest, BinaryMarketFromTheMetadataGroupOnce) {
    make();
    book(yes, T0, kYesAsks);
    EXPECT_TRUE(signals().empty());  // one leg only
    book(no, T0 + 1, kNoAsks);
    auto s = signals();
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].instrument, yes);
    EXPECT_EQ(s[1].instrument, no);
    EXPECT_NEAR(s[0].value, 0.029, 1e-12);  // 2.9 over 100 sets
    EXPECT_EQ(s[0].strength, 1.0);
    EXPECT_STREQ(s[0].name, "arb:M1");
    // The same books again: not reported twice.
    book(no, T0 + 2, kNoAsks);
    EXPECT_TRUE(signals().empty());
    // NO's second level thins to 20: the size changes (50 sets), reported again.
    book(no, T0 + 3, {{"0.55", "30"}, {"0.58", "20"}});
    EXPECT_EQ(signals().size(), 2u);
    // Gone (NO at 0.61) and back: reported again.
    book(no, T0 + 4, {{"0.61", "100"}});
    EXPECT_TRUE(signals().empty());
    book(no, T0 + 5, {{"0.55", "30"}, {"0.58", "20"}});
    EXPECT_EQ(signals().size(), 2u);
    EXPECT_EQ(h->metric("opportunities"), 3);
}

TEST_F(ArbScannerTest, TakerFeesOfTheLegsVenue) {
    make({}, {{"taker_fees", {"polymarket 0.1 1", "* 0.5"}}});
    book(yes, T0, kYesAsks);
    book(no, T0 + 1, kNoAsks);
    auto s = signals();
    ASSERT_EQ(s.size(), 2u);
    EXPECT_NEAR(s[0].value, 0.0375 / 30, 1e-12);  // 30 sets, profit 0.0375 (test_depth_walk)
}

TEST_F(ArbScannerTest, NegRiskEventNamedInConfig) {
    make({{"group_outcomes", "0"}}, {{"sets", {"ELECTION: E-A E-B E-C"}}});
    const th_instrument a = h->intern("E-A"), b = h->intern("E-B"), c = h->intern("E-C");
    book(a, T0, {{"0.30", "50"}});
    book(b, T0, {{"0.33", "40"}, {"0.34", "100"}});
    EXPECT_TRUE(signals().empty());
    book(c, T0, {{"0.32", "60"}});
    auto s = signals();
    ASSERT_EQ(s.size(), 3u);
    EXPECT_NEAR(s[0].value, 2.4 / 50, 1e-12);
    EXPECT_STREQ(s[0].name, "arb:ELECTION");
    // The binary group M1 is not scanned with group_outcomes 0.
    book(yes, T0, kYesAsks);
    book(no, T0, kNoAsks);
    EXPECT_TRUE(signals().empty());
}

TEST_F(ArbScannerTest, AStaleLegIsNotUsed) {
    make({{"max_book_age", "5s"}});
    book(yes, T0, kYesAsks);
    book(no, T0 + 6 * kSec, kNoAsks);  // YES last updated 6 s of event time before
    EXPECT_TRUE(signals().empty());
    EXPECT_GE(h->metric("stale_skips"), 1);
    book(yes, T0 + 7 * kSec, kYesAsks);
    EXPECT_EQ(signals().size(), 2u);
}

TEST_F(ArbScannerTest, AVenueOutageSuppressesIt) {
    make();
    th_venue_status st = tradehost::make_event<th_venue_status>(T0);
    st.state = TH_VENUE_GAP;
    tradehost::copy_str(st.venue, "polymarket");
    ASSERT_EQ(h->send("status", st), TH_OK);
    book(yes, T0, kYesAsks);
    book(no, T0, kNoAsks);
    EXPECT_TRUE(signals().empty());
    st.state = TH_VENUE_RECONCILED;
    ASSERT_EQ(h->send("status", st), TH_OK);
    book(no, T0 + 1, kNoAsks);
    EXPECT_EQ(signals().size(), 2u);
}

// The host cannot list a group's members, so two outcomes of a group are trusted to be the
// whole binary market (the adapter's group is the market); a third showing up proves that
// wrong, and from then on the group is never scanned again.
TEST_F(ArbScannerTest, AGroupWithMoreOutcomesThanConfiguredIsNeverScannedAgain) {
    make();
    book(yes, T0, kYesAsks);
    book(no, T0, kNoAsks);
    EXPECT_EQ(signals().size(), 2u);
    const th_instrument maybe = h->intern("M1-MAYBE");
    h->set_instrument_info(maybe, outcome("polymarket", "M1"));
    book(maybe, T0 + 1, {{"0.01", "100"}});
    EXPECT_EQ(h->metric("oversized_groups"), 1);
    book(no, T0 + 2, {{"0.50", "100"}});
    EXPECT_TRUE(signals().empty());
}

TEST_F(ArbScannerTest, OrdersForEachLeg) {
    make({{"output", "orders"}, {"order_tif", "ioc"}});
    book(yes, T0, kYesAsks);
    book(no, T0, kNoAsks);
    EXPECT_TRUE(signals().empty());
    const auto o = h->take<th_order_request>("orders");
    ASSERT_EQ(o.size(), 2u);
    EXPECT_EQ(o[0].instrument, yes);
    EXPECT_EQ(o[0].limit_px, fx("0.40"));
    EXPECT_EQ(o[1].limit_px, fx("0.58"));
    for (const auto& r : o) {
        EXPECT_EQ(r.side, TH_SIDE_BUY);
        EXPECT_EQ(r.qty, fx("100"));
        EXPECT_EQ(r.tif, TH_TIF_IOC);
        EXPECT_EQ(r.order_type, TH_ORDER_LIMIT);
    }
    // Under the kill switch a new opportunity is logged, not traded.
    h->set_kill_switch(true);
    book(no, T0 + 1, {{"0.55", "30"}});
    EXPECT_TRUE(h->take<th_order_request>("orders").empty());
    EXPECT_EQ(h->metric("skipped_kill_switch"), 1);
}

TEST_F(ArbScannerTest, MinProfitAndMinSize) {
    make({{"min_profit", "3"}});
    book(yes, T0, kYesAsks);
    book(no, T0, kNoAsks);
    EXPECT_TRUE(signals().empty());  // 2.9 < 3
    make({{"min_size", "150"}});
    book(yes, T0, kYesAsks);
    book(no, T0, kNoAsks);
    EXPECT_TRUE(signals().empty());  // 100 sets < 150
}

TEST(ArbScannerConfig, BadItemsAreNamed) {
    using namespace tradehost::arb_scanner;
    auto message = [](auto f) {
        try {
            f();
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message([] { parse_set("E: A", 1); }), "sets[1] 'E: A': a set needs at least 2 outcomes");
    EXPECT_EQ(message([] { parse_set("A B C", 0); }), "sets[0] 'A B C': expected 'NAME: SYMBOL SYMBOL ...'");
    EXPECT_EQ(message([] { parse_set("E: A A", 0); }), "sets[0] 'E: A A': A listed twice");
    EXPECT_NE(message([] { parse_fee("polymarket", 2); }).find("taker_fees[2] 'polymarket': expected 'VENUE RATE"),
              std::string::npos);
    EXPECT_EQ(message([] { parse_fee("pm 0.02 9", 0); }), "taker_fees[0] 'pm 0.02 9': EXPONENT must be 1..4");
    EXPECT_EQ(message([] { parse_fee("pm 0.02 1 x", 0); }), "taker_fees[0] 'pm 0.02 1 x': unexpected 'x'");
    const auto f = parse_fee("* 0.03 2", 0);
    EXPECT_EQ(f.first, "");
    EXPECT_EQ(f.second.rate, 0.03);
    EXPECT_EQ(f.second.exponent, 2);
    Harness h(PLUGIN_PATH);
    h.set("output", "trades");
    EXPECT_THROW(h.create(), std::exception);
}

#ifdef PAPER_PLUGIN_PATH
// End to end: the scanner's FOK orders go to the paper venue, which walks the same books and
// fills both legs: 100 YES for 40.00 and 100 NO for 57.10, 97.10 for sets that pay 100.
TEST_F(ArbScannerTest, EndToEndWithThePaperVenue) {
    make({{"output", "both"}});
    Harness paper(PAPER_PLUGIN_PATH);
    paper.set("starting_cash", "1000");
    ASSERT_EQ(paper.intern("M1-YES"), yes);
    ASSERT_EQ(paper.intern("M1-NO"), no);
    paper.set_now(T0);
    paper.create();
    paper.start();
    for (const auto& [inst, asks] : {std::make_pair(yes, kYesAsks), std::make_pair(no, kNoAsks)}) {
        const th_book b = make_book(inst, T0, {{"0.10", "5"}}, asks);
        ASSERT_EQ(paper.send("books", b.hdr), TH_OK) << paper.last_error();
        ASSERT_EQ(h->send("books", b.hdr), TH_OK) << h->last_error();
    }
    const auto orders = h->take<th_order_request>("orders");
    ASSERT_EQ(orders.size(), 2u);
    for (const auto& o : orders) ASSERT_EQ(paper.send("orders", o), TH_OK) << paper.last_error();
    th_fixed bought[2] = {0, 0}, cost = 0;
    for (const auto& f : paper.take<th_fill>("fills")) {
        bought[f.instrument == yes ? 0 : 1] += f.qty;
        cost += tradehost::fixed_mul(f.qty, f.px);
    }
    EXPECT_EQ(bought[0], fx("100"));
    EXPECT_EQ(bought[1], fx("100"));
    EXPECT_EQ(cost, fx("97.1"));
    EXPECT_EQ(signals().size(), 2u);
    paper.stop();
}
#endif
