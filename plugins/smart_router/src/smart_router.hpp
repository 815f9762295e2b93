// smart_router: the plugin instance. Each NEW order is routed (route.hpp) to one venue or split
// across several, each part on that venue's own output port; the venues' reports and fills
// come back on their ports and go upstream as the one order the sender knows.
#ifndef TRADEHOST_PLUGINS_SMART_ROUTER_SMART_ROUTER_HPP
#define TRADEHOST_PLUGINS_SMART_ROUTER_SMART_ROUTER_HPP

#include "config.hpp"
#include "quality.hpp"
#include "route.hpp"

#include <tradehost/plugin.hpp>

#include <array>
#include <map>
#include <string>
#include <vector>

namespace tradehost::smart_router {

/// Ports: orders in, reports and fills out, then four per venue slot (see plugin.cpp).
enum Port : uint32_t { kPortOrders = 0, kPortReports = 1, kPortFills = 2, kPortVenueBase = 3 };
enum VenuePort : uint32_t { kVenueBooks = 0, kVenueOrders = 1, kVenueFills = 2, kVenueReports = 3, kPortsPerVenue = 4 };
inline constexpr uint32_t venue_port(size_t venue, VenuePort p) {
    return kPortVenueBase + static_cast<uint32_t>(venue) * kPortsPerVenue + p;
}

class SmartRouter {
public:
    SmartRouter(Host host, const Config& cfg);

    void start();
    void on_event(uint32_t port, const th_event_header& ev);

    /// One routed part of an order, at one venue.
    struct Leg {
        std::string id, parent;
        size_t venue = 0;
        th_fixed qty = 0, cum = 0, avg_px = 0, expected_px = 0;
        th_fixed fills = 0;  ///< quantity of the fills seen: kept until they catch up with cum
        bool done = false, rejected = false;
    };
    /// The order as its sender knows it.
    struct Parent {
        th_order_request req{};
        std::vector<std::string> legs;
        bool acked = false, done = false;
        std::string cancel_id;
        /// A cancel no venue was sent (no live part): refused upstream once the order ends,
        /// after its last report, as a venue refuses a cancel of a finished order.
        bool cancel_withheld = false;
    };

private:
    void on_order(const th_order_request& req);
    void on_new(const th_order_request& req);
    void on_cancel(const th_order_request& req);
    void on_leg_report(size_t venue, const th_execution_report& r);
    void on_leg_fill(size_t venue, const th_fill& f);
    void answer(const th_order_request& req, const std::string& id, uint8_t type, uint8_t status, const std::string& why);
    void finish_if_done(const std::string& parent);
    void save();

    Host host_;
    Settings cfg_;
    std::map<th_instrument, std::array<Book, kMaxVenues>> books_;
    std::map<th_instrument, std::array<bool, kMaxVenues>> has_book_;
    std::array<FillQuality, kMaxVenues> quality_{};
    std::map<std::string, Leg> legs_;
    std::map<std::string, Parent> parents_;
    std::map<std::string, std::string> cancel_legs_;  ///< cancel id sent to a venue -> leg id
    bool loaded_ = false;
};

}  // namespace tradehost::smart_router

#endif
