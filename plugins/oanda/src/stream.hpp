// oanda: the two newline-delimited HTTP streams (pricing and transactions) on the venue kit's
// LineStream, and the venue-status events every connect/disconnect publishes.
// Streams: developer.oanda.com/rest-live-v20/pricing-ep (stream, heartbeat every 5 s) and
// transaction-ep (stream, TransactionHeartbeat with lastTransactionID).
#ifndef TRADEHOST_PLUGINS_OANDA_STREAM_HPP
#define TRADEHOST_PLUGINS_OANDA_STREAM_HPP

#include "config.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/ports.hpp>

#include <string>
#include <string_view>

namespace tradehost::oanda {

using namespace venue::ports;  // port indexes, the same for every venue adapter

/// Options of a stream at `url`: auth headers, TLS, idle timeout and reconnect delays.
venue::LineStreamOptions stream_options(const OandaConfig& cfg, std::string url, venue::Headers headers);

/// Publishes a th_venue_status ("oanda", state, text) on the status port. Thread-safe.
void publish_status(Host host, th_venue_state state, std::string_view text);

}  // namespace tradehost::oanda

#endif
