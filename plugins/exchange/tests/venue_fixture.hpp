// exchange tests: the built plugin in the SDK harness, pointed at the Binance loopback double
// (real HTTP and WebSocket over 127.0.0.1), with everything it publishes collected.
#pragma once

#include "exchange/exchange_double.hpp"
#include "test_util.hpp"

#include <tradehost/testing/harness.hpp>
#include <tradehost/testing/venue.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace exchange_test {

using tradehost::doubles::eventually;
using tradehost::doubles::exchange::BinanceDouble;

// Obviously fake credentials: the double accepts exactly these.
inline constexpr const char* kKey = "fake-binance-key-for-tests";
inline constexpr const char* kSecret = "fake-binance-secret-for-tests";

/// What one plugin instance published: the SDK's venue recorder, plus the books port.
struct Published : tradehost::testing::VenueRecorder {
    std::vector<std::vector<unsigned char>> books;  // th_book events (variable size) as published

    void drain(tradehost::testing::Harness& h) {
        VenueRecorder::drain(h);
        // th_book has no event trait in the 1.1 wrapper yet: read the remaining record.
        bool any = false;
        for (const auto& e : h.published())
            if (e.port == "books") {
                books.push_back(e.bytes);
                any = true;
            }
        if (any) h.clear_published();  // everything else was taken above
    }
    /// Drains (books included) until `pred` holds; generous timeout, never a pass/fail by timing.
    bool wait(tradehost::testing::Harness& h, const std::function<bool()>& pred,
              std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            drain(h);
            if (pred()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    const th_book& book(std::size_t i) const { return *reinterpret_cast<const th_book*>(books.at(i).data()); }
    const th_book& last_book() const { return book(books.size() - 1); }
};

class VenueTest : public ::testing::Test {
protected:
    BinanceDouble dbl{kKey, kSecret};

    VenueTest() {
        dbl.add_market("BTCUSDT", "BTC", "USDT", "0.01", "0.00001", "0.00001", "5");
        dbl.set_balance("USDT", "10000");
        dbl.set_balance("BTC", "1");
    }

    std::unique_ptr<tradehost::testing::Harness> make_harness(bool trading, std::vector<std::string> symbols = {}) {
        auto h = std::make_unique<tradehost::testing::Harness>(PLUGIN_PATH);
        h->set("exchange", "binance");
        h->set("rest_url", dbl.rest_url());
        h->set("stream_url", dbl.stream_url());
        h->set("user_stream_url", dbl.stream_url());
        h->set("reconnect_min", "20ms");
        h->set("reconnect_max", "200ms");
        h->set_list("symbols", symbols);
        if (trading) {
            h->set("key_env", "TEST_BINANCE_KEY");
            h->set("secret_env", "TEST_BINANCE_SECRET");
            h->set_secret("TEST_BINANCE_KEY", kKey);
            h->set_secret("TEST_BINANCE_SECRET", kSecret);
            h->set_list("trade_symbols", {"BTCUSDT"});
        }
        return h;
    }

    /// Waits (generously) until `pred` holds over what `h` published.
    bool wait(tradehost::testing::Harness& h, Published& p, const std::function<bool()>& pred) {
        return eventually([&] {
            p.drain(h);
            return pred();
        }, std::chrono::milliseconds(5000));
    }

    /// Started, markets loaded, order stream connected, start reconciliation done and the
    /// balances it asked for fetched: the worker is idle.
    void wait_ready(tradehost::testing::Harness& h, Published& p) {
        // Balances come once at start and once after the start reconciliation (2 assets each).
        ASSERT_TRUE(wait(h, p, [&] { return p.count_status(TH_VENUE_RECONCILED) >= 1 && p.balances.size() >= 4; }));
    }

    th_order_request order(tradehost::testing::Harness& h, const char* cid, uint8_t side, const char* qty,
                           const char* px) {
        return tradehost::testing::NewOrder(h, "BTCUSDT", cid).side(side).qty(qty).limit(px);
    }

    th_order_request cancel(tradehost::testing::Harness& h, const char* cid, const char* orig) {
        return tradehost::testing::cancel_request(h, "BTCUSDT", cid, orig);
    }
};

}  // namespace exchange_test
