// risk_gate: approved orders in the sliding second before an event time.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_RATE_WINDOW_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_RATE_WINDOW_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <deque>

namespace tradehost::risk_gate {

class RateWindow {
public:
    static constexpr th_time_ns kWindow = INT64_C(1000000000);

    /// Orders recorded in (now - 1s, now].
    int64_t count(th_time_ns now) const noexcept {
        int64_t n = 0;
        for (th_time_ns t : times_)
            if (t > now - kWindow && t <= now) ++n;
        return n;
    }
    /// Record an order at `now`, forgetting those that can no longer be in a window.
    void record(th_time_ns now) {
        while (!times_.empty() && times_.front() <= now - kWindow) times_.pop_front();
        times_.push_back(now);
    }
    const std::deque<th_time_ns>& times() const { return times_; }
    void assign(std::deque<th_time_ns> t) { times_ = std::move(t); }

private:
    std::deque<th_time_ns> times_;
};

}  // namespace tradehost::risk_gate

#endif
