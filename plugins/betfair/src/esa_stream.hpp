// betfair: one ESA subscription over a TLS line connection: the transport
// (venue::TlsLineClient, reconnect with back-off), the session state machine (esa_session.hpp)
// and, for a market subscription, the market cache. Everything runs on the connection's
// thread; the callbacks are how the plugin publishes (books, trades, definitions, order
// changes, venue status).
#pragma once

#include "esa_cache.hpp"
#include "esa_orders.hpp"
#include "esa_session.hpp"

#include <tradehost/venue/tls_line_client.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace tradehost::betfair::esa {

struct StreamOptions {
    venue::TlsLineOptions net;         ///< stream-api.betfair.com:443
    SessionConfig session;
    std::string app_key;
    /// The current session token (the execution path's login); read at each connect.
    std::function<std::string()> session_token;
};

struct StreamCallbacks {
    std::function<void(const MarketCache&, const Changes&)> on_market;  ///< after each applied mcm
    std::function<void(const OrderChanges&)> on_orders;                  ///< after each applied ocm
    /// Instead of on_orders: the ocm line itself, for a consumer that parses on its own
    /// thread (the execution worker's stream_message).
    std::function<void(std::string_view line)> on_order_line;
    /// up: live (subscribed); down: a connection ended, with why; stopped: a fatal error.
    std::function<void(bool up, const std::string& reason)> on_status;
    std::function<void(const std::string& what)> on_error;               ///< malformed parts, logged
};

class Stream {
public:
    Stream(StreamOptions opt, StreamCallbacks cb);
    ~Stream();
    void start();
    void stop();

    // Counters (any thread).
    uint64_t images() const noexcept { return images_.load(); }
    uint64_t resub_deltas() const noexcept { return resub_deltas_.load(); }
    uint64_t conflated() const noexcept { return conflated_.load(); }
    uint64_t reconnects() const noexcept { return reconnects_.load(); }
    bool live() const noexcept { return live_.load(); }
    /// The cache; only from the callbacks (the stream's thread) or after stop().
    const MarketCache& cache() const noexcept { return cache_; }
    const Session& session() const noexcept { return session_; }

private:
    void act(venue::TlsLineClient& c, const Action& a);
    void on_line(venue::TlsLineClient& c, std::string_view line);

    StreamOptions opt_;
    StreamCallbacks cb_;
    Session session_;
    MarketCache cache_;
    std::atomic<uint64_t> images_{0}, resub_deltas_{0}, conflated_{0}, reconnects_{0};
    std::atomic<bool> live_{false};
    std::unique_ptr<venue::TlsLineClient> client_;
};

}  // namespace tradehost::betfair::esa
