// polymarket: the market channel (wss://ws-subscriptions-clob.polymarket.com/ws/market) for
// the configured tokens, sharded over connections of at most `max_assets_per_connection`
// tokens each. Each connection subscribes on every (re)connect ({"assets_ids": [...],
// "type": "market"}), sends the documented text heartbeat "PING" every `ping_interval`
// (answered "PONG"), and keeps one L2 book per token (the venue kit's Book): `book` replaces
// it, `price_change` sets levels (size 0 removes). After every message that changed a book,
// its top `book_depth` levels go out as a th_book snapshot; `last_trade_price` goes out as a
// th_trade; `tick_size_change` updates the instrument's info and tells the order path.
// A connection that fails or drops publishes DISCONNECTED (the host's /healthz shows it), a
// reconnect GAP (books are rebuilt from the fresh `book` messages). Threads: one per
// connection (libwebsockets service) plus the heartbeat thread; publishes are thread-safe.
#pragma once

#include "market_parse.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/book.hpp>
#include <tradehost/venue/ws_client.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tradehost::polymarket {

struct MarketDataOptions {
    std::string url;                       ///< .../ws/market
    std::vector<std::string> tokens;
    std::size_t max_assets_per_connection = 500;
    std::size_t book_depth = 20;
    bool verify_tls = true;
    std::chrono::milliseconds ping_interval{10000};
    std::chrono::milliseconds idle_timeout{30000};
    std::chrono::milliseconds reconnect_min{250}, reconnect_max{30000};
};

class MarketData {
public:
    /// `on_tick_change(token, new_tick)` runs on a connection's thread.
    MarketData(Host host, MarketDataOptions options, std::function<void(const std::string&, th_fixed)> on_tick_change);
    ~MarketData();  ///< stops
    MarketData(const MarketData&) = delete;
    MarketData& operator=(const MarketData&) = delete;

    void start();
    void stop();

private:
    struct Shard {
        std::vector<std::string> tokens;
        std::unique_ptr<venue::WsClient> ws;
        venue::json::Decoder dec;                 // the shard's thread only
        std::vector<MarketMessage> msgs;          // reused
        std::map<std::string, venue::Book> books; // token -> book; the shard's thread only
        std::size_t index = 0;
        bool was_open = false;
    };

    void on_open(Shard& s, venue::WsClient& ws);
    void on_message(Shard& s, std::string_view text);
    void on_close(Shard& s, std::string_view reason, bool will_retry);
    void publish_book(const std::string& token, const venue::Book& book, int64_t ts_ms);
    void status(uint32_t state, const std::string& text);
    void heartbeat();

    Host host_;
    MarketDataOptions opt_;
    std::function<void(const std::string&, th_fixed)> on_tick_change_;
    std::map<std::string, th_instrument> ids_;  // written at construction only
    std::vector<std::unique_ptr<Shard>> shards_;
    std::unique_ptr<th_book> scratch_book_;     // publishes copy it; guarded by book_mu_
    std::mutex book_mu_;

    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread heartbeat_;
};

}  // namespace tradehost::polymarket
