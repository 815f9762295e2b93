#include "accounting.hpp"

namespace tradehost::paper {

void Position::apply_fill(th_side side, th_fixed fill_qty, th_fixed px, th_fixed fee) noexcept {
    realized -= fee;
    if (fill_qty <= 0) return;
    const th_fixed signed_qty = side == TH_SIDE_BUY ? fill_qty : -fill_qty;
    const bool adding = qty == 0 || (qty > 0) == (signed_qty > 0);
    if (adding) {
        const th_fixed old_abs = qty < 0 ? -qty : qty;
        const th_fixed total = old_abs + fill_qty;
        avg_px = fixed_div(fixed_mul(old_abs, avg_px) + fixed_mul(fill_qty, px), total);
        qty += signed_qty;
        return;
    }
    const th_fixed old_abs = qty < 0 ? -qty : qty;
    const th_fixed closed = fill_qty < old_abs ? fill_qty : old_abs;
    const th_fixed per_unit = qty > 0 ? px - avg_px : avg_px - px;
    realized += fixed_mul(closed, per_unit);
    if (fill_qty < old_abs) {
        qty += signed_qty;  // reduced; the average of the rest is unchanged
    } else if (fill_qty == old_abs) {
        qty = 0;
        avg_px = 0;
    } else {
        const th_fixed opened = fill_qty - old_abs;  // flip: the rest opens at this price
        qty = signed_qty > 0 ? opened : -opened;
        avg_px = px;
    }
}

th_fixed Position::unrealized(th_fixed mark) const noexcept {
    if (qty == 0 || mark <= 0) return 0;
    return fixed_mul(qty, mark - avg_px);
}

}  // namespace tradehost::paper
