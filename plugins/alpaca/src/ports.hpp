// alpaca: port indexes (the venue kit's shared ones plus `bars`; plugin.cpp has the table).
#ifndef TRADEHOST_PLUGINS_ALPACA_PORTS_HPP
#define TRADEHOST_PLUGINS_ALPACA_PORTS_HPP

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ports.hpp>

#include <cstdint>
#include <string_view>

namespace tradehost::alpaca {

using namespace venue::ports;
constexpr uint32_t kPortBars = kFirstExtraPort;

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
