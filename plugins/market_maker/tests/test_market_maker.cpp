// The market_maker plugin through the harness: hand-computed quotes for a given book and
// position, the requote threshold, a position limit stopping the side that would add (per
// outcome and per market group), quotes pulled on a venue outage, the kill switch and a stale
// book, positions and leftover orders across a restart, and end to end with the paper venue
// (its fills move the position, and the skew shows in the next quotes).
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

th_instrument_info outcome_info(const char* group) {
    th_instrument_info info;
    std::memset(&info, 0, sizeof info);
    info.size = sizeof info;
    info.asset_class = TH_ASSET_PREDICTION_OUTCOME;
    info.tick_size = fx("0.01");
    info.min_price = fx("0.01");
    info.max_price = fx("0.99");
    tradehost::copy_str(info.venue, "paper");
    tradehost::copy_str(info.group, group);
    return info;
}

struct Quote {
    th_fixed bid = 0, ask = 0;
};

class MarketMakerTest : public ::testing::Test {
protected:
    void make(const std::vector<std::pair<std::string, std::string>>& cfg = {}) {
        h = std::make_unique<Harness>(PLUGIN_PATH);
        h->set("half_spread", "0.02");
        h->set("min_spread", "0.02");
        h->set("skew_per_unit", "0.001");
        h->set("quote_size", "10");
        h->set("max_position", "30");
        for (const auto& [k, v] : cfg) h->set(k, v);
        yes = h->intern("MKT1-YES");
        no = h->intern("MKT1-NO");
        h->set_instrument_info(yes, outcome_info("MKT1"));
        h->set_instrument_info(no, outcome_info("MKT1"));
        h->set_now(T0);
        h->create();
        h->start();
    }
    void book(th_instrument inst, th_time_ns ts, const Levels& bids, const Levels& asks) {
        const th_book b = make_book(inst, ts, bids, asks);
        ASSERT_EQ(h->send("books", b.hdr), TH_OK) << h->last_error();
    }
    // The standard book: bid 0.45 x 100, ask 0.55 x 300 (mid 0.50).
    void standard_book(th_instrument inst, th_time_ns ts) { book(inst, ts, {{"0.45", "100"}}, {{"0.55", "300"}}); }
    std::vector<th_order_request> orders() { return h->take<th_order_request>("orders"); }
    static std::vector<th_order_request> of(const std::vector<th_order_request>& v, th_order_action a) {
        std::vector<th_order_request> out;
        for (const auto& o : v)
            if (o.action == a) out.push_back(o);
        return out;
    }
    static Quote quote_of(const std::vector<th_order_request>& v) {
        Quote q;
        for (const auto& o : of(v, TH_ORDER_NEW)) (o.side == TH_SIDE_BUY ? q.bid : q.ask) = o.limit_px;
        return q;
    }
    // The venue answers every NEW with an ack.
    void ack(const std::vector<th_order_request>& v, th_time_ns ts) {
        for (const auto& o : of(v, TH_ORDER_NEW)) {
            th_execution_report r = tradehost::make_event<th_execution_report>(ts);
            r.instrument = o.instrument;
            r.exec_type = TH_EXEC_NEW;
            r.status = TH_STATUS_NEW;
            r.side = o.side;
            r.order_qty = o.qty;
            r.leaves_qty = o.qty;
            std::memcpy(r.client_order_id, o.client_order_id, TH_ID_LEN);
            ASSERT_EQ(h->send("exec_reports", r), TH_OK) << h->last_error();
        }
    }
    void report(const th_order_request& o, th_exec_type type, th_time_ns ts, th_fixed leaves = 0) {
        th_execution_report r = tradehost::make_event<th_execution_report>(ts);
        r.instrument = o.instrument;
        r.exec_type = static_cast<uint8_t>(type);
        r.side = o.side;
        r.order_qty = o.qty;
        r.leaves_qty = leaves;
        std::memcpy(r.client_order_id, o.client_order_id, TH_ID_LEN);
        ASSERT_EQ(h->send("exec_reports", r), TH_OK) << h->last_error();
    }
    // As a venue does: the fill, then the report with what is left.
    void fill(const th_order_request& o, th_fixed qty, th_time_ns ts) {
        th_fill f = tradehost::make_event<th_fill>(ts);
        f.instrument = o.instrument;
        f.side = o.side;
        f.px = o.limit_px;
        f.qty = qty;
        std::memcpy(f.client_order_id, o.client_order_id, TH_ID_LEN);
        tradehost::copy_str(f.fill_id, std::string("f") + std::to_string(++fill_no_));
        ASSERT_EQ(h->send("fills", f), TH_OK) << h->last_error();
        report(o, qty < o.qty ? TH_EXEC_PARTIAL_FILL : TH_EXEC_FILL, ts, o.qty - qty);
    }
    void status(th_venue_state state, th_time_ns ts) {
        th_venue_status s = tradehost::make_event<th_venue_status>(ts);
        s.state = state;
        tradehost::copy_str(s.venue, "paper");
        ASSERT_EQ(h->send("status", s), TH_OK) << h->last_error();
    }
    static const th_order_request& side_of(const std::vector<th_order_request>& v, th_side s) {
        for (const auto& o : v)
            if (o.action == TH_ORDER_NEW && o.side == s) return o;
        throw std::runtime_error("no order of that side");
    }

    std::unique_ptr<Harness> h;
    th_instrument yes = 0, no = 0;
    int fill_no_ = 0;
};

}  // namespace

TEST_F(MarketMakerTest, QuotesAroundTheMidOnTick) {
    make();
    standard_book(yes, T0);
    const auto o = orders();
    ASSERT_EQ(o.size(), 2u);
    const Quote q = quote_of(o);
    EXPECT_EQ(q.bid, fx("0.48"));
    EXPECT_EQ(q.ask, fx("0.52"));
    for (const auto& r : o) {
        EXPECT_EQ(r.order_type, TH_ORDER_LIMIT);
        EXPECT_EQ(r.tif, TH_TIF_GTC);
        EXPECT_EQ(r.qty, fx("10"));
        EXPECT_EQ(r.instrument, yes);
        EXPECT_EQ(std::string(r.client_order_id).rfind("test-1-", 0), 0u) << r.client_order_id;
    }
}

TEST_F(MarketMakerTest, MicropriceFairValue) {
    make({{"fair_value", "microprice"}});
    standard_book(yes, T0);  // microprice 0.475
    const Quote q = quote_of(orders());
    EXPECT_EQ(q.bid, fx("0.45"));
    EXPECT_EQ(q.ask, fx("0.5"));
}

TEST_F(MarketMakerTest, ASignalSetsTheFairValueWhileFresh) {
    make({{"signal_name", "model_p"}, {"signal_max_age", "10s"}});
    standard_book(yes, T0);
    ack(orders(), T0);
    th_signal s = tradehost::make_event<th_signal>(T0 + 1);
    s.instrument = yes;
    s.value = 0.53;
    s.strength = 1;
    tradehost::copy_str(s.name, "other");
    ASSERT_EQ(h->send("signals", s), TH_OK);
    EXPECT_TRUE(orders().empty());  // another model's signal: ignored
    tradehost::copy_str(s.name, "model_p");
    ASSERT_EQ(h->send("signals", s), TH_OK);
    const auto o = orders();
    EXPECT_EQ(of(o, TH_ORDER_CANCEL).size(), 2u);
    const Quote q = quote_of(o);
    EXPECT_EQ(q.bid, fx("0.51"));
    EXPECT_EQ(q.ask, fx("0.55"));
    ack(o, T0 + 1);
    // 11 s later the signal is too old: back to the book's mid.
    standard_book(yes, T0 + 12 * kSec);
    EXPECT_EQ(quote_of(orders()).bid, fx("0.48"));
}

TEST_F(MarketMakerTest, RequotesOnlyPastTheThreshold) {
    make({{"requote_ticks", "2"}});
    standard_book(yes, T0);
    ack(orders(), T0);
    // Mid 0.505: the wanted bid 0.485 -> 0.48 (same), ask 0.525 -> 0.53 (one tick): kept.
    book(yes, T0 + 1, {{"0.46", "100"}}, {{"0.55", "300"}});
    EXPECT_TRUE(orders().empty());
    // Mid 0.52: bid 0.50 and ask 0.54, two ticks from 0.48 / 0.52: both replaced.
    book(yes, T0 + 2, {{"0.49", "100"}}, {{"0.55", "300"}});
    const auto o = orders();
    ASSERT_EQ(of(o, TH_ORDER_CANCEL).size(), 2u);
    const Quote q = quote_of(o);
    EXPECT_EQ(q.bid, fx("0.5"));
    EXPECT_EQ(q.ask, fx("0.54"));
    EXPECT_EQ(h->metric("requotes"), 2);
}

TEST_F(MarketMakerTest, FillsSkewTheQuotesAndMaxPositionStopsTheBid) {
    make();
    standard_book(yes, T0);
    auto o = orders();
    ack(o, T0);
    // Three bids of 10 filled: +30 = max_position.
    for (int i = 0; i < 3; ++i) {
        const th_order_request bid = side_of(o, TH_SIDE_BUY);
        fill(bid, bid.qty, T0 + 1 + i);
        o = orders();
        ack(o, T0 + 1 + i);
        if (i < 2) {
            // +10 per fill moves both quotes down 0.01: bid 0.47 then 0.46.
            EXPECT_EQ(side_of(o, TH_SIDE_BUY).limit_px, fx(i == 0 ? "0.47" : "0.46"));
        }
    }
    // At +30 a bid would add: no new bid; the ask (center 0.47) is at 0.49.
    for (const auto& r : of(o, TH_ORDER_NEW)) EXPECT_EQ(r.side, TH_SIDE_SELL);
    EXPECT_EQ(side_of(o, TH_SIDE_SELL).limit_px, fx("0.49"));
    // The book moves: still no bid.
    book(yes, T0 + 10, {{"0.40", "100"}}, {{"0.50", "300"}});
    for (const auto& r : of(orders(), TH_ORDER_NEW)) EXPECT_EQ(r.side, TH_SIDE_SELL);
}

TEST_F(MarketMakerTest, GroupLimitStopsBuyingEitherOutcome) {
    make({{"max_group_position", "15"}});
    standard_book(yes, T0);
    auto o = orders();
    ack(o, T0);
    fill(side_of(o, TH_SIDE_BUY), fx("10"), T0 + 1);
    // +10 YES: another bid would make the market 20 > 15; the ask reduces it and stays.
    o = orders();
    for (const auto& r : of(o, TH_ORDER_NEW)) EXPECT_EQ(r.side, TH_SIDE_SELL);
    ack(o, T0 + 1);
    // NO of the same market: a bid (+10) or an ask (-10) would each make it 20: neither.
    standard_book(no, T0 + 2);
    for (const auto& r : of(orders(), TH_ORDER_NEW)) EXPECT_NE(r.instrument, no);
    EXPECT_EQ(h->metric("quotes"), 3);  // YES bid and ask, then YES's skewed ask
}

TEST_F(MarketMakerTest, NoShortSellingOfOutcomeTokens) {
    make({{"allow_short", "false"}});
    standard_book(yes, T0);
    auto o = orders();
    ASSERT_EQ(of(o, TH_ORDER_NEW).size(), 1u);  // nothing held: a bid only
    EXPECT_EQ(of(o, TH_ORDER_NEW)[0].side, TH_SIDE_BUY);
    ack(o, T0);
    fill(side_of(o, TH_SIDE_BUY), fx("4"), T0 + 1);  // a partial: 4 held
    o = orders();
    EXPECT_EQ(side_of(o, TH_SIDE_SELL).qty, fx("4"));
}

TEST_F(MarketMakerTest, PullsOnDisconnectAndQuotesAgainOnReconnect) {
    make();
    standard_book(yes, T0);
    auto o = orders();
    ack(o, T0);
    status(TH_VENUE_DISCONNECTED, T0 + 1);
    auto c = of(orders(), TH_ORDER_CANCEL);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(h->metric("pulls"), 1);
    // Books keep coming while the venue is down: nothing is quoted.
    standard_book(yes, T0 + 2);
    EXPECT_TRUE(orders().empty());
    status(TH_VENUE_GAP, T0 + 3);
    EXPECT_TRUE(orders().empty());
    status(TH_VENUE_CONNECTED, T0 + 4);
    EXPECT_EQ(of(orders(), TH_ORDER_NEW).size(), 2u);
}

TEST_F(MarketMakerTest, PullsOnTheKillSwitch) {
    make({{"check_interval", "1s"}});
    standard_book(yes, T0);
    ack(orders(), T0);
    h->set_kill_switch(true);
    h->advance(kSec);
    EXPECT_EQ(of(orders(), TH_ORDER_CANCEL).size(), 2u);
    standard_book(yes, T0 + 1);  // the book moves: still nothing
    EXPECT_TRUE(orders().empty());
    h->set_kill_switch(false);
    h->advance(kSec);
    EXPECT_EQ(of(orders(), TH_ORDER_NEW).size(), 2u);
}

TEST_F(MarketMakerTest, PullsOnAStaleBook) {
    make({{"max_book_age", "5s"}, {"check_interval", "1s"}});
    standard_book(yes, T0);
    ack(orders(), T0);
    // The feed goes silent: after 5 s of host clock the timer pulls.
    h->advance(4 * kSec);
    EXPECT_TRUE(orders().empty());
    h->advance(2 * kSec);
    EXPECT_EQ(of(orders(), TH_ORDER_CANCEL).size(), 2u);
}

TEST_F(MarketMakerTest, AnotherOutcomesNewerBookMakesAnOldOneStale) {
    make({{"max_book_age", "5s"}});
    standard_book(yes, T0);
    ack(orders(), T0);
    standard_book(no, T0 + 6 * kSec);  // event time moved 6 s; YES has not updated
    const auto o = orders();
    int yes_cancels = 0;
    for (const auto& r : of(o, TH_ORDER_CANCEL)) yes_cancels += r.instrument == yes;
    EXPECT_EQ(yes_cancels, 2);
}

TEST_F(MarketMakerTest, ARejectedQuoteWaitsForTheCooldown) {
    make({{"reject_cooldown", "5s"}});
    standard_book(yes, T0);
    auto o = orders();
    report(side_of(o, TH_SIDE_BUY), TH_EXEC_REJECTED, T0 + 1);
    ack({side_of(o, TH_SIDE_SELL)}, T0 + 1);
    book(yes, T0 + 2, {{"0.44", "100"}}, {{"0.55", "300"}});
    for (const auto& r : of(orders(), TH_ORDER_NEW)) EXPECT_NE(r.side, TH_SIDE_BUY);
    book(yes, T0 + 7 * kSec, {{"0.45", "100"}}, {{"0.55", "300"}});
    bool bid = false;
    for (const auto& r : of(orders(), TH_ORDER_NEW)) bid = bid || r.side == TH_SIDE_BUY;
    EXPECT_TRUE(bid);
}

// A venue that cancels by its own id refuses a cancel of an order it has not acknowledged
// yet: the order is cancelled again at the next update; an unknown order is forgotten.
TEST_F(MarketMakerTest, ARefusedCancelIsAskedAgain) {
    make();
    standard_book(yes, T0);
    const auto o = orders();
    book(yes, T0 + 1, {{"0.49", "100"}}, {{"0.55", "300"}});  // mid 0.52: both replaced
    auto c = of(orders(), TH_ORDER_CANCEL);
    ASSERT_EQ(c.size(), 2u);
    for (const auto& cancel : c) {
        th_execution_report r = tradehost::make_event<th_execution_report>(T0 + 2);
        r.instrument = yes;
        r.exec_type = TH_EXEC_REJECTED;
        std::memcpy(r.client_order_id, cancel.client_order_id, TH_ID_LEN);
        std::memcpy(r.orig_client_order_id, cancel.orig_client_order_id, TH_ID_LEN);
        tradehost::copy_str(r.reason, std::string(cancel.orig_client_order_id) == o[0].client_order_id
                                          ? "order not acknowledged by the venue yet: x"
                                          : "unknown order x");
        ASSERT_EQ(h->send("exec_reports", r), TH_OK) << h->last_error();
    }
    standard_book(yes, T0 + 3);
    c = of(orders(), TH_ORDER_CANCEL);
    // The not-acknowledged one is asked again (with the replaced quotes, as the book moved back).
    int again = 0;
    for (const auto& cancel : c) again += std::string(cancel.orig_client_order_id) == o[0].client_order_id;
    EXPECT_EQ(again, 1);
    for (const auto& cancel : c) EXPECT_NE(std::string(cancel.orig_client_order_id), o[1].client_order_id);
}

TEST_F(MarketMakerTest, PositionsAndLeftoverOrdersSurviveARestart) {
    make();
    standard_book(yes, T0);
    auto o = orders();
    ack(o, T0);
    fill(side_of(o, TH_SIDE_BUY), fx("10"), T0 + 1);
    o = orders();
    ack(o, T0 + 1);
    const auto saved = h->state();
    h->stop();
    h.reset();

    h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set("half_spread", "0.02");
    h->set("skew_per_unit", "0.001");
    h->set("max_position", "30");
    h->set_session_id(2);
    h->state() = saved;
    yes = h->intern("MKT1-YES");
    h->set_instrument_info(yes, outcome_info("MKT1"));
    h->set_now(T0 + 5);
    h->create();
    h->start();
    // The last session's open orders (the stop cancelled its two quotes, and the ask replaced
    // after the fill was still being cancelled; no venue answered): the cancels are resent.
    const auto cancels = of(orders(), TH_ORDER_CANCEL);
    EXPECT_EQ(cancels.size(), 3u);
    for (const auto& c : cancels) EXPECT_EQ(std::string(c.orig_client_order_id).rfind("test-1-", 0), 0u);
    // ... and the +10 position skews the first quotes of the new session.
    standard_book(yes, T0 + 6);
    const Quote q = quote_of(orders());
    EXPECT_EQ(q.bid, fx("0.47"));
    EXPECT_EQ(q.ask, fx("0.51"));
}

// A venue's tick-size change (Polymarket's tick_size_change, registered as metadata) applies
// at the next requote: 0.001 ticks let the skewed quotes sit closer.
TEST_F(MarketMakerTest, ATickSizeChangeAppliesAtOnce) {
    make({{"fair_value", "microprice"}});
    standard_book(yes, T0);  // microprice 0.475: 0.45 / 0.50 on 0.01 ticks
    ack(orders(), T0);
    th_instrument_info info = outcome_info("MKT1");
    info.tick_size = fx("0.001");
    h->set_instrument_info(yes, info);
    standard_book(yes, T0 + 1);
    const Quote q = quote_of(orders());
    EXPECT_EQ(q.bid, fx("0.455"));
    EXPECT_EQ(q.ask, fx("0.495"));
}

// Hot reload: the new version takes the positions and the open orders.
TEST_F(MarketMakerTest, HotReloadCarriesPositionsAndOrders) {
    make();
    standard_book(yes, T0);
    auto o = orders();
    ack(o, T0);
    fill(side_of(o, TH_SIDE_BUY), fx("10"), T0 + 1);
    ack(orders(), T0 + 1);
    h->stop();
    const std::string snap = h->snapshot();
    EXPECT_NE(snap.find("pos 8:MKT1-YES 1000000000"), std::string::npos) << snap;

    Harness next(PLUGIN_PATH);
    next.set("half_spread", "0.02");
    next.set("skew_per_unit", "0.001");
    const th_instrument id = next.intern("MKT1-YES");
    next.set_instrument_info(id, outcome_info("MKT1"));
    next.set_now(T0 + 2);
    next.create();
    next.restore(snap);
    next.start();
    EXPECT_TRUE(next.take<th_order_request>("orders").empty());  // the stop's cancels are in flight, not resent
    const th_book b = make_book(id, T0 + 3, {{"0.45", "100"}}, {{"0.55", "300"}});
    ASSERT_EQ(next.send("books", b.hdr), TH_OK) << next.last_error();
    Quote q;
    for (const auto& r : next.take<th_order_request>("orders"))
        if (r.action == TH_ORDER_NEW) (r.side == TH_SIDE_BUY ? q.bid : q.ask) = r.limit_px;
    EXPECT_EQ(q.bid, fx("0.47"));  // +10 still skews
    EXPECT_EQ(q.ask, fx("0.51"));
}

TEST_F(MarketMakerTest, MalformedStateIsAClearError) {
    h = std::make_unique<Harness>(PLUGIN_PATH);
    h->state()["state"] = "market_maker 1\npos 3:ABC notanumber\nend\n";
    h->create();
    EXPECT_THROW(h->start(), std::exception);
    EXPECT_NE(h->last_error().find("market_maker state: bad number"), std::string::npos) << h->last_error();
}

TEST_F(MarketMakerTest, BadConfigIsRefused) {
    h = std::make_unique<Harness>(PLUGIN_PATH);
    h->set("fair_value", "vwap");
    try {
        h->create();
        FAIL() << "created";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("fair_value: expected 'mid' or 'microprice'"), std::string::npos) << e.what();
    }
}

#ifdef PAPER_PLUGIN_PATH
// End to end: the paper venue matches the quotes against the market's quotes; a seller
// hitting the bid fills it (maker), the position goes to +10, and the next quotes are skewed
// down by 10 * 0.001.
TEST_F(MarketMakerTest, EndToEndWithThePaperVenue) {
    make();
    Harness paper(PAPER_PLUGIN_PATH);
    paper.set("starting_cash", "1000");
    const th_instrument pyes = paper.intern("MKT1-YES");
    ASSERT_EQ(pyes, yes);  // both harnesses intern in the same order
    paper.set_instrument_info(pyes, outcome_info("MKT1"));
    paper.set_now(T0);
    paper.create();
    paper.start();

    // Routes the maker's orders to the paper venue and its answers back until quiet.
    std::vector<th_position> positions;
    auto pump = [&] {
        for (int round = 0; round < 20; ++round) {
            auto reqs = h->take<th_order_request>("orders");
            for (const auto& r : reqs) ASSERT_EQ(paper.send("orders", r), TH_OK) << paper.last_error();
            // In the venue's order: a fill before the report that follows it.
            size_t answers = 0;
            for (const auto& p : paper.take_all("")) {
                if (p.port == "positions") {
                    th_position pos;
                    std::memcpy(&pos, p.bytes.data(), std::min(sizeof pos, p.bytes.size()));
                    positions.push_back(pos);
                }
                if (p.port != "exec_reports" && p.port != "fills") continue;
                ++answers;
                ASSERT_EQ(h->send(p.port, p.header()), TH_OK) << h->last_error();
            }
            if (reqs.empty() && answers == 0) return;
        }
        FAIL() << "did not settle";
    };
    auto market = [&](th_time_ns ts, const char* bid, const char* ask) {
        const th_book b = make_book(yes, ts, {{bid, "100"}}, {{ask, "300"}});
        th_quote q = tradehost::make_event<th_quote>(ts);
        q.instrument = yes;
        q.bid_px = fx(bid);
        q.bid_qty = fx("100");
        q.ask_px = fx(ask);
        q.ask_qty = fx("300");
        ASSERT_EQ(paper.send("quotes", q), TH_OK) << paper.last_error();
        ASSERT_EQ(paper.send("books", b.hdr), TH_OK) << paper.last_error();
        ASSERT_EQ(h->send("books", b.hdr), TH_OK) << h->last_error();
        pump();
    };

    market(T0, "0.45", "0.55");  // quotes 0.48 / 0.52 rest at the paper venue
    EXPECT_EQ(h->metric("quotes"), 2);
    EXPECT_EQ(h->metric("fills"), 0);
    // A seller offers down to 0.48: our bid is filled at its price, as maker.
    market(T0 + kSec, "0.40", "0.48");
    EXPECT_EQ(h->metric("fills"), 1);
    ASSERT_FALSE(positions.empty());
    EXPECT_EQ(positions.back().qty, fx("10"));
    EXPECT_EQ(positions.back().avg_px, fx("0.48"));
    // The next book, mid 0.50 again (0.44 / 0.56 leaves the skewed 0.45 ask resting): +10
    // held skews the quotes to 0.47 / 0.51.
    market(T0 + 2 * kSec, "0.44", "0.56");
    const auto state = h->state();
    ASSERT_TRUE(state.count("state"));
    const std::string st = state.at("state");
    EXPECT_NE(st.find("pos 8:MKT1-YES 1000000000"), std::string::npos) << st;
    EXPECT_NE(st.find(" 1 47000000 1000000000 1 0"), std::string::npos) << st;  // bid 0.47 x 10 rests, acked
    EXPECT_NE(st.find(" 2 51000000 1000000000 1 0"), std::string::npos) << st;  // ask 0.51 x 10 rests, acked
    paper.stop();
}
#endif
