// risk_gate: the drawdown kill switch. Equity = equity_base + PnL (realized net of fees +
// unrealized at marks, the gate's PositionBook); the switch trips when equity falls from its
// peak by more than the limit (an amount, or a fraction of the peak) and then stays tripped,
// across restarts, until the operator re-arms it (a new `drawdown_rearm` value).
#ifndef TRADEHOST_PLUGINS_RISK_GATE_DRAWDOWN_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_DRAWDOWN_HPP

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>

namespace tradehost::risk_gate {

struct DrawdownLimits {
    th_fixed amount = 0;   ///< max_drawdown; 0 = off
    double fraction = 0;   ///< max_drawdown_pct / 100 of the peak equity; 0 = off
    bool on() const noexcept { return amount > 0 || fraction > 0; }
};

struct Drawdown {
    th_fixed basis = 0;        ///< equity - PnL: equity_base, moved by reconciliations and restarts
    th_fixed peak = 0;         ///< highest equity seen
    bool started = false;      ///< peak is set
    bool tripped = false;
    th_fixed trip_drawdown = 0;
    th_fixed trip_equity = 0;
    th_time_ns trip_ts = 0;
    std::string rearm;         ///< the drawdown_rearm value in force when it tripped

    th_fixed equity(th_fixed pnl) const noexcept { return basis + pnl; }
    th_fixed drawdown(th_fixed pnl) const noexcept {
        const th_fixed d = peak - equity(pnl);
        return started && d > 0 ? d : 0;
    }
    /// Raise the peak to the current equity if higher. True if it rose.
    bool observe(th_fixed pnl) noexcept;
    /// observe(), then trip if the drawdown exceeds a limit. True only on the event that trips;
    /// once tripped the peak stays where it was.
    bool check(th_fixed pnl, const DrawdownLimits& lim, th_time_ns ts, const std::string& rearm_now);
    /// Clear a trip; the peak restarts at the current equity.
    void rearm_at(th_fixed pnl) noexcept;

    /// The record kept in the journal (state_put) and in snapshots. Equity is written, not the
    /// basis, so that a new session (PnL from 0) continues from the same equity.
    std::string encode(th_fixed pnl) const;
    /// Throws tradehost::Error when malformed; `pnl` is the PnL of the reading session now.
    static Drawdown decode(std::string_view blob, th_fixed pnl);
};

}  // namespace tradehost::risk_gate

#endif
