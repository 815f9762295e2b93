// Transaction cost analysis of a journal's session: per parent order (an execution
// algorithm's order whose fills name the child that made them in venue_order_id, as
// exec_algos publishes them) the arrival price, the interval VWAP, the implementation
// shortfall and the slippage of each child. Market prices come from the inputs the session
// recorded (host.record_inputs): the last quote mid at or before a time, and the trade
// prints in an interval. `tradehost tca` prints it (docs/operator-guide.md, "TCA").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tradehost::tca {

class TcaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ChildCost {
    std::string id;
    double qty = 0;                      ///< filled
    double avg_px = 0;
    int64_t sent_ts = 0;                 ///< the child's order (0 if not journaled)
    int64_t first_fill_ts = 0;
    std::optional<double> mid_at_send;   ///< quote mid when the child was sent
    std::optional<double> vs_arrival_bps;  ///< side * (avg - arrival) / arrival * 1e4: > 0 costs
    std::optional<double> vs_send_bps;     ///< side * (avg - mid at send) / mid at send * 1e4
};

struct ParentCost {
    std::string id, instrument, side, algo_source;  ///< algo_source: the instance that worked it
    std::string status;                  ///< its last report's status
    double order_qty = 0, filled = 0, avg_px = 0, fees = 0;
    int64_t arrival_ts = 0, end_ts = 0;  ///< arrival; last fill
    std::optional<double> arrival_px;    ///< quote mid at arrival
    std::optional<double> interval_vwap; ///< trade prints in [arrival, last fill]
    std::optional<double> is_bps;        ///< implementation shortfall of the filled part, bps of arrival
    std::optional<double> is_cost;       ///< side * (avg - arrival) * filled + fees, in price currency
    std::optional<double> vs_vwap_bps;   ///< side * (avg - vwap) / vwap * 1e4
    std::vector<ChildCost> children;
    std::vector<uint64_t> causes;        ///< decision ids its children's orders name (its target)
};

/// One row of the journal's decision log (table `decisions`, ABI 1.3).
struct Decision {
    uint64_t id = 0;
    int64_t ts = 0;
    std::string source, kind, instrument, ref, inputs;  ///< inputs: JSON text
    double value = 0;
    std::vector<uint64_t> causes;
};

struct Report {
    std::string journal;
    uint64_t session = 0;
    bool has_market = false;  ///< the session recorded its inputs (quotes, trades)
    std::vector<ParentCost> parents;
    /// With analyse(..., decisions = true): the session's decision log, by id, and whether
    /// the journal has one (a journal older than the decision log has not).
    bool decisions_asked = false;
    bool has_decisions = false;
    std::map<uint64_t, Decision> decisions;
};

/// Analyse `session` of the journal at `path` (0: the latest session). Throws TcaError
/// naming the file or the session when they are not there.
Report analyse(const std::string& path, uint64_t session, bool decisions = false);

/// The report as text for a terminal; with the decision log loaded, each parent's chain
/// target <- picks <- signals with the inputs of each.
std::string format(const Report& r);
/// The chain of decisions under `parent` (its causes, theirs, ...), one line each, indented
/// by depth; "" without any.
std::string format_chain(const Report& r, const ParentCost& parent);

}  // namespace tradehost::tca
