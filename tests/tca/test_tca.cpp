// `tradehost tca` on a journal built through the host's own Journal, with numbers worked by
// hand: a buy parent of 300 in two children against an arrival mid of 100 and the trade
// prints of its interval, and a sell parent from a target (no order request journaled).
#include "common/instruments.hpp"
#include "journal/journal.hpp"
#include "tca/tca.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <tradehost/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace tradehost;

namespace {

constexpr int64_t kSec = 1000000000;
constexpr int64_t T0 = INT64_C(1704196800) * kSec;  // 2024-01-02 12:00:00 UTC

th_fixed px(double v) { return to_fixed(v); }

class Tca : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::path(::testing::TempDir()) / ("tca_" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "j.db").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    /// Session 1: what a feed, a strategy, exec_algos and a paper venue would have journaled.
    void write_session() {
        InstrumentTable table;
        aapl_ = table.intern("AAPL");
        JournalOptions opt;
        opt.record_inputs = true;
        Journal j(path_, table, (dir_ / "deploy.yaml").string(), opt);
        quote(j, T0 - kSec, 99.9, 100.1);     // arrival mid 100
        trade(j, T0 - 5 * kSec, 99, 1000);    // before the parent: not in its interval
        order(j, strategy_, T0, "p-1@twap", TH_SIDE_BUY, 300);
        report(j, exec_, T0, "p-1@twap", TH_SIDE_BUY, 300, TH_EXEC_NEW, TH_STATUS_NEW);
        order(j, exec_, T0, "exec-1-c1", TH_SIDE_BUY, 100);
        fill(j, venue_, T0 + kSec, "exec-1-c1", "v-1", TH_SIDE_BUY, 100.10, 100, 0.5);
        fill(j, exec_, T0 + kSec, "p-1@twap", "exec-1-c1", TH_SIDE_BUY, 100.10, 100, 0.5, "exec-1-f1");
        trade(j, T0 + 10 * kSec, 100.0, 100);
        quote(j, T0 + 30 * kSec, 100.1, 100.3);  // mid 100.2
        trade(j, T0 + 40 * kSec, 100.3, 200);
        order(j, exec_, T0 + 60 * kSec, "exec-1-c2", TH_SIDE_BUY, 200);
        fill(j, venue_, T0 + 60 * kSec, "exec-1-c2", "v-2", TH_SIDE_BUY, 100.40, 200, 1.0);
        fill(j, exec_, T0 + 60 * kSec, "p-1@twap", "exec-1-c2", TH_SIDE_BUY, 100.40, 200, 1.0, "exec-1-f2");
        report(j, exec_, T0 + 60 * kSec, "p-1@twap", TH_SIDE_BUY, 300, TH_EXEC_FILL, TH_STATUS_FILLED);
        trade(j, T0 + 70 * kSec, 100.5, 100);  // after the last fill: not in the interval
        // A target's parent: no order request, its NEW report is its arrival. The decisions
        // that made it, with the ids the host stamps (ABI 1.3): an agent's signal 11, the pick
        // 12 made of it, the target 13 of the pick; the child names the target.
        signal(j, "agent", T0 + 80 * kSec, 11, -0.6, {});
        signal(j, "pick", T0 + 90 * kSec, 12, -0.6, {11});
        target(j, "builder", T0 + 90 * kSec, 13, -50, {12});
        quote(j, T0 + 90 * kSec, 100.3, 100.5);  // mid 100.4
        report(j, exec_, T0 + 100 * kSec, "exec-1-p1", TH_SIDE_SELL, 50, TH_EXEC_NEW, TH_STATUS_NEW);
        order(j, exec_, T0 + 100 * kSec, "exec-1-c3", TH_SIDE_SELL, 50, 13);
        fill(j, venue_, T0 + 100 * kSec, "exec-1-c3", "v-3", TH_SIDE_SELL, 100.2, 50, 0);
        fill(j, exec_, T0 + 100 * kSec, "exec-1-p1", "exec-1-c3", TH_SIDE_SELL, 100.2, 50, 0, "exec-1-f3");
        // A plain order straight to the venue is no parent.
        order(j, strategy_, T0 + 110 * kSec, "s-9", TH_SIDE_BUY, 10);
        fill(j, venue_, T0 + 110 * kSec, "s-9", "v-4", TH_SIDE_BUY, 100.4, 10, 0);
    }

    void quote(Journal& j, int64_t ts, double bid, double ask) {
        auto q = make_event<th_quote>(ts);
        q.instrument = aapl_;
        q.bid_px = px(bid);
        q.ask_px = px(ask);
        q.bid_qty = q.ask_qty = px(1000);
        j.record_input(&feed_, "quotes", q.hdr);
    }
    void trade(Journal& j, int64_t ts, double p, double qty) {
        auto t = make_event<th_trade>(ts);
        t.instrument = aapl_;
        t.px = px(p);
        t.qty = px(qty);
        j.record_input(&feed_, "trades", t.hdr);
    }
    void signal(Journal& j, const std::string& src, int64_t ts, uint64_t id, double value, std::vector<uint64_t> causes) {
        auto g = make_event<th_signal>(ts);
        g.instrument = aapl_;
        g.value = value;
        g.strength = std::fabs(value);
        copy_str(g.name, src);
        g.decision_id = id;
        std::copy(causes.begin(), causes.end(), g.cause_ids);
        j.record(&sources_.emplace_back(src), g.hdr);
    }
    void target(Journal& j, const std::string& src, int64_t ts, uint64_t id, double qty, std::vector<uint64_t> causes) {
        auto t = make_event<th_target>(ts);
        t.instrument = aapl_;
        t.kind = TH_TARGET_QTY;
        t.value = px(qty);
        copy_str(t.strategy, "coord");
        copy_str(t.reason, "view -0.600: alpha 12.00 bps");
        t.decision_id = id;
        std::copy(causes.begin(), causes.end(), t.cause_ids);
        j.record(&sources_.emplace_back(src), t.hdr);
    }
    void order(Journal& j, const std::string& src, int64_t ts, const std::string& id, th_side side, double qty, uint64_t cause = 0) {
        auto r = make_event<th_order_request>(ts);
        r.cause_id = cause;
        r.instrument = aapl_;
        r.action = TH_ORDER_NEW;
        r.side = side;
        r.order_type = TH_ORDER_MARKET;
        r.tif = TH_TIF_DAY;
        r.qty = px(qty);
        copy_str(r.client_order_id, id);
        j.record(&src, r.hdr);
    }
    void report(Journal& j, const std::string& src, int64_t ts, const std::string& id, th_side side, double qty, th_exec_type type,
                th_order_status status) {
        auto r = make_event<th_execution_report>(ts);
        r.instrument = aapl_;
        r.exec_type = type;
        r.status = status;
        r.side = side;
        r.order_qty = px(qty);
        copy_str(r.client_order_id, id);
        j.record(&src, r.hdr);
    }
    void fill(Journal& j, const std::string& src, int64_t ts, const std::string& id, const std::string& venue_id, th_side side,
              double p, double qty, double fee, const std::string& fill_id = "") {
        auto f = make_event<th_fill>(ts);
        f.instrument = aapl_;
        f.side = side;
        f.px = px(p);
        f.qty = px(qty);
        f.fee = px(fee);
        copy_str(f.client_order_id, id);
        copy_str(f.venue_order_id, venue_id);
        copy_str(f.fill_id, fill_id.empty() ? venue_id + "-f" : fill_id);
        j.record(&src, f.hdr);
    }

    std::filesystem::path dir_;
    std::string path_;
    th_instrument aapl_ = 0;
    const std::string feed_ = "feed", strategy_ = "strategy", exec_ = "exec", venue_ = "venue";
    std::deque<std::string> sources_;  // stable strings for Journal::record
};

}  // namespace

TEST_F(Tca, ParentCostsMatchTheHandComputedNumbers) {
    write_session();
    const tca::Report r = tca::analyse(path_, 0);
    EXPECT_EQ(r.session, 1u);
    EXPECT_TRUE(r.has_market);
    ASSERT_EQ(r.parents.size(), 2u);

    const tca::ParentCost& b = r.parents[0];
    EXPECT_EQ(b.id, "p-1@twap");
    EXPECT_EQ(b.algo_source, "exec");
    EXPECT_EQ(b.side, "buy");
    EXPECT_EQ(b.status, "filled");
    EXPECT_DOUBLE_EQ(b.order_qty, 300);
    EXPECT_DOUBLE_EQ(b.filled, 300);
    EXPECT_EQ(b.arrival_ts, T0);
    // avg = (100 * 100.10 + 200 * 100.40) / 300 = 100.30
    EXPECT_NEAR(b.avg_px, 100.30, 1e-9);
    EXPECT_NEAR(b.fees, 1.5, 1e-12);
    ASSERT_TRUE(b.arrival_px);
    EXPECT_NEAR(*b.arrival_px, 100.0, 1e-12);
    // Prints in [12:00:00, 12:01:00]: 100 @ 100.0 and 200 @ 100.3 -> 30060 / 300 = 100.2
    ASSERT_TRUE(b.interval_vwap);
    EXPECT_NEAR(*b.interval_vwap, 100.2, 1e-9);
    // IS = (100.30 - 100) / 100 * 1e4 = 30 bps; in money 0.30 * 300 + 1.5 fees = 91.5
    EXPECT_NEAR(*b.is_bps, 30.0, 1e-6);
    EXPECT_NEAR(*b.is_cost, 91.5, 1e-6);
    // vs VWAP = (100.30 - 100.2) / 100.2 * 1e4 = 9.98004 bps
    EXPECT_NEAR(*b.vs_vwap_bps, 0.1 / 100.2 * 1e4, 1e-6);
    ASSERT_EQ(b.children.size(), 2u);
    EXPECT_EQ(b.children[0].id, "exec-1-c1");
    EXPECT_NEAR(*b.children[0].vs_arrival_bps, 10.0, 1e-6);
    EXPECT_NEAR(*b.children[0].vs_send_bps, 10.0, 1e-6);  // mid at 12:00:00 is 100
    EXPECT_EQ(b.children[1].id, "exec-1-c2");
    EXPECT_NEAR(*b.children[1].vs_arrival_bps, 40.0, 1e-6);
    EXPECT_NEAR(*b.children[1].vs_send_bps, 0.2 / 100.2 * 1e4, 1e-6);  // mid at 12:01:00 is 100.2

    // The sell: arrival 100.4 (its NEW report), sold at 100.2: a cost of 0.2 / 100.4 * 1e4 bps.
    const tca::ParentCost& s = r.parents[1];
    EXPECT_EQ(s.id, "exec-1-p1");
    EXPECT_EQ(s.side, "sell");
    EXPECT_EQ(s.arrival_ts, T0 + 100 * kSec);
    EXPECT_DOUBLE_EQ(s.order_qty, 50);
    EXPECT_NEAR(*s.arrival_px, 100.4, 1e-12);
    EXPECT_NEAR(*s.is_bps, 0.2 / 100.4 * 1e4, 1e-6);
    EXPECT_NEAR(*s.is_cost, 10.0, 1e-6);
    EXPECT_FALSE(s.interval_vwap);  // no print at 12:01:40

    const std::string text = tca::format(r);
    EXPECT_NE(text.find("parent p-1@twap  AAPL buy 300  by exec  status filled"), std::string::npos) << text;
    EXPECT_NE(text.find("implementation shortfall 30 bps = 91.5"), std::string::npos) << text;
    EXPECT_NE(text.find("interval VWAP 100.2"), std::string::npos) << text;
}

// exec_algos -> smart_router -> two venues: the router's fills of a child name the venue's
// part in venue_order_id (one part keeps the child's id, a split one gets "~venue"), so each
// executed quantity is counted once and only exec_algos' order is a parent.
// A refused cancel is counted apart from order rejects.
TEST_F(Tca, ARoutedChildIsCountedOnceAndIsNoParent) {
    InstrumentTable table;
    aapl_ = table.intern("AAPL");
    JournalOptions opt;
    opt.record_inputs = true;
    // Journal keeps the source pointers until it flushes: they outlive it.
    const std::string router = "route", venue_b = "venue_b";
    JournalSummary sum;
    {
        Journal j(path_, table, (dir_ / "deploy.yaml").string(), opt);
        quote(j, T0 - kSec, 99.9, 100.1);
        report(j, exec_, T0, "exec-2-p1", TH_SIDE_BUY, 150, TH_EXEC_NEW, TH_STATUS_NEW);
        // Child 1 goes whole to venue B under its own id.
        order(j, exec_, T0, "exec-2-c1", TH_SIDE_BUY, 50);
        fill(j, venue_, T0 + kSec, "exec-2-c1", "O-1", TH_SIDE_BUY, 100.0, 50, 0);
        fill(j, router, T0 + kSec, "exec-2-c1", "exec-2-c1", TH_SIDE_BUY, 100.0, 50, 0, "1:O-1-f");
        fill(j, exec_, T0 + kSec, "exec-2-p1", "exec-2-c1", TH_SIDE_BUY, 100.0, 50, 0, "exec-2-f1");
        // Child 2 is split across both venues.
        order(j, exec_, T0 + 2 * kSec, "exec-2-c2", TH_SIDE_BUY, 100);
        fill(j, venue_, T0 + 2 * kSec, "exec-2-c2~0", "O-2", TH_SIDE_BUY, 100.2, 60, 0);
        fill(j, router, T0 + 2 * kSec, "exec-2-c2", "exec-2-c2~0", TH_SIDE_BUY, 100.2, 60, 0, "0:O-2-f");
        fill(j, exec_, T0 + 2 * kSec, "exec-2-p1", "exec-2-c2", TH_SIDE_BUY, 100.2, 60, 0, "exec-2-f2");
        fill(j, venue_b, T0 + 2 * kSec, "exec-2-c2~1", "O-3", TH_SIDE_BUY, 100.1, 40, 0);
        fill(j, router, T0 + 2 * kSec, "exec-2-c2", "exec-2-c2~1", TH_SIDE_BUY, 100.1, 40, 0, "1:O-3-f");
        fill(j, exec_, T0 + 2 * kSec, "exec-2-p1", "exec-2-c2", TH_SIDE_BUY, 100.1, 40, 0, "exec-2-f3");
        // A cancel of child 1 after it filled, refused; and an order turned down.
        auto c = make_event<th_order_request>(T0 + 3 * kSec);
        c.instrument = aapl_;
        c.action = TH_ORDER_CANCEL;
        copy_str(c.client_order_id, "exec-2-c1x");
        copy_str(c.orig_client_order_id, "exec-2-c1");
        j.record(&exec_, c.hdr);
        report(j, router, T0 + 3 * kSec, "exec-2-c1x", TH_SIDE_BUY, 50, TH_EXEC_REJECTED, TH_STATUS_FILLED);
        order(j, exec_, T0 + 4 * kSec, "exec-2-c3", TH_SIDE_BUY, 1);
        report(j, router, T0 + 4 * kSec, "exec-2-c3", TH_SIDE_BUY, 1, TH_EXEC_REJECTED, TH_STATUS_REJECTED);
        j.flush();
        sum = j.summary();
    }
    EXPECT_EQ(sum.rejects, 1) << "the order turned down";
    EXPECT_EQ(sum.refused_actions, 1) << "the cancel of a filled child is no order reject";
    EXPECT_EQ(sum.fills, 3) << "three venue fills, each counted once";
    EXPECT_EQ(sum.parent_fills, 6) << "the router's and exec_algos' repeats of them";
    ASSERT_EQ(sum.instruments.size(), 1u);
    EXPECT_EQ(sum.instruments[0].fills, 3);

    const tca::Report r = tca::analyse(path_, 0);
    ASSERT_EQ(r.parents.size(), 1u) << tca::format(r);
    const tca::ParentCost& p = r.parents[0];
    EXPECT_EQ(p.id, "exec-2-p1");
    EXPECT_DOUBLE_EQ(p.filled, 150);
    // (50 * 100.0 + 60 * 100.2 + 40 * 100.1) / 150 = 15016 / 150
    EXPECT_NEAR(p.avg_px, 15016.0 / 150.0, 1e-9);
    ASSERT_EQ(p.children.size(), 2u);
    EXPECT_EQ(p.children[0].id, "exec-2-c1");
    EXPECT_EQ(p.children[1].id, "exec-2-c2");
    EXPECT_DOUBLE_EQ(p.children[1].qty, 100);
}

TEST_F(Tca, ErrorsNameTheFileOrSession) {
    EXPECT_THROW(tca::analyse(path_, 0), tca::TcaError);  // not there yet
    write_session();
    try {
        (void)tca::analyse(path_, 7);
        ADD_FAILURE() << "no error";
    } catch (const tca::TcaError& e) {
        EXPECT_NE(std::string(e.what()).find("has no session 7"), std::string::npos) << e.what();
    }
}

TEST_F(Tca, DecisionsLinkAParentToItsTargetAndSignalsById) {
    write_session();
    const tca::Report r = tca::analyse(path_, 0, true);
    ASSERT_TRUE(r.has_decisions);
    ASSERT_EQ(r.parents.size(), 2u);
    EXPECT_TRUE(r.parents[0].causes.empty());  // an order ticket's parent: its children name no target
    const tca::ParentCost& p = r.parents[1];
    ASSERT_EQ(p.id, "exec-1-p1");
    EXPECT_EQ(p.causes, (std::vector<uint64_t>{13}));
    ASSERT_EQ(r.decisions.count(13), 1u);
    EXPECT_EQ(r.decisions.at(13).kind, "target");
    EXPECT_EQ(r.decisions.at(13).causes, (std::vector<uint64_t>{12}));
    EXPECT_EQ(r.decisions.at(12).causes, (std::vector<uint64_t>{11}));
    EXPECT_EQ(r.decisions.at(13).inputs,
              R"({"strategy":"coord","kind":"qty","value":-50,"urgency":0,"horizon_ns":0,"reason":"view -0.600: alpha 12.00 bps"})");
    const std::string chain = tca::format_chain(r, p);
    EXPECT_EQ(chain,
              "    target #13 AAPL by builder " + r.decisions.at(13).inputs + "\n"
              "      <- signal #12 AAPL by pick " + r.decisions.at(12).inputs + "\n"
              "        <- signal #11 AAPL by agent " + r.decisions.at(11).inputs + "\n");
    EXPECT_EQ(r.decisions.at(11).inputs, R"({"name":"agent","value":-0.6,"strength":0.6,"horizon_ns":0})");
    EXPECT_NE(tca::format(r).find("decisions (each <- what it came from):\n" + chain), std::string::npos);
}

TEST_F(Tca, AJournalFromBeforeTheDecisionLogOpensAndReportsWithoutChains) {
    write_session();
    {
        sqlite3* h = nullptr;
        ASSERT_EQ(sqlite3_open(path_.c_str(), &h), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(h, "DROP TABLE decisions", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(h);
    }
    const tca::Report r = tca::analyse(path_, 1, true);
    EXPECT_FALSE(r.has_decisions);
    EXPECT_EQ(r.parents.size(), 2u);
    EXPECT_NE(tca::format(r).find("predates the decision log"), std::string::npos);
    // The host opens it and adds the table (CREATE TABLE IF NOT EXISTS) for its new session.
    InstrumentTable table;
    { Journal j(path_, table, (dir_ / "deploy.yaml").string()); j.close(0); }
    EXPECT_TRUE(tca::analyse(path_, 2, true).has_decisions);
}
