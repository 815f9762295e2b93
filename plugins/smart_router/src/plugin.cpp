// smart_router: ports and the exported plugin entry.
#include "config.hpp"
#include "smart_router.hpp"

namespace tradehost::smart_router {
namespace {

// Order must match enum Port / VenuePort in smart_router.hpp: three ports, then four per slot.
#define TH_SR_VENUE_PORTS(N)                                                                                   \
    in_port("v" #N "_books", TH_EV_BOOK, "venue " #N "'s books (snapshots and deltas)"),                        \
        out_port("v" #N "_orders", TH_EV_ORDER_REQUEST, "orders and cancels routed to venue " #N),             \
        in_port("v" #N "_fills", TH_EV_FILL, "venue " #N "'s fills"),                                           \
        in_port("v" #N "_exec_reports", TH_EV_EXECUTION_REPORT, "venue " #N "'s execution reports")

constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "orders to route (new and cancel)"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "reports of the orders as sent, the venues' parts combined"),
    out_port("fills", TH_EV_FILL, "the venues' fills, under the order's own client id"),
    TH_SR_VENUE_PORTS(0),
    TH_SR_VENUE_PORTS(1),
    TH_SR_VENUE_PORTS(2),
    TH_SR_VENUE_PORTS(3),
};
#undef TH_SR_VENUE_PORTS
static_assert(sizeof(kPorts) / sizeof(kPorts[0]) == kPortVenueBase + kMaxVenues * kPortsPerVenue);

}  // namespace
}  // namespace tradehost::smart_router

TRADEHOST_PLUGIN(tradehost::smart_router::SmartRouter, "smart_router", "1.0.0", "other",
                 "Routes each order to the venue with the best expected all-in price, splitting thin books",
                 tradehost::smart_router::kPorts, tradehost::smart_router::kConfigFields)
