// The crossover logic; see strategy.hpp.
#include "strategy.hpp"

#include "limit_price.hpp"

#include <algorithm>
#include <cstring>

namespace tradehost::sma_cross {

Strategy::Strategy(const Settings& settings, std::vector<th_instrument> filter)
    : settings_(settings), filter_(std::move(filter)) {
    std::sort(filter_.begin(), filter_.end());
}

bool Strategy::trades(th_instrument id) const {
    return filter_.empty() || std::binary_search(filter_.begin(), filter_.end(), id);
}

Strategy::Instrument& Strategy::state(th_instrument id) {
    auto it = instruments_.find(id);
    if (it == instruments_.end()) it = instruments_.emplace(id, Instrument(settings_)).first;
    return it->second;
}

Decision Strategy::on_price(th_instrument id, th_fixed px) {
    Decision d;
    Instrument& st = state(id);
    st.last_px = px;
    if (!settings_.signal_name.empty()) return d;  // a model's signals decide; prices price
    if (st.updates++ % static_cast<uint64_t>(settings_.sample_every) != 0) return d;
    st.window.push(px);
    if (!st.window.full()) return d;
    const int sign = st.window.sign();
    if (sign == 0 || sign == st.last_sign) return d;  // equal averages carry no direction
    const bool first = st.last_sign == 0;
    st.last_sign = sign;
    if (first) return d;  // the first direction after warm-up is not a crossing
    return decide(st, id, sign);
}

Decision Strategy::on_direction(th_instrument id, int sign) {
    Instrument& st = state(id);
    if (sign == st.last_sign) return Decision{};
    st.last_sign = sign;
    return decide(st, id, sign);
}

th_fixed Strategy::last_price(th_instrument id) const {
    auto it = instruments_.find(id);
    return it == instruments_.end() ? 0 : it->second.last_px;
}

Decision Strategy::decide(Instrument& st, th_instrument id, int sign) {
    Decision d;
    const th_fixed px = st.last_px;
    d.direction = sign;
    d.target = sign > 0 ? settings_.order_qty : (settings_.allow_short ? -settings_.order_qty : 0);
    if (st.open.active) {
        d.kind = Decision::SkippedPending;
        return d;
    }
    const th_fixed delta = d.target - st.position - open_qty(id);
    if (delta == 0) {
        d.kind = Decision::AtTarget;
        return d;
    }
    d.order.instrument = id;
    d.order.side = delta > 0 ? TH_SIDE_BUY : TH_SIDE_SELL;
    d.order.qty = delta > 0 ? delta : -delta;
    if (settings_.order_type == TH_ORDER_LIMIT) {
        d.order.limit_px = limit_price(px, d.order.side, settings_.limit_offset_bps, settings_.tick_size);
        if (d.order.limit_px <= 0) {
            d.kind = Decision::BadPrice;
            return d;
        }
    }
    d.kind = Decision::Order;
    return d;
}

void Strategy::order_sent(const OrderIntent& o, std::string_view id) {
    OpenOrder& open = state(o.instrument).open;
    open.active = true;
    open.side = o.side;
    open.leaves = o.qty;
    copy_str(open.id, id);
}

void Strategy::on_fill(th_instrument id, th_side side, th_fixed qty) {
    if (side == TH_SIDE_BUY) state(id).position += qty;
    else if (side == TH_SIDE_SELL) state(id).position -= qty;
}

bool Strategy::reconcile(th_instrument id, th_fixed qty) {
    if (position(id) == qty) return false;  // agrees: no state is created for it either
    state(id).position = qty;
    return true;
}

Strategy::Instrument* Strategy::find_open(th_instrument hint, std::string_view id) {
    auto matches = [&](Instrument& st) { return st.open.active && id == st.open.id; };
    auto it = instruments_.find(hint);
    if (it != instruments_.end() && matches(it->second)) return &it->second;
    for (auto& [key, st] : instruments_)
        if (matches(st)) return &st;
    return nullptr;
}

ReportEffect Strategy::on_report(const th_execution_report& r) {
    ReportEffect e;
    const std::string_view id(r.client_order_id, strnlen(r.client_order_id, TH_ID_LEN));
    Instrument* st = find_open(r.instrument, id);
    if (!st) return e;
    e.tracked = true;
    switch (r.exec_type) {
    case TH_EXEC_NEW:
        if (r.leaves_qty > 0) st->open.leaves = r.leaves_qty;
        break;
    case TH_EXEC_PARTIAL_FILL:
    case TH_EXEC_REPLACED:
        st->open.leaves = r.leaves_qty;
        break;
    case TH_EXEC_FILL:
    case TH_EXEC_CANCELED:
    case TH_EXEC_REJECTED:
    case TH_EXEC_EXPIRED:
        st->open = OpenOrder{};
        e.closed = true;
        break;
    default:
        break;
    }
    return e;
}

th_fixed Strategy::position(th_instrument id) const {
    auto it = instruments_.find(id);
    return it == instruments_.end() ? 0 : it->second.position;
}

th_fixed Strategy::open_qty(th_instrument id) const {
    auto it = instruments_.find(id);
    if (it == instruments_.end() || !it->second.open.active) return 0;
    const OpenOrder& o = it->second.open;
    return o.side == TH_SIDE_BUY ? o.leaves : -o.leaves;
}

bool Strategy::has_open_order(th_instrument id) const {
    auto it = instruments_.find(id);
    return it != instruments_.end() && it->second.open.active;
}

}  // namespace tradehost::sma_cross
