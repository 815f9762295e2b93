// Shared helpers for the risk_gate tests.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_TESTS_FIXTURE_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_TESTS_FIXTURE_HPP

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace risk_test {

using tradehost::testing::Harness;

constexpr th_time_ns kSec = INT64_C(1000000000);
constexpr th_time_ns kMs = INT64_C(1000000);
constexpr th_time_ns T0 = INT64_C(1704196800) * kSec;         // 2024-01-02 12:00:00 UTC
constexpr th_time_ns kMidnight = INT64_C(1704240000) * kSec;  // 2024-01-03 00:00:00 UTC

using tradehost::testing::fx;  // exact decimal text (the SDK's test helpers)
inline th_fixed fx(int64_t units) { return tradehost::testing::fx_units(units); }

class Risk : public ::testing::Test {
protected:
    std::unique_ptr<Harness> h;
    th_instrument sym = 0;

    void make(const std::map<std::string, std::string>& cfg = {}) {
        h = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& kv : cfg) h->set(kv.first, kv.second);
        h->create();
        h->start();
        sym = h->intern("AAPL");
    }

    th_order_request order(th_time_ns ts, const std::string& id, th_side side, th_fixed qty, th_fixed limit = 0,
                           th_instrument inst = 0) {
        auto r = tradehost::make_event<th_order_request>(ts);
        r.instrument = inst ? inst : sym;
        r.action = TH_ORDER_NEW;
        r.side = static_cast<uint8_t>(side);
        r.order_type = static_cast<uint8_t>(limit > 0 ? TH_ORDER_LIMIT : TH_ORDER_MARKET);
        r.tif = TH_TIF_DAY;
        r.qty = qty;
        r.limit_px = limit;
        tradehost::copy_str(r.client_order_id, id);
        return r;
    }
    /// Send a NEW order; true if it was approved (forwarded), false if rejected.
    bool submit(th_time_ns ts, const std::string& id, th_side side, th_fixed qty, th_fixed limit = 0,
                th_instrument inst = 0) {
        return pass(order(ts, id, side, qty, limit, inst));
    }
    bool pass(const th_order_request& r) {
        EXPECT_EQ(h->send("orders", r), TH_OK) << h->last_error();
        auto out = h->take<th_order_request>("orders");
        auto rej = h->take<th_execution_report>("rejects");
        EXPECT_EQ(out.size() + rej.size(), 1u);
        last_reason = rej.empty() ? "" : rej[0].reason;
        if (!rej.empty()) last_reject = rej[0];
        return !out.empty();
    }
    bool cancel(th_time_ns ts, const std::string& id, const std::string& orig) {
        auto r = tradehost::make_event<th_order_request>(ts);
        r.instrument = sym;
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, id);
        tradehost::copy_str(r.orig_client_order_id, orig);
        return pass(r);
    }
    bool replace(th_time_ns ts, const std::string& id, const std::string& orig, th_fixed qty, th_fixed limit) {
        auto r = tradehost::make_event<th_order_request>(ts);
        r.action = TH_ORDER_REPLACE;
        r.order_type = TH_ORDER_LIMIT;
        r.qty = qty;
        r.limit_px = limit;
        tradehost::copy_str(r.client_order_id, id);
        tradehost::copy_str(r.orig_client_order_id, orig);
        return pass(r);
    }
    void quote(th_time_ns ts, th_fixed bid, th_fixed ask, th_instrument inst = 0) {
        auto q = tradehost::make_event<th_quote>(ts);
        q.instrument = inst ? inst : sym;
        q.bid_px = bid;
        q.bid_qty = fx(100);
        q.ask_px = ask;
        q.ask_qty = fx(100);
        ASSERT_EQ(h->send("quotes", q), TH_OK) << h->last_error();
    }
    void fill(th_time_ns ts, const std::string& id, th_side side, th_fixed qty, th_fixed px, th_fixed fee = 0,
              th_instrument inst = 0) {
        auto f = tradehost::make_event<th_fill>(ts);
        f.instrument = inst ? inst : sym;
        f.side = static_cast<uint8_t>(side);
        f.qty = qty;
        f.px = px;
        f.fee = fee;
        tradehost::copy_str(f.client_order_id, id);
        ASSERT_EQ(h->send("fills", f), TH_OK) << h->last_error();
    }
    void report(th_time_ns ts, const std::string& id, th_exec_type type, th_order_status status, th_fixed qty,
                th_fixed cum) {
        auto r = tradehost::make_event<th_execution_report>(ts);
        r.instrument = sym;
        r.exec_type = static_cast<uint8_t>(type);
        r.status = static_cast<uint8_t>(status);
        r.order_qty = qty;
        r.cum_qty = cum;
        r.leaves_qty = status == TH_STATUS_NEW || status == TH_STATUS_PARTIALLY_FILLED ? qty - cum : 0;
        tradehost::copy_str(r.client_order_id, id);
        ASSERT_EQ(h->send("exec_reports", r), TH_OK) << h->last_error();
    }

    /// The venue's position, as the paper venue publishes it after a fill or at start.
    void position(th_time_ns ts, th_fixed qty, th_fixed avg_px, th_fixed unrealized = 0, th_instrument inst = 0) {
        auto p = tradehost::make_event<th_position>(ts);
        p.instrument = inst ? inst : sym;
        p.qty = qty;
        p.avg_px = avg_px;
        p.unrealized_pnl = unrealized;
        ASSERT_EQ(h->send("positions", p), TH_OK) << h->last_error();
    }

    std::string last_reason;
    th_execution_report last_reject{};
};

}  // namespace risk_test

#endif
