// risk_gate: orders the gate approved and the venue has not finished, with their leaves.
//
// Leaves are order_qty - max(cum from fills, cum from execution reports), so the result is
// the same whichever of the fill and its report arrives first. A replace is pending until
// the venue answers: meanwhile the order counts as the larger of the old and new leaves.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_OPEN_ORDERS_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_OPEN_ORDERS_HPP

#include <tradehost/plugin.hpp>

#include <map>
#include <string>

namespace tradehost::risk_gate {

struct OpenOrder {
    std::string id;
    th_instrument instrument = 0;
    uint8_t side = TH_SIDE_NONE;
    uint8_t type = TH_ORDER_LIMIT;
    th_fixed qty = 0;
    th_fixed limit_px = 0;
    th_fixed stop_px = 0;
    th_fixed px = 0;             ///< reference price for notional
    th_fixed cum_fills = 0;      ///< sum of fills seen on the fills port
    th_fixed cum_reported = 0;   ///< highest cum_qty seen in execution reports
    bool acked = false;          ///< the venue has reported on it (so it is live there)
    bool has_pending = false;    ///< a replace was approved; venue answer outstanding
    std::string pending_id;
    th_fixed pending_qty = 0;
    th_fixed pending_limit_px = 0;
    th_fixed pending_stop_px = 0;
    th_fixed pending_px = 0;

    th_fixed cum() const noexcept { return cum_fills > cum_reported ? cum_fills : cum_reported; }
    th_fixed leaves() const noexcept { th_fixed l = qty - cum(); return l > 0 ? l : 0; }
    th_fixed pending_leaves() const noexcept { th_fixed l = pending_qty - cum(); return l > 0 ? l : 0; }
    /// Quantity this order may still add to its side.
    th_fixed exposure_qty() const noexcept;
    /// Notional this order may still add to its side.
    th_fixed exposure_notional() const noexcept;
};

/// Open quantity and notional per side of one instrument.
struct SideTotals {
    th_fixed buy_qty = 0, sell_qty = 0;
    th_fixed buy_notional = 0, sell_notional = 0;
};

class OpenOrders {
public:
    /// The open order answering to `id`, directly or as its pending replacement.
    const OpenOrder* find(const std::string& id) const;
    /// True if `id` is an open order or a pending replacement id.
    bool contains(const std::string& id) const { return find(id) != nullptr; }

    void add(OpenOrder o);
    /// An approved replace of open order `orig`.
    void set_pending(const std::string& orig, const std::string& new_id, th_fixed qty, th_fixed limit_px,
                     th_fixed stop_px, th_fixed px);

    void on_fill(const std::string& id, th_fixed qty);
    void on_report(const th_execution_report& r);

    /// Totals of `instrument`, leaving out the order `exclude` (and its pending replace).
    SideTotals totals(th_instrument instrument, const std::string* exclude = nullptr) const;
    /// Totals of every instrument, leaving out `exclude`.
    std::map<th_instrument, SideTotals> all_totals(const std::string* exclude = nullptr) const;

    const std::map<std::string, OpenOrder>& all() const { return orders_; }
    size_t size() const { return orders_.size(); }

private:
    std::string resolve(const std::string& id) const;  // key of the order, or ""
    void promote(const std::string& orig);               // apply the pending replace
    void remove(const std::string& key);
    void remove_if_done(const std::string& key);

    std::map<std::string, OpenOrder> orders_;
    std::map<std::string, std::string> pending_;  // replacement id -> current id
};

}  // namespace tradehost::risk_gate

#endif
