// Shared helpers for the exec_algos tests: an instance in the harness with one instrument,
// and builders for parents, quotes, trades and the venue's answers to children.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_TESTS_FIXTURE_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_TESTS_FIXTURE_HPP

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace exec_test {

using tradehost::testing::fx;
using tradehost::testing::Harness;
constexpr th_time_ns kSec = INT64_C(1000000000);
constexpr th_time_ns kMin = 60 * kSec;
constexpr th_time_ns T0 = INT64_C(1704196800) * kSec;  // 2024-01-02 12:00:00 UTC
constexpr th_fixed U = TH_FIXED_SCALE;

inline std::string id_of(const char (&f)[TH_ID_LEN]) { return std::string(f, strnlen(f, TH_ID_LEN)); }

class Exec : public ::testing::Test {
protected:
    std::unique_ptr<Harness> h;
    th_instrument sym = 0;
    std::map<std::string, std::string> cfg_;

    /// A started instance with `cfg` over the defaults; `state` from an earlier instance.
    void make(const std::map<std::string, std::string>& cfg = {}, const std::map<std::string, std::string>* state = nullptr,
              uint64_t session = 1, const th_instrument_info* info = nullptr) {
        cfg_ = cfg;
        h = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& [k, v] : cfg) h->set(k, v);
        if (state) h->state() = *state;
        h->set_session_id(session);
        sym = h->intern("AAPL");
        if (info) h->set_instrument_info(sym, *info);
        h->create();
        h->start();
    }

public:
    static th_order_request parent(th_instrument inst, th_time_ns ts, const std::string& id, th_side side, th_fixed qty,
                                   th_fixed limit = 0) {
        auto r = tradehost::make_event<th_order_request>(ts);
        r.instrument = inst;
        r.action = TH_ORDER_NEW;
        r.side = static_cast<uint8_t>(side);
        r.order_type = limit > 0 ? TH_ORDER_LIMIT : TH_ORDER_MARKET;
        r.tif = TH_TIF_DAY;
        r.qty = qty;
        r.limit_px = limit;
        tradehost::copy_str(r.client_order_id, id);
        return r;
    }

protected:
    void send_parent(th_time_ns ts, const std::string& id, th_side side, th_fixed qty, th_fixed limit = 0) {
        ASSERT_EQ(h->send("orders", parent(sym, ts, id, side, qty, limit)), TH_OK) << h->last_error();
    }
    void cancel_parent(th_time_ns ts, const std::string& orig) {
        auto r = tradehost::make_event<th_order_request>(ts);
        r.instrument = sym;
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, orig + "-cxl");
        tradehost::copy_str(r.orig_client_order_id, orig);
        ASSERT_EQ(h->send("orders", r), TH_OK) << h->last_error();
    }
    void quote(th_time_ns ts, th_fixed bid, th_fixed ask, th_fixed size = 1000000 * U) {
        auto q = tradehost::make_event<th_quote>(ts);
        q.instrument = sym;
        q.bid_px = bid;
        q.bid_qty = size;
        q.ask_px = ask;
        q.ask_qty = size;
        ASSERT_EQ(h->send("quotes", q), TH_OK) << h->last_error();
    }
    void trade(th_time_ns ts, th_fixed px, th_fixed qty) {
        auto t = tradehost::make_event<th_trade>(ts);
        t.instrument = sym;
        t.px = px;
        t.qty = qty;
        ASSERT_EQ(h->send("trades", t), TH_OK) << h->last_error();
    }
    /// The venue's answer to a child: a report of `type` with cumulative `cum`.
    void report(const th_order_request& child, th_time_ns ts, uint8_t type, th_fixed cum, const std::string& reason = "") {
        auto r = tradehost::make_event<th_execution_report>(ts);
        r.instrument = child.instrument;
        r.exec_type = type;
        r.status = type == TH_EXEC_NEW ? TH_STATUS_NEW
                   : type == TH_EXEC_FILL ? TH_STATUS_FILLED
                   : type == TH_EXEC_CANCELED ? TH_STATUS_CANCELED
                   : type == TH_EXEC_REJECTED ? TH_STATUS_REJECTED
                                               : TH_STATUS_PARTIALLY_FILLED;
        r.side = child.side;
        r.order_qty = child.qty;
        r.cum_qty = cum;
        r.leaves_qty = child.qty - cum;
        std::memcpy(r.client_order_id, child.client_order_id, TH_ID_LEN);
        tradehost::copy_str(r.reason, reason);
        ASSERT_EQ(h->send("exec_reports", r), TH_OK) << h->last_error();
    }
    /// The venue fills `qty` of a child at `px`, then reports it.
    void fill(const th_order_request& child, th_time_ns ts, th_fixed qty, th_fixed px, th_fixed cum) {
        auto f = tradehost::make_event<th_fill>(ts);
        f.instrument = child.instrument;
        f.side = child.side;
        f.px = px;
        f.qty = qty;
        std::memcpy(f.client_order_id, child.client_order_id, TH_ID_LEN);
        tradehost::copy_str(f.fill_id, "v-" + std::to_string(++fills_));
        ASSERT_EQ(h->send("fills", f), TH_OK) << h->last_error();
        report(child, ts, cum >= child.qty ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL, cum);
    }
    std::vector<th_order_request> children() { return h->take<th_order_request>("orders"); }
    std::vector<th_execution_report> reports() { return h->take<th_execution_report>("reports"); }
    std::vector<th_fill> parent_fills() { return h->take<th_fill>("fills"); }

private:
    int fills_ = 0;
};

}  // namespace exec_test

#endif
