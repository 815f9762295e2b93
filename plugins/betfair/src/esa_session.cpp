// betfair: the ESA session state machine (see esa_session.hpp).
#include "esa_session.hpp"

#include <tradehost/venue/sign.hpp>

namespace tradehost::betfair::esa {

Session::~Session() {
    venue::secure_clear(app_key_);
    venue::secure_clear(session_);
}

const char* name(State s) noexcept {
    switch (s) {
    case State::disconnected: return "disconnected";
    case State::connecting: return "connecting";
    case State::authenticating: return "authenticating";
    case State::subscribing: return "subscribing";
    case State::live: return "live";
    case State::stopped: return "stopped";
    }
    return "?";
}

std::chrono::milliseconds Session::heartbeat_gap() const noexcept {
    if (cfg_.heartbeat_gap.count() > 0) return cfg_.heartbeat_gap;
    const int64_t hb = cfg_.kind == Kind::market ? cfg_.market.heartbeat_ms : cfg_.heartbeat_ms;
    return std::chrono::milliseconds(3 * hb);
}

Action Session::fail(std::string why, bool stop) {
    Action a;
    a.reason = std::move(why);
    if (stop) {
        state_ = State::stopped;
        a.stop = true;
    } else {
        state_ = State::disconnected;
        a.reconnect = true;
    }
    return a;
}

Action Session::on_connected(Clock::time_point now, std::string app_key, std::string session) {
    Action a;
    if (state_ == State::stopped) return a;
    app_key_ = std::move(app_key);
    session_ = std::move(session);
    // The server speaks first (op=connection); authentication may be sent at once, and the
    // subscribe timeout runs from here.
    auth_id_ = next_id_++;
    a.send = authentication(auth_id_, app_key_, session_);
    state_ = State::authenticating;
    waiting_since_ = now;
    last_line_ = now;
    return a;
}

Action Session::on_message(Clock::time_point now, const Message& m, bool& apply) {
    apply = false;
    Action a;
    if (state_ == State::stopped || state_ == State::disconnected) return a;
    last_line_ = now;
    switch (m.op) {
    case Op::connection:
        connection_id_ = m.connection_id;
        return a;
    case Op::status:
        if (!m.success || m.connection_closed) {
            std::string why = "status " + (m.error_code.empty() ? std::string("FAILURE") : m.error_code);
            if (!m.error_message.empty()) why += ": " + m.error_message;
            if (m.connection_closed) why += " (connectionClosed)";
            // A clock the server no longer knows: start again from a full image.
            if (m.error_code == "INVALID_CLOCK") clocks_ = {};
            return fail(std::move(why), fatal_error(m.error_code));
        }
        if (m.id == auth_id_ && state_ == State::authenticating) {
            sub_id_ = next_id_++;
            a.send = cfg_.kind == Kind::market
                         ? market_subscription(sub_id_, cfg_.market, clocks_)
                         : order_subscription(sub_id_, cfg_.heartbeat_ms, cfg_.conflate_ms, clocks_);
            state_ = State::subscribing;
            waiting_since_ = now;
        } else if (m.id == sub_id_ && state_ == State::subscribing) {
            state_ = State::live;
        }
        return a;
    case Op::mcm:
    case Op::ocm:
        if ((m.op == Op::mcm) != (cfg_.kind == Kind::market)) return a;  // another subscription's
        // The first change message also acknowledges the subscription.
        if (state_ == State::subscribing) state_ = State::live;
        if (state_ != State::live) return a;
        // Clocks are only a resume point at the end of a message (segments of one image
        // share them); keep the newest non-empty ones.
        if (m.segment == Segment::none || m.segment == Segment::end) {
            if (!m.initial_clk.empty()) clocks_.initial_clk = m.initial_clk;
            if (!m.clk.empty()) clocks_.clk = m.clk;
        }
        if (m.ct == ChangeType::heartbeat) return a;
        conflated_ = m.conflated;
        if (m.conflated) ++conflated_count_;
        apply = true;
        return a;
    case Op::unknown: return a;
    }
    return a;
}

Action Session::on_garbage(const std::string& why) {
    if (state_ == State::stopped) return {};
    return fail("unreadable line: " + why);
}

Action Session::on_tick(Clock::time_point now) {
    if (state_ == State::authenticating || state_ == State::subscribing) {
        if (now - waiting_since_ >= cfg_.subscribe_timeout)
            return fail(std::string("no answer while ") + name(state_) + " within " +
                        std::to_string(cfg_.subscribe_timeout.count()) + " ms (subscribe timeout)");
    } else if (state_ == State::live) {
        if (now - last_line_ >= heartbeat_gap())
            return fail("no message for " + std::to_string(heartbeat_gap().count()) + " ms (heartbeat lost)");
    }
    return {};
}

void Session::on_disconnected() noexcept {
    if (state_ != State::stopped) state_ = State::disconnected;
}

}  // namespace tradehost::betfair::esa
