// risk_gate: positions from fills (set by the venue's position events) and marks from
// quotes, with running PnL totals.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_POSITIONS_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_POSITIONS_HPP

#include <tradehost/plugin.hpp>

#include <map>

namespace tradehost::risk_gate {

/// Net position of one instrument, in th_fixed with 128-bit products.
struct Position {
    th_fixed qty = 0;       ///< signed: long > 0
    th_fixed avg_px = 0;    ///< 0 when flat
    th_fixed realized = 0;  ///< net of fees

    /// Adding moves the average; reducing realizes; crossing zero opens the rest at `px`.
    void apply_fill(th_side side, th_fixed fill_qty, th_fixed px, th_fixed fee) noexcept;
};

/// What the gate knows about one instrument.
struct InstrumentState {
    Position pos;
    th_fixed bid = 0;          ///< last quote; 0 if none or that side was empty
    th_fixed ask = 0;
    th_fixed venue_mark = 0;   ///< price the venue's last position event valued it at; 0 if none
    th_fixed unrealized = 0;   ///< pos marked at value_px(); 0 without one

    /// Mid of the last quote (one side if only one), 0 if none.
    th_fixed mid() const noexcept;
    /// Price the position is valued at for PnL: the mid, else the venue's mark, else 0.
    th_fixed value_px() const noexcept { th_fixed m = mid(); return m > 0 ? m : venue_mark; }
    /// Price for the position's notional: value_px(), else the average price.
    th_fixed mark() const noexcept { th_fixed m = value_px(); return m > 0 ? m : pos.avg_px; }
};

class PositionBook {
public:
    const InstrumentState* find(th_instrument id) const;
    void on_quote(th_instrument id, th_fixed bid, th_fixed ask);
    void on_fill(th_instrument id, th_side side, th_fixed qty, th_fixed px, th_fixed fee);
    /// The venue's position of `id` (a th_position event), which is the truth: it sets the
    /// quantity and the average price (cost basis), replacing what fills accumulated; it does
    /// not add. Realized PnL stays the gate's own. The venue's valuation (`unrealized`, at its
    /// mark) gives venue_mark. True if the quantity or the average price changed.
    bool reconcile(th_instrument id, th_fixed qty, th_fixed avg_px, th_fixed unrealized);
    /// Replace an instrument's state wholesale (restore).
    void set(th_instrument id, const InstrumentState& s);

    th_fixed realized_total() const noexcept { return realized_total_; }
    th_fixed unrealized_total() const noexcept { return unrealized_total_; }
    th_fixed total_pnl() const noexcept { return realized_total_ + unrealized_total_; }
    const std::map<th_instrument, InstrumentState>& all() const { return instruments_; }

private:
    void remark(InstrumentState& s);
    std::map<th_instrument, InstrumentState> instruments_;
    th_fixed realized_total_ = 0;
    th_fixed unrealized_total_ = 0;
};

}  // namespace tradehost::risk_gate

#endif
