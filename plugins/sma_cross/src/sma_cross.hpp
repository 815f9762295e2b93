// The sma_cross instance: reads prices, fills, execution reports and venue positions,
// publishes orders.
#pragma once

#include "order_ids.hpp"
#include "settings.hpp"
#include "strategy.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>

namespace tradehost::sma_cross {

/// Port indices; must match kPorts in plugin.cpp.
enum : uint32_t {
    kPortQuotes = 0,
    kPortBars = 1,
    kPortFills = 2,
    kPortExecReports = 3,
    kPortOrders = 4,
    kPortPositions = 5,  ///< input, appended after the output so that older indexes stay
    kPortSignals = 6,    ///< output, appended last for the same reason
    kPortModelSignals = 7,  ///< input: a model's signals (signal_name)
};

class SmaCross {
public:
    SmaCross(Host host, const Config& cfg);

    void on_event(uint32_t port, const th_event_header& ev);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    void on_price(th_instrument id, th_fixed px, th_time_ns ts);
    void on_model_signal(const th_signal& s);
    void act(th_instrument id, th_fixed px, th_time_ns ts, const Decision& d);
    void on_fill(const th_fill& f);
    void on_report(const th_execution_report& r);
    void on_position(const th_position& p);
    void send(const Decision& d, th_time_ns ts);
    void signal(th_instrument id, int direction, th_time_ns ts);

    Host host_;
    Settings settings_;
    OrderIds ids_;
    Strategy strategy_;
};

}  // namespace tradehost::sma_cross
