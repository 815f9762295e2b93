// risk_gate: the plugin instance. Checks each order request against the rules, forwards
// approved ones unchanged, publishes a rejected execution report for the others, and keeps
// positions (fills, set by the venue's position events), marks (quotes) and open orders
// (execution reports) to check against.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_RISK_GATE_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_RISK_GATE_HPP

#include "config.hpp"
#include "rules.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>

namespace tradehost::risk_gate {

/// Port indices, in the order of kPorts (plugin.cpp).
enum Port : uint32_t {
    kPortOrdersIn = 0,
    kPortFills = 1,
    kPortQuotes = 2,
    kPortExecReports = 3,
    kPortOrdersOut = 4,
    kPortRejects = 5,
    kPortPositions = 6,  ///< input, appended after the outputs so that older indexes stay
};

class RiskGate {
public:
    RiskGate(Host host, const Config& cfg);

    /// Loads the drawdown record the journal keeps (unless a hot reload restored the state).
    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    void on_order(const th_order_request& req);
    void on_fill(const th_fill& f);
    void on_quote(const th_quote& q);
    void on_report(const th_execution_report& r);
    void on_position(const th_position& p);

    /// Start a new UTC day if `ts` is in one, then latch a daily-loss breach if any.
    void roll(th_time_ns ts);
    void check_loss();
    /// Track the equity peak; trip the drawdown kill switch, journal and log it.
    void check_drawdown(th_time_ns ts);
    void save_drawdown();
    void remember(const Proposal& p, th_time_ns ts);
    void publish_reject(const th_order_request& req, const Verdict& v);
    std::string symbol(th_instrument id) const;

    Host host_;
    RiskLimits limits_;
    RiskState st_;
    bool loaded_ = false;       ///< state came from a hot reload or start() already ran
    th_fixed saved_peak_ = 0;   ///< peak in the last journaled drawdown record
};

}  // namespace tradehost::risk_gate

#endif
