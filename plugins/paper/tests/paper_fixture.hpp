// Shared helpers for the paper venue tests: a harness with one instrument, and builders for
// quotes and order requests.
#ifndef TRADEHOST_PLUGINS_PAPER_TESTS_FIXTURE_HPP
#define TRADEHOST_PLUGINS_PAPER_TESTS_FIXTURE_HPP

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace paper_test {

using tradehost::testing::Harness;

constexpr th_time_ns kSec = INT64_C(1000000000);
constexpr th_time_ns kMs = INT64_C(1000000);
constexpr th_time_ns kDay = 86400 * kSec;
constexpr th_time_ns T0 = INT64_C(1704196800) * kSec;  // 2024-01-02 12:00:00 UTC
constexpr th_time_ns kMidnight = INT64_C(1704240000) * kSec;  // 2024-01-03 00:00:00 UTC

using tradehost::testing::fx;  // exact decimal text (the SDK's test helpers)
inline th_fixed fx(int64_t units) { return tradehost::testing::fx_units(units); }

/// A NEW order request.
inline th_order_request request(th_instrument inst, th_time_ns ts, const std::string& id, th_side side,
                                th_order_type type, th_fixed qty, th_fixed limit = 0, th_fixed stop = 0,
                                th_tif tif = TH_TIF_GTC) {
    auto r = tradehost::make_event<th_order_request>(ts);
    r.instrument = inst;
    r.action = TH_ORDER_NEW;
    r.side = static_cast<uint8_t>(side);
    r.order_type = static_cast<uint8_t>(type);
    r.tif = static_cast<uint8_t>(tif);
    r.qty = qty;
    r.limit_px = limit;
    r.stop_px = stop;
    tradehost::copy_str(r.client_order_id, id);
    return r;
}

class Paper : public ::testing::Test {
protected:
    std::unique_ptr<Harness> h;
    th_instrument sym = 0;

    /// A started instance with `cfg` applied over the defaults.
    void make(const std::map<std::string, std::string>& cfg = {}) { h = fresh(cfg); sym = h->intern("AAPL"); }

    static std::unique_ptr<Harness> fresh(const std::map<std::string, std::string>& cfg,
                                          const std::map<std::string, std::string>* state = nullptr,
                                          uint64_t session = 1) {
        auto x = std::make_unique<Harness>(PLUGIN_PATH);
        for (const auto& kv : cfg) x->set(kv.first, kv.second);
        if (state) x->state() = *state;
        x->set_session_id(session);
        x->create();
        x->start();
        return x;
    }

    void quote(th_time_ns ts, th_fixed bid, th_fixed bid_qty, th_fixed ask, th_fixed ask_qty) {
        quote_on(*h, sym, ts, bid, bid_qty, ask, ask_qty);
    }
    static void quote_on(Harness& x, th_instrument inst, th_time_ns ts, th_fixed bid, th_fixed bid_qty,
                         th_fixed ask, th_fixed ask_qty) {
        auto q = tradehost::make_event<th_quote>(ts);
        q.instrument = inst;
        q.bid_px = bid;
        q.bid_qty = bid_qty;
        q.ask_px = ask;
        q.ask_qty = ask_qty;
        ASSERT_EQ(x.send("quotes", q), TH_OK) << x.last_error();
    }

    void send(const th_order_request& r) { ASSERT_EQ(h->send("orders", r), TH_OK) << h->last_error(); }

    void market(th_time_ns ts, const std::string& id, th_side side, th_fixed qty, th_tif tif = TH_TIF_GTC) {
        send(request(sym, ts, id, side, TH_ORDER_MARKET, qty, 0, 0, tif));
    }
    void limit(th_time_ns ts, const std::string& id, th_side side, th_fixed qty, th_fixed px,
               th_tif tif = TH_TIF_GTC) {
        send(request(sym, ts, id, side, TH_ORDER_LIMIT, qty, px, 0, tif));
    }
    void cancel(th_time_ns ts, const std::string& id, const std::string& orig) {
        auto r = tradehost::make_event<th_order_request>(ts);
        r.instrument = sym;
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, id);
        tradehost::copy_str(r.orig_client_order_id, orig);
        send(r);
    }
    void replace(th_time_ns ts, const std::string& id, const std::string& orig, th_fixed qty, th_fixed px) {
        auto r = tradehost::make_event<th_order_request>(ts);
        r.instrument = sym;
        r.action = TH_ORDER_REPLACE;
        r.qty = qty;
        r.limit_px = px;
        tradehost::copy_str(r.client_order_id, id);
        tradehost::copy_str(r.orig_client_order_id, orig);
        send(r);
    }

    std::vector<th_execution_report> reports() { return h->take<th_execution_report>("exec_reports"); }
    std::vector<th_fill> fills() { return h->take<th_fill>("fills"); }
    std::vector<th_position> positions() { return h->take<th_position>("positions"); }
    std::vector<th_balance> balances() { return h->take<th_balance>("balances"); }

    /// Reports with a given exec type.
    static std::vector<th_execution_report> of_type(const std::vector<th_execution_report>& rs, th_exec_type t) {
        std::vector<th_execution_report> out;
        for (const auto& r : rs)
            if (r.exec_type == t) out.push_back(r);
        return out;
    }
};

}  // namespace paper_test

#endif
