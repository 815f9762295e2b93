// exchange tests: the built plugin in the SDK harness, pointed at the Binance loopback double
// (real HTTP and WebSocket over 127.0.0.1), with everything it publishes collected.
#pragma once

#include "exchange/exchange_double.hpp"
#include "test_util.hpp"

#include <tradehost/testing/harness.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace exchange_test {

using tradehost::doubles::eventually;
using tradehost::doubles::exchange::BinanceDouble;

// Obviously fake credentials: the double accepts exactly these.
inline constexpr const char* kKey = "fake-binance-key-for-tests";
inline constexpr const char* kSecret = "fake-binance-secret-for-tests";

/// What one plugin instance published, accumulated across take() calls.
struct Published {
    std::vector<th_execution_report> reports;
    std::vector<th_fill> fills;
    std::vector<th_balance> balances;
    std::vector<th_quote> quotes;
    std::vector<th_trade> trades;
    std::vector<th_venue_status> statuses;
    std::vector<std::vector<unsigned char>> books;  // th_book events (variable size) as published

    void drain(tradehost::testing::Harness& h) {
        append(reports, h.take<th_execution_report>("exec_reports"));
        append(fills, h.take<th_fill>("fills"));
        append(balances, h.take<th_balance>("balances"));
        append(quotes, h.take<th_quote>("quotes"));
        append(trades, h.take<th_trade>("trades"));
        append(statuses, h.take<th_venue_status>("status"));
        // th_book has no event trait in the 1.1 wrapper yet: read the remaining record.
        bool any = false;
        for (const auto& e : h.published())
            if (e.port == "books") {
                books.push_back(e.bytes);
                any = true;
            }
        if (any) h.clear_published();  // everything else was taken above
    }
    const th_book& book(std::size_t i) const { return *reinterpret_cast<const th_book*>(books.at(i).data()); }
    const th_book& last_book() const { return book(books.size() - 1); }
    int count_status(uint32_t state) const {
        int n = 0;
        for (const auto& s : statuses) n += s.state == state;
        return n;
    }
    std::vector<th_execution_report> reports_for(const std::string& cid) const {
        std::vector<th_execution_report> out;
        for (const auto& r : reports)
            if (cid == r.client_order_id) out.push_back(r);
        return out;
    }

private:
    template <class E> static void append(std::vector<E>& to, std::vector<E> from) {
        to.insert(to.end(), from.begin(), from.end());
    }
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
        auto r = tradehost::make_event<th_order_request>(h.now());
        r.instrument = h.intern("BTCUSDT");
        r.action = TH_ORDER_NEW;
        r.side = side;
        r.order_type = TH_ORDER_LIMIT;
        r.tif = TH_TIF_GTC;
        r.qty = fx(qty);
        r.limit_px = fx(px);
        tradehost::copy_str(r.client_order_id, cid);
        return r;
    }

    th_order_request cancel(tradehost::testing::Harness& h, const char* cid, const char* orig) {
        auto r = tradehost::make_event<th_order_request>(h.now());
        r.instrument = h.intern("BTCUSDT");
        r.action = TH_ORDER_CANCEL;
        tradehost::copy_str(r.client_order_id, cid);
        tradehost::copy_str(r.orig_client_order_id, orig);
        return r;
    }
};

}  // namespace exchange_test
