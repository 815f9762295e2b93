// Shared helpers for the oanda plugin tests: the loopback OANDA double, a harness whose
// config points at it, and waits that collect what the plugin publishes from its threads.
#ifndef TRADEHOST_PLUGINS_OANDA_TESTS_FIXTURE_HPP
#define TRADEHOST_PLUGINS_OANDA_TESTS_FIXTURE_HPP

#include "oanda/oanda_double.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace oanda_test {

using tradehost::doubles::oanda::OandaDouble;
using tradehost::doubles::oanda::OandaDoubleOptions;
using tradehost::testing::Harness;

using tradehost::testing::fx;  // exact decimals (the SDK's venue test helpers)

class Oanda : public ::testing::Test {
protected:
    std::unique_ptr<OandaDouble> venue;
    std::unique_ptr<Harness> h;
    th_instrument eur = 0;
    // What the instance published: the SDK's recorder, under the names the tests use.
    tradehost::testing::VenueRecorder rec;
    std::vector<th_execution_report>& reports = rec.reports;
    std::vector<th_fill>& fills = rec.fills;
    std::vector<th_position>& positions = rec.positions;
    std::vector<th_balance>& balances = rec.balances;
    std::vector<th_quote>& quotes = rec.quotes;
    std::vector<th_venue_status>& statuses = rec.statuses;

    void TearDown() override {
        if (h) h->stop();
        h.reset();
        venue.reset();
    }

    void make_venue(OandaDoubleOptions o = {}) { venue = std::make_unique<OandaDouble>(std::move(o)); }

    /// A started plugin instance against the double; `cfg` overrides the test defaults.
    std::unique_ptr<Harness> plugin(const std::map<std::string, std::string>& cfg = {},
                                    const std::map<std::string, std::string>* state = nullptr,
                                    const std::string& token = "") {
        auto x = std::make_unique<Harness>(PLUGIN_PATH);
        std::map<std::string, std::string> c = {
            {"rest_url", venue->rest_url()}, {"stream_url", venue->stream_url()},
            {"account_id", venue->options().account_id}, {"token_env", "OANDA_TEST_TOKEN"},
            {"reconnect_min", "20ms"}, {"reconnect_max", "100ms"}, {"stream_idle_timeout", "3s"},
            {"min_reconcile_interval", "100ms"},
            {"request_timeout", "3s"}, {"rate_limit_backoff", "20ms"}};
        for (const auto& kv : cfg) c[kv.first] = kv.second;
        for (const auto& kv : c) {
            if (kv.first != "symbols") {
                x->set(kv.first, kv.second);
                continue;
            }
            std::vector<std::string> items;  // a STRING_LIST, written "A, B" here
            std::string item;
            for (char ch : kv.second + ",") {
                if (ch == ',') {
                    if (!item.empty()) items.push_back(item);
                    item.clear();
                } else if (ch != ' ') {
                    item += ch;
                }
            }
            x->set_list(kv.first, items);
        }
        if (state) x->state() = *state;
        x->set_secret("OANDA_TEST_TOKEN", token.empty() ? venue->options().token : token);
        x->create();
        x->start();
        return x;
    }
    void start(const std::map<std::string, std::string>& cfg = {}) {
        h = plugin(cfg);
        eur = h->intern("EUR_USD");
    }

    /// Moves what was published into the vectors above.
    void collect() { rec.drain(*h); }
    /// Collects until `pred` holds (generous timeout: the pass/fail never hinges on timing).
    bool until(const std::function<bool()>& pred, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            collect();
            if (pred()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    std::size_t count_status(th_venue_state s) const {
        std::size_t n = 0;
        for (const auto& x : statuses) n += x.state == static_cast<uint32_t>(s);
        return n;
    }
    std::size_t count_reports(const std::string& id, th_exec_type t) const {
        std::size_t n = 0;
        for (const auto& r : reports) n += r.client_order_id == id && r.exec_type == t;
        return n;
    }
    const th_execution_report* last_report(const std::string& id) const {
        for (auto it = reports.rbegin(); it != reports.rend(); ++it)
            if (it->client_order_id == id) return &*it;
        return nullptr;
    }
    std::size_t fills_of(const std::string& id) const {
        std::size_t n = 0;
        for (const auto& f : fills) n += f.client_order_id == id;
        return n;
    }
    /// Started and reconciled once: the transaction stream is up.
    void wait_ready() {
        ASSERT_TRUE(until([&] { return count_status(TH_VENUE_RECONCILED) >= 1; })) << "never reconciled";
    }

    void send(const th_order_request& r) { ASSERT_EQ(h->send("orders", r), TH_OK) << h->last_error(); }
    th_order_request order(const std::string& id, th_side side, th_order_type type, const char* qty,
                           const char* px = nullptr, th_tif tif = TH_TIF_GTC) {
        auto r = tradehost::make_event<th_order_request>(h->now());
        r.instrument = eur;
        r.action = TH_ORDER_NEW;
        r.side = static_cast<uint8_t>(side);
        r.order_type = static_cast<uint8_t>(type);
        r.tif = static_cast<uint8_t>(tif);
        r.qty = fx(qty);
        if (px) (type == TH_ORDER_STOP ? r.stop_px : r.limit_px) = fx(px);
        tradehost::copy_str(r.client_order_id, id);
        return r;
    }
    th_order_request cancel(const std::string& id, const std::string& orig) {
        auto r = tradehost::make_event<th_order_request>(h->now());
        r.instrument = eur;
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, id);
        tradehost::copy_str(r.orig_client_order_id, orig);
        return r;
    }
};

}  // namespace oanda_test

#endif
