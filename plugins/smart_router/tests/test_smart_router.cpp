// smart_router through the ABI with two venues' books: a split across both output ports, the
// parts' reports and fills combined upstream under the sender's id, a cancel of a split order,
// and a restart in the middle of an order.
#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>

using tradehost::testing::Harness;

namespace {

constexpr th_time_ns kSec = INT64_C(1000000000);
constexpr th_time_ns T0 = INT64_C(1704196800) * kSec;
th_fixed px(double v) { return static_cast<th_fixed>(std::llround(v * 1e8)); }
std::string id_of(const char* s) { return std::string(s); }

class Router : public ::testing::Test {
protected:
    std::unique_ptr<Harness> h;
    th_instrument sym = 0;
    std::map<std::string, std::vector<std::string>> cfg_ = {
        {"venues", {"paper_a", "paper_b"}}, {"taker_fee_bps", {"0", "0"}}, {"latency_ms", {"0", "0"}}};

    void make(const std::map<std::string, std::string>* state = nullptr) {
        h = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& kv : cfg_) h->set_list(kv.first, kv.second);
        if (state) h->state() = *state;
        h->create();
        h->start();
        sym = h->intern("AAPL");
    }
    void book(int venue, std::initializer_list<std::pair<double, double>> asks) {
        auto b = tradehost::make_event<th_book>(T0);
        b.instrument = sym;
        b.snapshot = 1;
        uint16_t n = 0;
        for (auto [p, q] : asks) b.levels[n++] = th_book_level{px(p), px(q)};
        b.ask_count = n;
        b.hdr.size = th_book_size(0, n);
        ASSERT_EQ(h->send("v" + std::to_string(venue) + "_books", b), TH_OK) << h->last_error();
    }
    void order(const std::string& id, double qty, double limit) {
        auto r = tradehost::make_event<th_order_request>(T0 + kSec);
        r.instrument = sym;
        r.action = TH_ORDER_NEW;
        r.side = TH_SIDE_BUY;
        r.order_type = TH_ORDER_LIMIT;
        r.tif = TH_TIF_DAY;
        r.qty = px(qty);
        r.limit_px = px(limit);
        tradehost::copy_str(r.client_order_id, id);
        ASSERT_EQ(h->send("orders", r), TH_OK) << h->last_error();
    }
    void cancel(const std::string& id, const std::string& orig) {
        auto r = tradehost::make_event<th_order_request>(T0 + 2 * kSec);
        r.instrument = sym;
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, id);
        tradehost::copy_str(r.orig_client_order_id, orig);
        ASSERT_EQ(h->send("orders", r), TH_OK) << h->last_error();
    }
    void report(int venue, const std::string& id, th_exec_type type, th_order_status status, double qty, double cum,
                double avg) {
        auto r = tradehost::make_event<th_execution_report>(T0 + 3 * kSec);
        r.instrument = sym;
        r.side = TH_SIDE_BUY;
        r.exec_type = static_cast<uint8_t>(type);
        r.status = static_cast<uint8_t>(status);
        r.order_qty = px(qty);
        r.cum_qty = px(cum);
        r.avg_px = px(avg);
        tradehost::copy_str(r.client_order_id, id);
        ASSERT_EQ(h->send("v" + std::to_string(venue) + "_exec_reports", r), TH_OK) << h->last_error();
    }
    void fill(int venue, const std::string& id, const std::string& fill_id, double qty, double p) {
        auto f = tradehost::make_event<th_fill>(T0 + 3 * kSec);
        f.instrument = sym;
        f.side = TH_SIDE_BUY;
        f.qty = px(qty);
        f.px = px(p);
        tradehost::copy_str(f.client_order_id, id);
        tradehost::copy_str(f.fill_id, fill_id);
        ASSERT_EQ(h->send("v" + std::to_string(venue) + "_fills", f), TH_OK) << h->last_error();
    }
    std::vector<th_order_request> sent(int venue) { return h->take<th_order_request>("v" + std::to_string(venue) + "_orders"); }
    std::vector<th_execution_report> up() { return h->take<th_execution_report>("exec_reports"); }
};

}  // namespace

TEST_F(Router, SplitsAcrossTwoBooksAndCombinesTheAnswers) {
    make();
    book(0, {{100.00, 30}, {100.05, 100}});
    book(1, {{100.01, 50}});
    order("p1", 70, 100.05);
    auto a = sent(0), b = sent(1);
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(id_of(a[0].client_order_id), "p1~0");
    EXPECT_EQ(a[0].qty, px(30));
    EXPECT_EQ(a[0].limit_px, px(100.05)) << "the parts keep the sender's terms";
    EXPECT_EQ(id_of(b[0].client_order_id), "p1~1");
    EXPECT_EQ(b[0].qty, px(40));
    EXPECT_EQ(h->metric("splits"), 1);

    report(0, "p1~0", TH_EXEC_NEW, TH_STATUS_NEW, 30, 0, 0);
    report(1, "p1~1", TH_EXEC_NEW, TH_STATUS_NEW, 40, 0, 0);
    auto r = up();
    ASSERT_EQ(r.size(), 1u) << "one NEW for the order as sent";
    EXPECT_EQ(id_of(r[0].client_order_id), "p1");
    EXPECT_EQ(r[0].order_qty, px(70));

    fill(0, "p1~0", "f1", 30, 100.00);
    report(0, "p1~0", TH_EXEC_FILL, TH_STATUS_FILLED, 30, 30, 100.00);
    auto fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(id_of(fills[0].client_order_id), "p1");
    EXPECT_EQ(id_of(fills[0].fill_id), "0:f1");
    EXPECT_EQ(id_of(fills[0].venue_order_id), "p1~0") << "names the venue's part, so the journal counts the fill once";
    r = up();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(r[0].cum_qty, px(30));
    EXPECT_EQ(r[0].leaves_qty, px(40));

    fill(1, "p1~1", "f1", 40, 100.01);
    report(1, "p1~1", TH_EXEC_FILL, TH_STATUS_FILLED, 40, 40, 100.01);
    fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(id_of(fills[0].fill_id), "1:f1") << "fill ids stay unique across venues";
    r = up();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(r[0].status, TH_STATUS_FILLED);
    EXPECT_EQ(r[0].cum_qty, px(70));
    EXPECT_NEAR(static_cast<double>(r[0].avg_px), static_cast<double>(px((30 * 100.00 + 40 * 100.01) / 70)), 2);
    EXPECT_EQ(r[0].leaves_qty, 0);
}

TEST_F(Router, CancellingASplitOrderCancelsEachPart) {
    make();
    book(0, {{100.00, 30}});
    book(1, {{100.01, 50}});
    order("p2", 70, 100.05);
    sent(0);
    sent(1);
    fill(0, "p2~0", "f1", 30, 100.00);
    report(0, "p2~0", TH_EXEC_FILL, TH_STATUS_FILLED, 30, 30, 100.00);
    up();
    cancel("p2c", "p2");
    EXPECT_TRUE(sent(0).empty()) << "the filled part is not cancelled";
    auto b = sent(1);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].action, TH_ORDER_CANCEL);
    EXPECT_EQ(id_of(b[0].client_order_id), "p2c~1") << "a split order's cancel parts carry the venue too";
    EXPECT_EQ(id_of(b[0].orig_client_order_id), "p2~1");
    report(1, "p2~1", TH_EXEC_CANCELED, TH_STATUS_CANCELED, 40, 0, 0);
    auto r = up();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(id_of(r[0].client_order_id), "p2");
    EXPECT_EQ(r[0].exec_type, TH_EXEC_CANCELED);
    EXPECT_EQ(r[0].cum_qty, px(30));
    EXPECT_EQ(r[0].leaves_qty, 0);
}

// A part whose fills cover it is finished at the venue even while its report is still on
// the way: its cancel would only come back "unknown order".
TEST_F(Router, ACancelGoesOnlyToVenuesWithALivePart) {
    make();
    book(0, {{100.00, 30}});
    book(1, {{100.01, 50}});
    order("p3", 70, 100.05);
    sent(0);
    sent(1);
    fill(0, "p3~0", "f1", 30, 100.00);  // filled; the FILL report has not arrived
    cancel("p3c", "p3");
    EXPECT_TRUE(sent(0).empty()) << "the part filled by its fills is not cancelled";
    auto b = sent(1);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(id_of(b[0].orig_client_order_id), "p3~1");
    EXPECT_EQ(h->metric("cancel_parts"), 1);

    // Every part filled before the cancel: no venue gets it; the router refuses it once the
    // parts' reports have ended the order (a sender reads a refused cancel as "order gone").
    order("p4", 70, 100.05);
    sent(0);
    sent(1);
    fill(0, "p4~0", "f2", 30, 100.00);
    fill(1, "p4~1", "f3", 40, 100.01);
    up();
    cancel("p4c", "p4");
    EXPECT_TRUE(sent(0).empty());
    EXPECT_TRUE(sent(1).empty());
    EXPECT_TRUE(up().empty()) << "not refused before the order's own reports";
    EXPECT_EQ(h->metric("cancels_withheld"), 1);
    report(0, "p4~0", TH_EXEC_FILL, TH_STATUS_FILLED, 30, 30, 100.00);
    report(1, "p4~1", TH_EXEC_FILL, TH_STATUS_FILLED, 40, 40, 100.01);
    auto r = up();
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(id_of(r[1].client_order_id), "p4");
    EXPECT_EQ(r[1].status, TH_STATUS_FILLED);
    EXPECT_EQ(r[1].cum_qty, px(70));
    EXPECT_EQ(id_of(r[2].client_order_id), "p4c");
    EXPECT_EQ(id_of(r[2].orig_client_order_id), "p4");
    EXPECT_EQ(r[2].exec_type, TH_EXEC_REJECTED);
    EXPECT_NE(std::string(r[2].reason).find("ended before the cancel"), std::string::npos) << r[2].reason;
}

// exec_algos' crossing children are IOC: the venue ends them as they arrive, so a cancel of
// one (a parent replaced in the same instant) would only come back "unknown order".
TEST_F(Router, AnIocOrderIsNotCancelledAtTheVenue) {
    make();
    book(0, {{100.00, 100}});
    auto o = tradehost::make_event<th_order_request>(T0 + kSec);
    o.instrument = sym;
    o.action = TH_ORDER_NEW;
    o.side = TH_SIDE_BUY;
    o.order_type = TH_ORDER_LIMIT;
    o.tif = TH_TIF_IOC;
    o.qty = px(20);
    o.limit_px = px(100.00);
    tradehost::copy_str(o.client_order_id, "c1");
    ASSERT_EQ(h->send("orders", o), TH_OK) << h->last_error();
    ASSERT_EQ(sent(0).size(), 1u);
    cancel("c1x", "c1");  // before the venue's answers reach the router
    EXPECT_TRUE(sent(0).empty()) << "no cancel of an IOC part";
    EXPECT_TRUE(up().empty());
    // A restart between the cancel and the answers keeps the refusal owed.
    const auto saved = h->state();
    h.reset();
    make(&saved);
    report(0, "c1", TH_EXEC_NEW, TH_STATUS_NEW, 20, 0, 0);
    fill(0, "c1", "f1", 20, 100.00);
    report(0, "c1", TH_EXEC_FILL, TH_STATUS_FILLED, 20, 20, 100.00);
    auto r = up();
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_NEW);
    EXPECT_EQ(r[1].exec_type, TH_EXEC_FILL);
    EXPECT_EQ(id_of(r[2].client_order_id), "c1x");
    EXPECT_EQ(r[2].exec_type, TH_EXEC_REJECTED);
    auto f = h->take<th_fill>("fills");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(id_of(f[0].venue_order_id), "c1");
}

TEST_F(Router, ARestartStillMapsTheVenuesAnswers) {
    make();
    book(0, {{100.00, 30}});
    book(1, {{100.01, 50}});
    order("p3", 60, 100.05);
    sent(0);
    sent(1);
    const auto saved = h->state();
    ASSERT_TRUE(saved.count("routes"));
    make(&saved);
    fill(1, "p3~1", "f9", 30, 100.01);
    auto fills = h->take<th_fill>("fills");
    ASSERT_EQ(fills.size(), 1u);
    EXPECT_EQ(id_of(fills[0].client_order_id), "p3");
    report(1, "p3~1", TH_EXEC_FILL, TH_STATUS_FILLED, 30, 30, 100.01);
    auto r = up();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_PARTIAL_FILL);
    EXPECT_EQ(r[0].cum_qty, px(30));
}

TEST_F(Router, ReplacesAndUnknownCancelsAreRefusedWithAReason) {
    make();
    cancel("c1", "nope");
    auto r = up();
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].exec_type, TH_EXEC_REJECTED);
    EXPECT_EQ(std::string(r[0].reason), "smart_router: unknown or finished order nope");
    auto x = std::make_unique<Harness>(PLUGIN_PATH);
    x->set_list("venues", {"a", "b"});
    x->set_list("taker_fee_bps", {"1"});
    try {
        x->create();
        FAIL() << "a fee list shorter than the venues was accepted";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("taker_fee_bps: 1 values for 2 venues"), std::string::npos) << e.what();
    }
}

TEST_F(Router, WithoutBooksTheFirstVenueGetsTheWholeOrder) {
    make();
    order("p4", 10, 100);
    auto a = sent(0);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(id_of(a[0].client_order_id), "p4") << "a single part keeps the sender's id";
    EXPECT_TRUE(sent(1).empty());
}
