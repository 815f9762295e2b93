// alpaca: the two WebSocket connections and their handshakes.
//  - TradeStream: wss://{paper-api|api}.alpaca.markets/stream. auth -> authorization,
//    listen trade_updates -> listening, then trade_updates events.
//  - DataStream: wss://stream.data.alpaca.markets/v2/{iex|sip}. [{"T":"success","msg":"connected"}]
//    -> auth -> authenticated -> subscribe -> subscription, then arrays of t/q/b messages.
// Both re-run the handshake on every reconnect (the WsClient reconnects with backoff).
// Callbacks run on the stream's own thread.
#ifndef TRADEHOST_PLUGINS_ALPACA_WEBSOCKET_HPP
#define TRADEHOST_PLUGINS_ALPACA_WEBSOCKET_HPP

#include "parse.hpp"

#include <tradehost/venue/json.hpp>
#include <tradehost/venue/ws_client.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tradehost::alpaca {

struct StreamOptions {
    std::string url;
    std::string key_id;
    std::string secret;  ///< sent only inside the auth message, never logged
    bool verify_tls = true;
    std::chrono::milliseconds reconnect_min{250};
    std::chrono::milliseconds reconnect_max{30000};
};

/// The auth message both streams document: {"action":"auth","key":...,"secret":...}.
std::string auth_message(const std::string& key, const std::string& secret);
/// {"action":"listen","data":{"streams":["trade_updates"]}}.
std::string listen_message();
/// {"action":"subscribe","trades":[..],"quotes":[..],"bars":[..]}; empty lists are left out.
std::string subscribe_message(const std::vector<std::string>& trades, const std::vector<std::string>& quotes,
                              const std::vector<std::string>& bars);

class TradeStream {
public:
    struct Handlers {
        std::function<void()> on_ready;                           ///< authorized and listening
        std::function<void(TradeUpdate)> on_update;               ///< one trade_updates event
        std::function<void(std::string reason)> on_down;          ///< disconnected (will retry)
        std::function<void(std::string reason)> on_auth_failed;   ///< unauthorized
    };
    TradeStream(StreamOptions options, Handlers handlers);
    ~TradeStream();
    void start();
    void stop();

private:
    void on_message(std::string_view text);
    StreamOptions opt_;
    Handlers h_;
    venue::json::Decoder dec_;
    std::unique_ptr<venue::WsClient> ws_;
};

class DataStream {
public:
    struct Handlers {
        std::function<void()> on_ready;                           ///< subscribed
        std::function<void(const DataMessage&)> on_data;          ///< quote, trade or bar
        std::function<void(std::string reason)> on_down;
        std::function<void(int64_t code, std::string msg)> on_error;  ///< [{"T":"error",...}]
        /// The whole frame, once, when it holds messages of a type this parser does not read
        /// (the news stream's "n"): the same handshake serves Alpaca's other data streams.
        std::function<void(std::string_view frame)> on_other;
    };
    DataStream(StreamOptions options, std::string subscribe, Handlers handlers);
    ~DataStream();
    void start();
    void stop();

private:
    void on_message(std::string_view text);
    StreamOptions opt_;
    std::string subscribe_;
    Handlers h_;
    venue::json::Decoder dec_;
    std::vector<DataMessage> msgs_;  // reused per frame (stream thread only)
    std::unique_ptr<venue::WsClient> ws_;
};

}  // namespace tradehost::alpaca

#endif
