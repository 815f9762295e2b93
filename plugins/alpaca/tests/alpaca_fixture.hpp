// alpaca: test fixture: the built plugin in the SDK harness, pointed at the Alpaca loopback
// double, with everything it publishes collected per port.
#pragma once

#include "alpaca/alpaca_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace tradehost::alpaca::test {

inline constexpr const char* kKey = "PKTEST0000000000";
inline constexpr const char* kSecret = "test-secret-not-real";
inline constexpr th_fixed X(int64_t whole) { return testing::fx_units(whole); }

class AlpacaFixture : public ::testing::Test {
protected:
    doubles::AlpacaDouble venue{kKey, kSecret};
    std::unique_ptr<testing::Harness> h;
    std::vector<th_execution_report> reports;
    std::vector<th_fill> fills;
    std::vector<th_position> positions;
    std::vector<th_balance> balances;
    std::vector<th_quote> quotes;
    std::vector<th_trade> trades;
    std::vector<th_bar> bars;
    std::vector<th_venue_status> statuses;

    void TearDown() override {
        if (h) h->stop();
    }

    /// A created (not started) instance against the double; `secret` lets a test go wrong.
    void make(const std::string& secret = kSecret) {
        h = std::make_unique<testing::Harness>(PLUGIN_PATH);
        h->set("rest_url", venue.rest_url());
        h->set("stream_url", venue.stream_url());
        h->set("data_stream_url", venue.data_url());
        h->set("verify_tls", "false");
        h->set("reconnect_min", "20ms");
        h->set("reconnect_max", "200ms");
        h->set("rate_limit_backoff", "50ms");
        h->set("http_timeout", "3s");
        h->set_secret("APCA_API_KEY_ID", kKey);
        h->set_secret("APCA_API_SECRET_KEY", secret);
    }

    void collect() {
        auto add = [](auto& into, auto more) { into.insert(into.end(), more.begin(), more.end()); };
        add(reports, h->take<th_execution_report>("exec_reports"));
        add(fills, h->take<th_fill>("fills"));
        add(positions, h->take<th_position>("positions"));
        add(balances, h->take<th_balance>("balances"));
        add(quotes, h->take<th_quote>("quotes"));
        add(trades, h->take<th_trade>("trades"));
        add(bars, h->take<th_bar>("bars"));
        add(statuses, h->take<th_venue_status>("status"));
    }

    /// Polls (collecting) until `pred` holds; generous timeout, never a pass/fail by timing.
    bool wait(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            collect();
            if (pred()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }

    int count_status(uint32_t state, const char* text_part = "") const {
        int n = 0;
        for (const auto& s : statuses)
            if (s.state == state && std::strstr(s.text, text_part)) ++n;
        return n;
    }

    int count_reports(const char* coid, uint8_t exec_type) const {
        int n = 0;
        for (const auto& r : reports)
            if (r.exec_type == exec_type && std::strcmp(r.client_order_id, coid) == 0) ++n;
        return n;
    }

    const th_execution_report* last_report(const char* coid, uint8_t exec_type) const {
        const th_execution_report* out = nullptr;
        for (const auto& r : reports)
            if (r.exec_type == exec_type && std::strcmp(r.client_order_id, coid) == 0) out = &r;
        return out;
    }

    /// Started, with the reconciliation of the first stream connect done and the
    /// trade_updates stream listening, so background REST traffic has settled.
    void start_ready() {
        h->create();
        h->start();
        ASSERT_TRUE(wait([&] { return count_status(TH_VENUE_RECONCILED) >= 1 && venue.listening_sessions() == 1 &&
                                      !balances.empty(); }))
            << diagnostics();
    }

    /// What the instance said, for failure messages.
    std::string diagnostics() const {
        std::string out = "log:\n";
        for (const auto& l : h->log_lines()) out += "  " + l + "\n";
        out += "status:\n";
        for (const auto& s : statuses) out += "  " + std::to_string(s.state) + " " + s.text + "\n";
        return out;
    }

    th_order_request new_order(const char* coid, uint8_t side, th_fixed qty, th_fixed limit_px,
                               const char* symbol = "AAPL") {
        th_order_request r = make_event<th_order_request>(h->now());
        r.instrument = h->intern(symbol);
        r.action = TH_ORDER_NEW;
        r.side = side;
        r.order_type = limit_px > 0 ? TH_ORDER_LIMIT : TH_ORDER_MARKET;
        r.tif = TH_TIF_DAY;
        r.qty = qty;
        r.limit_px = limit_px;
        copy_str(r.client_order_id, coid);
        return r;
    }
};

}  // namespace tradehost::alpaca::test
