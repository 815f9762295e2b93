// exec_algos: the plugin. Parents in (orders with an @algo tag, or targets), children out
// through any broker plugin (usually via a risk gate), parent reports and fills back.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_EXEC_ALGOS_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_EXEC_ALGOS_HPP

#include "contingent.hpp"
#include "engine.hpp"

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>

namespace tradehost::exec_algos {

// Order must match kPorts in plugin.cpp.
enum Port : uint32_t {
    kPortOrdersIn = 0,
    kPortTargets = 1,
    kPortQuotes = 2,
    kPortTrades = 3,
    kPortBooks = 4,
    kPortExecReports = 5,
    kPortFills = 6,
    kPortPositions = 7,
    kPortOrdersOut = 8,
    kPortReports = 9,
    kPortParentFills = 10,
};

class ExecAlgos {
public:
    ExecAlgos(Host host, const Config& cfg);
    void start();
    void on_event(uint32_t port, const th_event_header& ev);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    /// Save the state if it changed, then publish: children first (downstream), then the
    /// parents' fills and reports. Saving first means a restart never sends a child twice.
    void flush(Outbox& out);
    Host host_;
    Engine engine_;
    Contingent contingent_;
    bool loaded_ = false;
};

}  // namespace tradehost::exec_algos

#endif
