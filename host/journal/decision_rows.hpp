// Rows of the journal's `decisions` table (docs/operator-guide.md, "Decision log"): what one
// signal, target or caused order decided, the numbers it carried, and the decision ids it came
// from. Pure: the journal's writer binds them.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost {

struct DecisionRow {
    uint64_t id = 0;           ///< host-stamped decision id (ABI 1.3); 0 from an older publisher
    const char* kind = "";     ///< "signal", "target" or "order"
    th_instrument instrument = 0;
    double value = 0;          ///< a signal's value or a target's value
    std::optional<double> qty; ///< an order's quantity
    std::string ref;           ///< an order's client order id; a signal's name; a target's strategy
    std::string inputs;        ///< JSON object of the event's own numbers and texts
    std::string causes;        ///< JSON array of the cause ids, e.g. [12,15]
};

DecisionRow decision_of(const th_signal& s);
DecisionRow decision_of(const th_target& t);
/// Only an order that names its cause (an execution algorithm's child) is a decision row.
std::optional<DecisionRow> decision_of(const th_order_request& o);

}  // namespace tradehost
