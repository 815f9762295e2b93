#include "positions.hpp"

namespace tradehost::risk_gate {

void Position::apply_fill(th_side side, th_fixed fill_qty, th_fixed px, th_fixed fee) noexcept {
    realized -= fee;
    if (fill_qty <= 0) return;
    const th_fixed signed_qty = side == TH_SIDE_BUY ? fill_qty : -fill_qty;
    const th_fixed old_abs = qty < 0 ? -qty : qty;
    if (qty == 0 || (qty > 0) == (signed_qty > 0)) {
        avg_px = fixed_div(fixed_mul(old_abs, avg_px) + fixed_mul(fill_qty, px), old_abs + fill_qty);
        qty += signed_qty;
        return;
    }
    const th_fixed closed = fill_qty < old_abs ? fill_qty : old_abs;
    realized += fixed_mul(closed, qty > 0 ? px - avg_px : avg_px - px);
    if (fill_qty < old_abs) {
        qty += signed_qty;
    } else if (fill_qty == old_abs) {
        qty = 0;
        avg_px = 0;
    } else {
        const th_fixed opened = fill_qty - old_abs;
        qty = signed_qty > 0 ? opened : -opened;
        avg_px = px;
    }
}

th_fixed InstrumentState::mid() const noexcept {
    if (bid > 0 && ask > 0) return bid + (ask - bid) / 2;
    if (bid > 0) return bid;
    return ask > 0 ? ask : 0;
}

const InstrumentState* PositionBook::find(th_instrument id) const {
    auto it = instruments_.find(id);
    return it == instruments_.end() ? nullptr : &it->second;
}

void PositionBook::on_quote(th_instrument id, th_fixed bid, th_fixed ask) {
    InstrumentState& s = instruments_[id];
    s.bid = bid > 0 ? bid : 0;
    s.ask = ask > 0 ? ask : 0;
    remark(s);
}

void PositionBook::on_fill(th_instrument id, th_side side, th_fixed qty, th_fixed px, th_fixed fee) {
    InstrumentState& s = instruments_[id];
    const th_fixed before = s.pos.realized;
    s.pos.apply_fill(side, qty, px, fee);
    realized_total_ += s.pos.realized - before;
    remark(s);
}

bool PositionBook::reconcile(th_instrument id, th_fixed qty, th_fixed avg_px, th_fixed unrealized) {
    const th_fixed avg = qty != 0 ? avg_px : 0;  // flat has no average
    auto it = instruments_.find(id);
    if (it == instruments_.end() && qty == 0) return false;  // flat agrees with nothing known
    InstrumentState& s = it != instruments_.end() ? it->second : instruments_[id];
    const bool changed = s.pos.qty != qty || s.pos.avg_px != avg;
    s.pos.qty = qty;
    s.pos.avg_px = avg;
    if (qty != 0) {
        // unrealized = qty * (mark - avg), so the venue's mark is avg + unrealized / qty.
        const th_fixed m = avg + fixed_div(unrealized, qty);
        s.venue_mark = m > 0 ? m : 0;
    }
    remark(s);
    return changed;
}

void PositionBook::set(th_instrument id, const InstrumentState& in) {
    InstrumentState& s = instruments_[id];
    realized_total_ -= s.pos.realized;
    unrealized_total_ -= s.unrealized;
    s = in;
    s.unrealized = 0;
    realized_total_ += s.pos.realized;
    remark(s);
}

void PositionBook::remark(InstrumentState& s) {
    const th_fixed m = s.value_px();
    const th_fixed u = s.pos.qty != 0 && m > 0 ? fixed_mul(s.pos.qty, m - s.pos.avg_px) : 0;
    unrealized_total_ += u - s.unrealized;
    s.unrealized = u;
}

}  // namespace tradehost::risk_gate
