// cvar_sizer: the plugin instance. Keeps the latest wanted target per instrument, returns per
// instrument and the account's equity; on each target and each closed return bucket it scales
// every wanted target by one factor, min(1, budget / CVaR) times the drawdown guard, and
// publishes the sized targets that moved.
#ifndef TRADEHOST_PLUGINS_CVAR_SIZER_CVAR_SIZER_HPP
#define TRADEHOST_PLUGINS_CVAR_SIZER_CVAR_SIZER_HPP

#include "config.hpp"
#include "guard.hpp"
#include "returns.hpp"

#include <tradehost/plugin.hpp>

#include <map>
#include <string>
#include <string_view>

namespace tradehost::cvar_sizer {

enum Port : uint32_t { kPortTargetsIn = 0, kPortQuotes = 1, kPortBars = 2, kPortFills = 3, kPortTargetsOut = 4 };

class CvarSizer {
public:
    CvarSizer(Host host, const Config& cfg);

    void start();
    /// Hot reload: equity with positions, returns and wanted targets.
    std::string snapshot();
    void restore(std::string_view blob);
    void on_event(uint32_t port, const th_event_header& ev);

private:
    struct Wanted {
        th_target target{};        ///< as received
        bool published = false;
        th_fixed sent = 0;         ///< value last published
    };
    void on_target(const th_target& t);
    void on_price(th_instrument id, th_time_ns ts, double px);
    void on_fill(const th_fill& f);
    /// Size every wanted target at `ts` and publish those that moved.
    void resize(th_time_ns ts);
    ReturnSeries& series(th_instrument id);

    Host host_;
    Settings cfg_;
    Equity equity_;
    std::map<th_instrument, ReturnSeries> returns_;
    std::map<th_instrument, Wanted> wanted_;
    bool loaded_ = false;
};

}  // namespace tradehost::cvar_sizer

#endif
