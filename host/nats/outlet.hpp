// The sending end of a NATS edge, on the publishing instance's executor: the bus hands it
// each event its port publishes (EventBus::route_slow). Market data goes out on core NATS;
// order flow on JetStream with a message id derived from the event's content, so that a
// retry, or the same event republished after the sender's crash, is stored once.
#pragma once

#include "common/instruments.hpp"
#include "nats/link.hpp"

#include <tradehost/plugin.h>

#include <atomic>
#include <cstdint>
#include <string>

namespace tradehost {

struct NatsOutlet {
    nats::Link* link = nullptr;
    InstrumentTable* instruments = nullptr;
    std::string subject;
    bool jetstream = false;
    std::string id_prefix;  // "from.port": message ids are unique per publishing port
    /// Set when the host stops with the server away: a JetStream publish stops retrying.
    const std::atomic<bool>* give_up = nullptr;
    std::atomic<uint64_t> failed{0};  // events that could not be handed to NATS

    /// Send `ev` (its publisher's executor thread). False if it was not sent (counted).
    bool send(const th_event_header& ev);
};

/// The JetStream message id of an encoded event: `prefix`, its kind and a 64-bit FNV-1a of
/// the encoded bytes with the header's per-run fields (seq, source) left out, so the same
/// event published again (a retry, a replay after a crash) has the same id.
std::string nats_msg_id(const std::string& prefix, const unsigned char* wire, size_t len, size_t header_at);

}  // namespace tradehost
