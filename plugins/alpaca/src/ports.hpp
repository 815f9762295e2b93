// alpaca: port indexes (the same for every venue adapter; see plugin.cpp for the table).
#ifndef TRADEHOST_PLUGINS_ALPACA_PORTS_HPP
#define TRADEHOST_PLUGINS_ALPACA_PORTS_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string_view>

namespace tradehost::alpaca {

enum Port : uint32_t {
    kPortOrders = 0,
    kPortExecReports = 1,
    kPortFills = 2,
    kPortPositions = 3,
    kPortBalances = 4,
    kPortQuotes = 5,
    kPortTrades = 6,
    kPortStatus = 7,
    kPortBars = 8,
};

/// Publishes a th_venue_status on the status port. `text` never carries credentials.
inline void publish_status(Host& host, th_venue_state state, std::string_view text) {
    th_venue_status s = make_event<th_venue_status>(host.now());
    s.state = state;
    copy_str(s.venue, "alpaca");
    copy_str(s.text, text);
    host.try_publish(kPortStatus, s.hdr);
}

}  // namespace tradehost::alpaca

#endif
