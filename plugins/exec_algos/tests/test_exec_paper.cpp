// exec_algos end to end in the harness: parents worked into children that pass the risk
// gate and fill at the paper venue, whose reports and fills come back; the parent's fills
// add up to its children's, and a risk limit's rejects cancel the parent.
#include "exec_fixture.hpp"

using namespace exec_test;

namespace {

/// exec_algos -> risk_gate -> paper, with the answers wired back as config/execution.yaml does.
struct Chain {
    Harness exec{PLUGIN_PATH}, risk{RISK_PATH}, venue{PAPER_PATH};
    th_instrument sym = 0;

    Chain(const std::map<std::string, std::string>& exec_cfg, const std::map<std::string, std::string>& risk_cfg) {
        for (const auto& [k, v] : exec_cfg) exec.set(k, v);
        for (const auto& [k, v] : risk_cfg) risk.set(k, v);
        venue.set("partial_fills", "true");
        for (Harness* h : {&exec, &risk, &venue}) {
            sym = h->intern("AAPL");  // the same id in each: the first symbol each interns
            h->create();
            h->start();
        }
    }
    void send(Harness& h, const std::string& port, const th_event_header& ev) {
        ASSERT_EQ(h.send(port, ev), TH_OK) << h.last_error();
    }
    /// Move every published event along the edges until nothing moves.
    void pump() {
        for (int round = 0; round < 1000; ++round) {
            bool moved = false;
            for (auto& p : exec.take_all("orders")) { send(risk, "orders", p.header()); moved = true; }
            for (auto& p : risk.take_all("orders")) { send(venue, "orders", p.header()); moved = true; }
            for (auto& p : risk.take_all("rejects")) { send(exec, "exec_reports", p.header()); moved = true; }
            for (auto& p : venue.take_all("exec_reports")) {
                send(exec, "exec_reports", p.header());
                send(risk, "exec_reports", p.header());
                moved = true;
            }
            for (auto& p : venue.take_all("fills")) {
                send(exec, "fills", p.header());
                send(risk, "fills", p.header());
                moved = true;
            }
            for (auto& p : venue.take_all("positions")) {
                send(exec, "positions", p.header());
                send(risk, "positions", p.header());
                moved = true;
            }
            venue.take_all("balances");
            if (!moved) return;
        }
        FAIL() << "events still moving after 1000 rounds";
    }
    void quote(th_time_ns ts, th_fixed bid, th_fixed ask, th_fixed size) {
        auto q = tradehost::make_event<th_quote>(ts);
        q.instrument = sym;
        q.bid_px = bid;
        q.bid_qty = size;
        q.ask_px = ask;
        q.ask_qty = size;
        send(venue, "quotes", q.hdr);
        send(risk, "quotes", q.hdr);
        send(exec, "quotes", q.hdr);
        pump();
    }
};

}  // namespace

TEST(ExecPaper, TwapParentFillsThroughRiskAndPaper) {
    Chain c({{"duration", "5m"}, {"slices", "5"}, {"child_price", "aggressive"}}, {{"max_order_qty", "100"}});
    // The touch shows 60 a side: each 100-lot child fills 60 now and the rest on later quotes.
    c.quote(T0, 100 * U, 101 * U, 60 * U);
    c.send(c.exec, "orders", Exec::parent(c.sym, T0, "big@twap", TH_SIDE_BUY, 500 * U).hdr);
    c.pump();
    for (int s = 1; s <= 40; ++s) c.quote(T0 + s * 15 * kSec, 100 * U, 101 * U, 60 * U);
    const auto reports = c.exec.take<th_execution_report>("reports");
    ASSERT_FALSE(reports.empty());
    EXPECT_EQ(reports.front().exec_type, TH_EXEC_NEW);
    EXPECT_EQ(reports.back().exec_type, TH_EXEC_FILL);
    EXPECT_EQ(reports.back().cum_qty, 500 * U);
    EXPECT_EQ(reports.back().avg_px, 101 * U);
    const auto fills = c.exec.take<th_fill>("fills");
    th_fixed sum = 0;
    for (const auto& f : fills) {
        EXPECT_EQ(id_of(f.client_order_id), "big@twap");
        EXPECT_EQ(id_of(f.venue_order_id).rfind("test-1-c", 0), 0u) << id_of(f.venue_order_id);
        sum += f.qty;
    }
    EXPECT_EQ(sum, 500 * U);
    EXPECT_EQ(c.exec.metric("parents"), 1);
    EXPECT_EQ(c.risk.metric("rejects"), 0);
}

TEST(ExecPaper, ARiskLimitCancelsTheParentAfterItsRejects) {
    Chain c({{"duration", "1m"}, {"slices", "1"}, {"child_price", "market"}, {"max_child_rejects", "3"}},
            {{"max_order_qty", "50"}});
    c.quote(T0, 100 * U, 101 * U, 1000 * U);
    c.send(c.exec, "orders", Exec::parent(c.sym, T0, "toobig@twap", TH_SIDE_BUY, 80 * U).hdr);
    c.pump();
    for (int s = 1; s <= 5; ++s) c.quote(T0 + s * kSec, 100 * U, 101 * U, 1000 * U);
    const auto reports = c.exec.take<th_execution_report>("reports");
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_EQ(reports[1].exec_type, TH_EXEC_CANCELED);
    EXPECT_NE(std::string(reports[1].reason).find("max_order_qty"), std::string::npos) << reports[1].reason;
    EXPECT_EQ(c.risk.metric("rejects"), 3);
    EXPECT_TRUE(c.venue.take<th_fill>("fills").empty());
}
