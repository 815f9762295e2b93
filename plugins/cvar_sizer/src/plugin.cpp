// cvar_sizer: ports and the exported plugin entry.
#include "config.hpp"
#include "cvar_sizer.hpp"

namespace tradehost::cvar_sizer {
namespace {

// Order must match enum Port in cvar_sizer.hpp.
constexpr th_port_desc kPorts[] = {
    in_port("targets", TH_EV_TARGET, "wanted positions from a strategy or the coordination layer"),
    in_port("quotes", TH_EV_QUOTE, "prices (mid) for returns, qty targets' notional and marks"),
    in_port("bars", TH_EV_BAR, "prices (close) for returns, as quotes"),
    in_port("fills", TH_EV_FILL, "the account's fills: equity and its drawdown"),
    out_port("targets", TH_EV_TARGET, "the same targets, scaled so the portfolio's CVaR stays within the budget"),
};

}  // namespace
}  // namespace tradehost::cvar_sizer

TRADEHOST_PLUGIN(tradehost::cvar_sizer::CvarSizer, "cvar_sizer", "1.0.0", "risk",
                 "Scales targets so the portfolio's CVaR stays within a budget, with a drawdown guard",
                 tradehost::cvar_sizer::kPorts, tradehost::cvar_sizer::kConfigFields)
