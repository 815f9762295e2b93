// betfair: one ESA subscription's life, as a state machine driven by lines and by the clock
// (pure: the transport feeds it and does what it says). It owns the rules the Python
// frameworks get wrong:
//  - every request (authentication, subscription) must be answered within
//    `subscribe_timeout` (Betfair's 15 s): otherwise the connection is dropped and redone;
//  - once subscribed, a line must arrive within `heartbeat_gap` (a multiple of heartbeatMs;
//    the server sends HEARTBEAT when idle): otherwise the connection is dead;
//  - the clocks of the last complete message (unsegmented or SEG_END) are kept, so the
//    resubscribe after a reconnect carries initialClk/clk and the server sends RESUB_DELTA;
//  - status with connectionClosed, or an error code, ends the connection; codes that a
//    reconnect cannot fix (esa::fatal_error) stop the session.
#pragma once

#include "esa_protocol.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace tradehost::betfair::esa {

enum class Kind : uint8_t { market, order };

struct SessionConfig {
    Kind kind = Kind::market;
    MarketSubscription market;                              ///< kind market
    int64_t heartbeat_ms = 5000, conflate_ms = 0;           ///< kind order (market: in `market`)
    std::chrono::milliseconds subscribe_timeout{15000};
    /// No line for this long after subscribing: reconnect. 0: 3 x heartbeatMs.
    std::chrono::milliseconds heartbeat_gap{0};
};

enum class State : uint8_t { disconnected, connecting, authenticating, subscribing, live, stopped };
const char* name(State s) noexcept;

/// What the transport must do after a call.
struct Action {
    std::string send;        ///< lines to write (may be empty)
    bool reconnect = false;  ///< drop the connection and open a new one (after back-off)
    bool stop = false;       ///< give up: a fatal error (reason says which)
    std::string reason;      ///< why reconnect/stop, for the log and the status event
};

class Session {
public:
    using Clock = std::chrono::steady_clock;
    explicit Session(SessionConfig cfg) : cfg_(std::move(cfg)) {}
    /// Wipes its copies of the application key and the session token.
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// The transport connected (TLS up); `session` is the current session token.
    Action on_connected(Clock::time_point now, std::string app_key, std::string session);
    /// One line arrived. `msg` is the parsed line (the caller applies mcm/ocm bodies when
    /// `apply` is set on return).
    Action on_message(Clock::time_point now, const Message& msg, bool& apply);
    /// A line that did not parse: logged by the caller; the stream is out of step, reconnect.
    Action on_garbage(const std::string& why);
    /// Time passed: checks the subscribe timeout and the heartbeat gap.
    Action on_tick(Clock::time_point now);
    /// The transport lost the connection.
    void on_disconnected() noexcept;

    State state() const noexcept { return state_; }
    const Clocks& clocks() const noexcept { return clocks_; }
    const std::string& connection_id() const noexcept { return connection_id_; }
    /// True when the last image/delta was conflated (`con`): the consumer is too slow.
    bool conflated() const noexcept { return conflated_; }
    uint64_t conflated_count() const noexcept { return conflated_count_; }
    std::chrono::milliseconds heartbeat_gap() const noexcept;

private:
    Action fail(std::string why, bool stop = false);

    SessionConfig cfg_;
    State state_ = State::disconnected;
    Clocks clocks_;
    std::string connection_id_, app_key_, session_;
    int next_id_ = 1, auth_id_ = 0, sub_id_ = 0;
    Clock::time_point waiting_since_{}, last_line_{};
    bool conflated_ = false;
    uint64_t conflated_count_ = 0;
};

}  // namespace tradehost::betfair::esa
