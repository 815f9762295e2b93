// The NATS edges of one host (docs/operator-guide.md, "NATS deployments"): for each
// `transport: nats` edge whose `from` runs here, an outlet on the publisher's port; for each
// whose `to` runs here, a subscription that delivers into the consumer's port on its
// executor. Market data edges use core NATS; order flow (orders, execution reports, fills,
// positions) uses JetStream with one durable consumer per receiving port, and the stream
// sequence it applied is kept in the journal in the same unit as the delivery, so a crash
// between applying and acknowledging never applies an event twice.
#pragma once

#include "bus/edge.hpp"
#include "nats/link.hpp"
#include "nats/outlet.hpp"
#include "pipeline/plan.hpp"

#include <atomic>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace tradehost {

class EventBus;
class InstrumentTable;
class Journal;
struct Instance;

/// True for the kinds that travel on JetStream (never lost, applied once).
bool nats_uses_jetstream(uint16_t event_type);

class NatsBridge {
public:
    /// `instances`: the runtime's instances, by plan index. Connects (in the background if
    /// the server is not up yet) and makes the JetStream streams. Throws nats::NatsError.
    NatsBridge(const std::string& url, const std::vector<PlannedNatsEdge>& edges, const std::vector<Instance*>& instances,
               EventBus& bus, Journal& journal, InstrumentTable& instruments);
    ~NatsBridge();
    NatsBridge(const NatsBridge&) = delete;
    NatsBridge& operator=(const NatsBridge&) = delete;

    /// Hook the outlets onto their publishers' ports (before the executors run).
    void attach_outlets();
    /// Start the subscriptions (every instance has started). Throws nats::NatsError.
    void subscribe();
    /// A host that runs both ends of a NATS edge: wait (up to `timeout_ns`) until what it
    /// published on each such subject has come back, before it stops receiving.
    void settle(int64_t timeout_ns);
    /// Stop delivering: close the subscriptions, waiting for deliveries in progress.
    void close_inbound();
    /// Send what the client buffered (core NATS) before the host exits.
    void flush();
    /// Give up JetStream publishes that wait for a server that is away (shutdown).
    void give_up() { give_up_.store(true); }

    nats::LinkState state() const { return link_.state(); }
    void metrics(std::ostringstream& o) const;
    /// `"nats":{...}` for /healthz; a link that is not connected makes the host degraded.
    void health(std::ostringstream& o, bool& healthy) const;

private:
    struct Inlet;
    void deliver_core(Inlet& in, const void* data, size_t len);
    bool deliver_durable(Inlet& in, const void* data, size_t len, uint64_t seq);

    nats::Link link_;
    EventBus& bus_;
    Journal& journal_;
    InstrumentTable& instruments_;
    std::atomic<bool> give_up_{false};
    std::atomic<size_t> active_{0};  // subscriptions confirmed by the server
    std::vector<std::unique_ptr<NatsOutlet>> outlets_;
    std::vector<std::unique_ptr<Edge>> out_edges_;   // one per (publisher port, subject)
    std::vector<Instance*> out_from_;
    std::vector<std::unique_ptr<Edge>> in_edges_;    // one per receiving edge
    std::vector<std::unique_ptr<Inlet>> inlets_;
};

}  // namespace tradehost
