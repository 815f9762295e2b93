// risk_gate: PnL of the current UTC day (by event time) and the latched daily-loss breach.
//
// Day PnL = total PnL now - total PnL when the day began, where total PnL is realized (net of
// fees) plus unrealized at quote mids. Once the loss exceeds the limit the breach stays until
// the first event of the next UTC day.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_DAILY_LOSS_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_DAILY_LOSS_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>

namespace tradehost::risk_gate {

/// UTC day number of an event time (floor division).
inline int64_t utc_day(th_time_ns ts) noexcept {
    constexpr int64_t kDay = INT64_C(86400000000000);
    return ts >= 0 ? ts / kDay : -((-ts + kDay - 1) / kDay);
}

struct DailyLoss {
    bool started = false;
    int64_t day = 0;
    th_fixed start_total = 0;   ///< total PnL when `day` began
    bool breached = false;
    th_fixed breach_loss = 0;   ///< loss when the breach was latched

    /// Call before applying an event at `ts`; `total_pnl` is the total before the event.
    void roll(th_time_ns ts, th_fixed total_pnl) noexcept {
        const int64_t d = utc_day(ts);
        if (started && d <= day) return;
        started = true;
        day = d;
        start_total = total_pnl;
        breached = false;
        breach_loss = 0;
    }
    /// Loss of the day so far (positive = losing).
    th_fixed loss(th_fixed total_pnl) const noexcept { return start_total - total_pnl; }
    /// Latch the breach if the loss exceeds `limit` (> 0). Returns `breached`.
    bool check(th_fixed total_pnl, th_fixed limit) noexcept {
        if (limit <= 0 || breached) return breached;
        const th_fixed l = loss(total_pnl);
        if (l > limit) {
            breached = true;
            breach_loss = l;
        }
        return breached;
    }
};

}  // namespace tradehost::risk_gate

#endif
