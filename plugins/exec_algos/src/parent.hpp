// exec_algos: a parent order and its children, as the engine keeps and saves them.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_PARENT_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_PARENT_HPP

#include "algo.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

namespace tradehost::exec_algos {

struct Child {
    std::string id;
    std::string parent;
    uint8_t order_type = TH_ORDER_MARKET;
    th_fixed qty = 0;
    th_fixed limit_px = 0;
    th_fixed cum_fills = 0;     ///< from fills
    th_fixed cum_reported = 0;  ///< from execution reports
    th_time_ns sent_ts = 0;
    bool acked = false;
    bool cancel_sent = false;
    bool done = false;          ///< filled, cancelled, rejected or expired

    /// Quantity this child has taken of its parent: all of it while live; what it filled once done.
    th_fixed committed() const noexcept { return done ? (cum_fills > cum_reported ? cum_fills : cum_reported) : qty; }
};

struct Parent {
    std::string id;              ///< the client order id the parent's reports carry
    th_instrument instrument = 0;
    uint8_t side = TH_SIDE_BUY;
    Algo algo = Algo::Twap;
    th_fixed qty = 0;
    th_fixed limit_px = 0;       ///< 0: no cap
    th_time_ns start = 0;
    int64_t duration_ns = 0;
    std::vector<th_fixed> plan;  ///< scheduled algos: cumulative quantity per slice
    th_fixed arrival_mid = 0;
    th_fixed volume_at_start = 0;  ///< pov: the instrument's traded volume when it arrived
    th_fixed filled = 0;
    th_fixed notional = 0;       ///< sum of fill px * qty, for the average price
    int rejects_in_row = 0;
    bool from_target = false;
    uint64_t cause = 0;          ///< decision id (ABI 1.3) of its target or parent order request;
                                 ///< its children carry it as th_order_request::cause_id
    bool canceling = false;
    std::string cancel_reason;
    std::vector<std::string> children;  ///< ids, in the order sent

    th_fixed leaves() const noexcept { return qty - filled; }
    th_fixed avg_px() const noexcept { return filled > 0 ? fixed_div(notional, filled) : 0; }
};

}  // namespace tradehost::exec_algos

#endif
