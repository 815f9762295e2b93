// Shared fixture: the Questrade double, a temp folder for the token file, and a harness
// running the built plugin against the double.
#pragma once

#include "questrade/questrade_double.hpp"

#include <gtest/gtest.h>
#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace qt_test {

using tradehost::doubles::QuestradeDouble;
using tradehost::testing::Harness;

using tradehost::testing::fx;  // exact decimals (the SDK's venue test helpers)

inline std::string read_file(const std::string& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

class Questrade : public ::testing::Test {
protected:
    void SetUp() override {
        std::string t = (std::filesystem::temp_directory_path() / "qt_test_XXXXXX").string();
        dir = mkdtemp(t.data());
        token_file = dir + "/questrade.token";
        venue.add_symbol("AAPL", 8049);
        venue.add_symbol("THI.TO", 38738, "CAD");
    }
    void TearDown() override {
        if (h) h->stop_if_started();
        h.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }

    struct H : Harness {
        using Harness::Harness;
        bool started = false;
        void stop_if_started() {
            if (started) stop();
            started = false;
        }
    };

    /// A started instance; `env_token` is what the refresh-token env var holds.
    void make(const std::string& env_token, const std::vector<std::string>& symbols = {},
              std::map<std::string, std::string> extra = {}) {
        h = std::make_unique<H>(PLUGIN_PATH);
        h->set("login_url", venue.url());
        h->set("token_file", token_file);
        h->set("poll_interval", "50ms");
        h->set("quote_interval", "50ms");
        h->set("reconnect_min", "50ms");
        h->set("reconnect_max", "200ms");
        h->set("request_timeout", "2s");
        for (const auto& [k, v] : extra) h->set(k, v);
        if (!symbols.empty()) h->set_list("symbols", symbols);
        if (!env_token.empty()) h->set_secret("QUESTRADE_REFRESH_TOKEN", env_token);
        h->create();
        h->start();
        h->started = true;
    }

    /// Collects events of kind E from `port` until `pred` holds (5 s at most).
    template <class E> bool wait(const std::string& port, std::vector<E>& acc, const std::function<bool()>& pred) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        for (;;) {
            for (auto& e : h->take<E>(port)) acc.push_back(e);
            if (pred()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    bool wait_status(uint32_t state) {
        return wait<th_venue_status>("status", statuses, [&] {
            for (const auto& s : statuses)
                if (s.state == state) return true;
            return false;
        });
    }

    th_order_request order(const std::string& cid, th_side side, const std::string& qty, const std::string& limit = "") {
        auto r = tradehost::make_event<th_order_request>(1);
        r.instrument = h->intern("AAPL");
        r.action = TH_ORDER_NEW;
        r.side = static_cast<uint8_t>(side);
        r.order_type = limit.empty() ? TH_ORDER_MARKET : TH_ORDER_LIMIT;
        r.tif = TH_TIF_DAY;
        r.qty = fx(qty);
        if (!limit.empty()) r.limit_px = fx(limit);
        tradehost::copy_str(r.client_order_id, cid);
        return r;
    }

    th_order_request cancel(const std::string& cid, const std::string& orig) {
        auto r = tradehost::make_event<th_order_request>(1);
        r.instrument = h->intern("AAPL");
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, cid);
        tradehost::copy_str(r.orig_client_order_id, orig);
        return r;
    }

    bool logs_contain(const std::string& needle) const {
        for (const auto& l : h->log_lines())
            if (l.find(needle) != std::string::npos) return true;
        return false;
    }

    QuestradeDouble venue;
    std::string dir;
    std::string token_file;
    std::unique_ptr<H> h;
    std::vector<th_venue_status> statuses;
    std::vector<th_execution_report> reports;
    std::vector<th_fill> fills;
};

}  // namespace qt_test
