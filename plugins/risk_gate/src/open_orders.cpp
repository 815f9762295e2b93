#include "open_orders.hpp"

#include "ids.hpp"

namespace tradehost::risk_gate {

th_fixed OpenOrder::exposure_qty() const noexcept {
    const th_fixed l = leaves();
    if (!has_pending) return l;
    const th_fixed p = pending_leaves();
    return p > l ? p : l;
}

th_fixed OpenOrder::exposure_notional() const noexcept {
    const th_fixed n = fixed_mul(leaves(), px);
    if (!has_pending) return n;
    const th_fixed p = fixed_mul(pending_leaves(), pending_px);
    return p > n ? p : n;
}

const OpenOrder* OpenOrders::find(const std::string& id) const {
    std::string key = resolve(id);
    if (key.empty()) return nullptr;
    return &orders_.at(key);
}

std::string OpenOrders::resolve(const std::string& id) const {
    if (orders_.count(id)) return id;
    auto p = pending_.find(id);
    return p == pending_.end() ? std::string() : p->second;
}

void OpenOrders::add(OpenOrder o) {
    std::string id = o.id;
    orders_[id] = std::move(o);
}

void OpenOrders::set_pending(const std::string& orig, const std::string& new_id, th_fixed qty,
                             th_fixed limit_px, th_fixed stop_px, th_fixed px) {
    auto it = orders_.find(orig);
    if (it == orders_.end()) return;
    OpenOrder& o = it->second;
    if (o.has_pending) pending_.erase(o.pending_id);
    o.has_pending = true;
    o.pending_id = new_id;
    o.pending_qty = qty;
    o.pending_limit_px = limit_px;
    o.pending_stop_px = stop_px;
    o.pending_px = px;
    pending_[new_id] = orig;
}

void OpenOrders::promote(const std::string& orig) {
    auto it = orders_.find(orig);
    if (it == orders_.end() || !it->second.has_pending) return;
    OpenOrder o = it->second;
    remove(orig);
    o.id = o.pending_id;
    o.qty = o.pending_qty;
    o.limit_px = o.pending_limit_px;
    o.stop_px = o.pending_stop_px;
    o.px = o.pending_px;
    o.has_pending = false;
    o.pending_id.clear();
    o.pending_qty = o.pending_limit_px = o.pending_stop_px = o.pending_px = 0;
    std::string id = o.id;
    orders_[id] = std::move(o);
}

void OpenOrders::remove(const std::string& key) {
    auto it = orders_.find(key);
    if (it == orders_.end()) return;
    if (it->second.has_pending) pending_.erase(it->second.pending_id);
    orders_.erase(it);
}

void OpenOrders::remove_if_done(const std::string& key) {
    auto it = orders_.find(key);
    if (it != orders_.end() && it->second.exposure_qty() <= 0) remove(key);
}

void OpenOrders::on_fill(const std::string& id, th_fixed qty) {
    std::string key = resolve(id);
    if (key.empty()) return;
    if (key != id) {  // a fill under the replacement id: the replace took effect
        promote(key);
        key = id;
    }
    orders_[key].cum_fills += qty;
    remove_if_done(key);
}

void OpenOrders::on_report(const th_execution_report& r) {
    const std::string id = id_text(r.client_order_id);
    std::string key = resolve(id);
    if (key.empty()) return;
    const bool via_pending = key != id;

    switch (r.exec_type) {
    case TH_EXEC_REJECTED:
        if (via_pending) {  // the venue refused the replace: the order stays as it was
            OpenOrder& o = orders_[key];
            o.has_pending = false;
            o.pending_id.clear();
            pending_.erase(id);
            remove_if_done(key);
        } else if (!orders_[key].acked) {
            remove(key);  // the venue refused the new order
        }
        return;
    case TH_EXEC_CANCELED:
    case TH_EXEC_EXPIRED:
        remove(key);
        return;
    default:
        break;
    }
    if (via_pending) {  // REPLACED, or a fill report under the new id
        promote(key);
        key = id;
    }
    OpenOrder& o = orders_[key];
    o.acked = true;
    if (r.cum_qty > o.cum_reported) o.cum_reported = r.cum_qty;
    if (r.status == TH_STATUS_FILLED || r.exec_type == TH_EXEC_FILL) {
        remove(key);
        return;
    }
    remove_if_done(key);
}

SideTotals OpenOrders::totals(th_instrument instrument, const std::string* exclude) const {
    SideTotals t;
    for (const auto& kv : orders_) {
        const OpenOrder& o = kv.second;
        if (o.instrument != instrument || (exclude && kv.first == *exclude)) continue;
        if (o.side == TH_SIDE_BUY) {
            t.buy_qty += o.exposure_qty();
            t.buy_notional += o.exposure_notional();
        } else {
            t.sell_qty += o.exposure_qty();
            t.sell_notional += o.exposure_notional();
        }
    }
    return t;
}

std::map<th_instrument, SideTotals> OpenOrders::all_totals(const std::string* exclude) const {
    std::map<th_instrument, SideTotals> out;
    for (const auto& kv : orders_) {
        const OpenOrder& o = kv.second;
        if (exclude && kv.first == *exclude) continue;
        SideTotals& t = out[o.instrument];
        if (o.side == TH_SIDE_BUY) {
            t.buy_qty += o.exposure_qty();
            t.buy_notional += o.exposure_notional();
        } else {
            t.sell_qty += o.exposure_qty();
            t.sell_notional += o.exposure_notional();
        }
    }
    return out;
}

}  // namespace tradehost::risk_gate
