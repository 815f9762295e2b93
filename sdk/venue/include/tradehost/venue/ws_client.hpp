// WebSocket client on libwebsockets: ws:// and wss:// (TLS verified by default), pings,
// a pong or message deadline, and automatic reconnect with exponential backoff and jitter.
// Runs its own service thread. The adapter publishes a venue-status event from on_open and
// on_close, and re-authenticates and re-subscribes in on_open.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::venue {

struct WsOptions {
    std::string url;                    ///< ws://host:port/path or wss://...
    std::vector<std::pair<std::string, std::string>> headers;  ///< extra handshake headers
    bool verify_tls = true;
    std::string ca_file;                ///< empty: the system store
    std::chrono::milliseconds ping_interval{15000};   ///< 0: no client pings
    /// Reconnect when nothing (message, pong) arrived for this long. 0: never.
    std::chrono::milliseconds idle_timeout{30000};
    std::chrono::milliseconds reconnect_min{250};
    std::chrono::milliseconds reconnect_max{30000};
    std::size_t max_message = 4u << 20; ///< larger messages close the connection
};

class WsClient {
public:
    struct Handlers {
        /// Connected (first time and every reconnect). Thread: the client's.
        std::function<void(WsClient&)> on_open;
        /// One complete message (fragments joined). Thread: the client's.
        std::function<void(std::string_view message)> on_message;
        /// Disconnected; `reason` says why; `will_retry` false only after stop(). Thread: the client's.
        std::function<void(std::string_view reason, bool will_retry)> on_close;
    };

    WsClient(WsOptions options, Handlers handlers);
    ~WsClient();  ///< stops
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    void start();
    /// Closes (with a close frame) and joins the thread; no handler runs after it returns.
    void stop();
    /// Queues a text message; sent in order while connected. False if not connected (messages
    /// are not kept across reconnects: on_open re-sends what a new connection needs).
    /// Thread-safe.
    bool send(std::string text);
    bool connected() const noexcept;
    uint64_t connects() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tradehost::venue
