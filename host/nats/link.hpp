// One host's connection to its NATS server (host.nats.url), through the NATS C client
// (libnats): core publish/subscribe for market data, JetStream streams, durable consumers
// and de-duplicated publishes for order flow. It reconnects forever; its state is a
// venue-like status that is logged on every change and shown in /healthz and /metrics.
//
// Threading: every call is thread-safe. Subscription handlers run on libnats's delivery
// threads, one per subscription, in the order the server delivers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

struct __natsConnection;
struct __natsSubscription;
struct __jsCtx;

namespace tradehost::nats {

class NatsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class LinkState : uint32_t { Connecting = 0, Connected = 1, Disconnected = 2, Closed = 3 };
const char* link_state_name(LinkState s);

/// A subscription; unsubscribing (or destroying it) waits for a handler that is running.
class Subscription {
public:
    ~Subscription();
    /// Stop delivery and wait for the handler in progress. A durable consumer stays on the
    /// server with what was not acknowledged.
    void close();
    /// Messages the client dropped because the handler fell behind (core NATS only).
    int64_t dropped() const;

    struct Handler;  // what the client's callbacks call (link.cpp)

private:
    friend class Link;
    __natsSubscription* sub_ = nullptr;
    std::unique_ptr<Handler> handler_;
};

/// `url` as it may be shown: any password or token in it replaced by "***".
std::string shown_url(const std::string& url);

class Link {
public:
    /// Connect to `url` (retrying in the background if the server is not up yet). Throws
    /// NatsError if the URL or the client cannot be set up.
    explicit Link(const std::string& url, const std::string& client_name);
    ~Link();
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    /// The server's URL with any password or token in it shown as "***".
    const std::string& url() const { return url_; }
    LinkState state() const { return static_cast<LinkState>(state_.load(std::memory_order_relaxed)); }
    uint64_t disconnects() const { return disconnects_.load(std::memory_order_relaxed); }
    uint64_t reconnects() const { return reconnects_.load(std::memory_order_relaxed); }

    /// Core NATS publish (buffered by the client while reconnecting). False if the client
    /// refused it (its reconnect buffer full, connection closed).
    bool publish(const std::string& subject, const void* data, size_t len);
    /// Send what the client buffered and wait for the server's answer, up to `timeout_ms`.
    bool flush(int64_t timeout_ms);

    /// The JetStream stream that holds `subject` (file storage); created if missing.
    /// Returns its name. Throws NatsError.
    std::string ensure_stream(const std::string& subject);
    /// Publish to JetStream with `msg_id` (Nats-Msg-Id: a second publish with the same id
    /// in the stream's duplicate window is not stored again) and wait for the stream's ack.
    /// Retries while the server is away, until acked or `give_up` becomes true (false then).
    bool js_publish(const std::string& subject, const void* data, size_t len, const std::string& msg_id,
                    const std::atomic<bool>& give_up);

    /// Core subscription; `pending_limit` messages may wait for the handler, more are
    /// dropped by the client and counted (Subscription::dropped).
    using CoreHandler = std::function<void(const void* data, size_t len)>;
    std::unique_ptr<Subscription> subscribe(const std::string& subject, int pending_limit, CoreHandler fn);

    /// Durable push consumer `durable` on `stream` (created if missing, explicit acks, every
    /// message from the stream's start, one unacknowledged message at a time so delivery is
    /// in stream order, redeliveries included). The handler gets each message with its stream
    /// sequence and returns once it is applied; the message is acknowledged after it returns
    /// true (false: not acknowledged, redelivered later). Throws NatsError.
    using DurableHandler = std::function<bool(const void* data, size_t len, uint64_t stream_seq)>;
    std::unique_ptr<Subscription> subscribe_durable(const std::string& stream, const std::string& subject,
                                                    const std::string& durable, DurableHandler fn);

private:
    static void on_disconnected(__natsConnection*, void* self);
    static void on_reconnected(__natsConnection*, void* self);
    static void on_closed(__natsConnection*, void* self);
    static void on_connected(__natsConnection*, void* self);
    void set_state(LinkState s);

    std::string url_;
    __natsConnection* nc_ = nullptr;
    __jsCtx* js_ = nullptr;
    std::atomic<uint32_t> state_{0};
    // The client calls back on a thread of its own, also while closing: the destructor
    // waits for the closed callback before the Link goes away.
    std::atomic<bool> closing_{false};
    std::mutex closed_mu_;
    std::condition_variable closed_cv_;
    bool closed_ = false;
    std::atomic<uint64_t> disconnects_{0}, reconnects_{0};
    std::mutex streams_mu_;
    std::vector<std::string> streams_;  // ensured already
};

/// A JetStream stream name for `subject`: its tokens joined by '_' (names may not hold '.').
std::string stream_name(const std::string& subject);
/// A durable consumer name from parts (letters, digits, '-' and '_'; the rest become '_').
std::string durable_name(const std::string& text);

}  // namespace tradehost::nats
