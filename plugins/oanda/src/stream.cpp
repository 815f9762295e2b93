// oanda: stream options and venue status events.
#include "stream.hpp"

namespace tradehost::oanda {

venue::LineStreamOptions stream_options(const OandaConfig& cfg, std::string url, venue::Headers headers) {
    venue::LineStreamOptions o;
    o.url = std::move(url);
    o.headers = std::move(headers);
    o.verify_tls = cfg.verify_tls;
    o.connect_timeout = cfg.request_timeout;
    o.idle_timeout = cfg.stream_idle_timeout;
    o.reconnect_min = cfg.reconnect_min;
    o.reconnect_max = cfg.reconnect_max;
    return o;
}

void publish_status(Host host, th_venue_state state, std::string_view text) {
    th_venue_status s = make_event<th_venue_status>(host.now());
    s.state = state;
    copy_str(s.venue, "oanda");
    copy_str(s.text, text);
    host.try_publish(kPortStatus, s.hdr);
}

}  // namespace tradehost::oanda
