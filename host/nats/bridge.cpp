#include "nats/bridge.hpp"

#include "bus/event_bus.hpp"
#include "common/event_names.hpp"
#include "journal/journal.hpp"
#include "nats/wire.hpp"
#include "pipeline/instance.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace tradehost {

namespace {

// The journal's plugin_state rows that hold each durable consumer's last applied stream
// sequence ('@' keeps them apart from instance names, which cannot hold it).
const std::string kStateOwner = "@nats";

}  // namespace

bool nats_uses_jetstream(uint16_t type) {
    return must_not_drop(type) || type == TH_EV_POSITION;
}

/// A subscription and the edges it delivers to, in config order, all on one executor: a
/// core subject that feeds several ports of this host is read once and delivered to each
/// in turn, as one in-process publish would. A JetStream inlet has one edge and a durable.
struct NatsBridge::Inlet {
    std::vector<Edge*> edges;
    Lane* lane = nullptr;
    std::string subject, durable, stream;
    bool jetstream = false;
    uint32_t capacity = 4096;
    bool lossy = false;
    uint64_t applied = 0;  // JetStream: the last stream sequence applied (delivery thread)
    std::atomic<int64_t> queued{0};
    std::atomic<uint64_t> rejected{0}, skipped{0};
    std::unique_ptr<nats::Subscription> sub;
};

NatsBridge::NatsBridge(const std::string& url, const std::vector<PlannedNatsEdge>& edges,
                       const std::vector<Instance*>& instances, EventBus& bus, Journal& journal, InstrumentTable& instruments)
    : link_(url, "tradehost"), bus_(bus), journal_(journal), instruments_(instruments) {
    for (const auto& pe : edges) {
        const bool js = nats_uses_jetstream(pe.event_type);
        if (js) link_.ensure_stream(pe.subject);
        if (pe.from != PlannedNatsEdge::kElsewhere) {
            Instance* from = instances[pe.from];
            const std::string key = pe.from_instance + "." + pe.from_port_name;
            // One outlet per publishing port and subject: edges that share a subject share
            // its messages (each receiving port reads the subject).
            bool shared = false;
            for (size_t i = 0; i < outlets_.size(); ++i)
                if (out_from_[i] == from && out_edges_[i]->plan.from_port == pe.from_port && outlets_[i]->subject == pe.subject)
                    shared = true;
            if (!shared) {
                auto o = std::make_unique<NatsOutlet>();
                o->link = &link_;
                o->instruments = &instruments_;
                o->subject = pe.subject;
                o->jetstream = js;
                o->id_prefix = key;
                o->give_up = &give_up_;
                auto e = std::make_unique<Edge>();
                e->plan.from = pe.from;
                e->plan.from_port = pe.from_port;
                e->plan.event_type = pe.event_type;
                e->plan.name = key + "->nats:" + pe.subject;
                e->from = from;
                e->nats_out = o.get();
                outlets_.push_back(std::move(o));
                out_edges_.push_back(std::move(e));
                out_from_.push_back(from);
            }
        }
        if (pe.to != PlannedNatsEdge::kElsewhere) {
            Instance* to = instances[pe.to];
            auto e = std::make_unique<Edge>();
            e->plan.to = pe.to;
            e->plan.to_port = pe.to_port;
            e->plan.event_type = pe.event_type;
            e->plan.backpressure = pe.backpressure;
            e->plan.capacity = pe.capacity;
            e->plan.name = pe.name;
            e->to = to;
            Inlet* target = nullptr;
            if (!js)
                for (auto& in : inlets_)
                    if (!in->jetstream && in->subject == pe.subject && in->lane == to->lane) target = in.get();
            if (!target) {
                auto in = std::make_unique<Inlet>();
                in->lane = to->lane;
                in->subject = pe.subject;
                in->jetstream = js;
                in->capacity = pe.capacity;
                in->lossy = pe.backpressure != Backpressure::Block;
                if (js) {
                    in->stream = nats::stream_name(pe.subject);
                    in->durable = nats::durable_name(pe.subject + "__" + pe.to_instance + "_" + pe.to_port_name);
                    std::string v;
                    if (journal_.state_get(kStateOwner, in->durable, v) && !v.empty()) in->applied = std::stoull(v);
                }
                target = in.get();
                inlets_.push_back(std::move(in));
            }
            target->edges.push_back(e.get());
            in_edges_.push_back(std::move(e));
        }
    }
}

NatsBridge::~NatsBridge() { close_inbound(); }

void NatsBridge::attach_outlets() {
    for (size_t i = 0; i < out_edges_.size(); ++i) out_from_[i]->out_edges[out_edges_[i]->plan.from_port].push_back(out_edges_[i].get());
}

void NatsBridge::subscribe() {
    for (auto& p : inlets_) {
        Inlet* in = p.get();
        if (in->jetstream) {
            spdlog::info("nats: {} <- {} (JetStream, durable {}, applied through {})", in->edges[0]->plan.name, in->subject,
                         in->durable, in->applied);
            in->sub = link_.subscribe_durable(in->stream, in->subject, in->durable,
                                              [this, in](const void* d, size_t n, uint64_t seq) { return deliver_durable(*in, d, n, seq); });
        } else {
            spdlog::info("nats: {} edge(s) <- {} (core NATS)", in->edges.size(), in->subject);
            // A blocking edge lets the client queue plenty; a lossy one drops past capacity.
            const int limit = in->lossy ? static_cast<int>(in->capacity) : 1 << 20;
            in->sub = link_.subscribe(in->subject, limit, [this, in](const void* d, size_t n) { deliver_core(*in, d, n); });
        }
    }
    // The server knows of every subscription once it answered a flush: from then on nothing
    // published to these subjects passes this host by (what /metrics shows as active).
    if (!inlets_.empty() && !link_.flush(5000)) spdlog::warn("nats: {} did not confirm the subscriptions yet", link_.url());
    active_.store(inlets_.size());
}

void NatsBridge::settle(int64_t timeout_ns) {
    flush();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout_ns);
    for (const auto& in : inlets_) {
        uint64_t sent = 0;
        for (size_t i = 0; i < outlets_.size(); ++i)
            if (outlets_[i]->subject == in->subject) sent += out_edges_[i]->published.load() - outlets_[i]->failed.load();
        if (!sent) continue;  // nothing of ours on it: the other host's stream is not awaited
        const Edge& e = *in->edges[0];
        while (e.published.load() + e.dropped.load() < sent && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void NatsBridge::close_inbound() {
    active_.store(0);
    for (auto& in : inlets_)
        if (in->sub) in->sub->close();
}

void NatsBridge::flush() {
    if (!outlets_.empty() && !link_.flush(5000)) spdlog::warn("nats: could not flush what was published to {}", link_.url());
}

// Core NATS: decode on the client's thread, deliver on the consumer's executor. A lossy
// edge drops what exceeds its capacity (counted); the client drops past its pending limit.
void NatsBridge::deliver_core(Inlet& in, const void* data, size_t len) {
    auto event = std::make_shared<std::vector<unsigned char>>();
    std::string why;
    if (!nats::decode(data, len, instruments_, *event, why)) {
        if (in.rejected.fetch_add(1) < 10) spdlog::warn("nats: {}: message dropped: {}", in.subject, why);
        return;
    }
    if (in.lossy && in.queued.load(std::memory_order_relaxed) >= static_cast<int64_t>(in.capacity)) {
        for (Edge* e : in.edges) e->dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    for (Edge* e : in.edges) e->published.fetch_add(1, std::memory_order_relaxed);
    in.queued.fetch_add(1, std::memory_order_relaxed);
    bus_.remote_queued();
    in.lane->exec->post([this, &in, event] {
        const auto& ev = *reinterpret_cast<const th_event_header*>(event->data());
        for (Edge* e : in.edges) bus_.deliver(*e, ev);
        // What the deliveries queued (feedback edges) goes before the next message, as it
        // would before a local source's next publish.
        bus_.drain_local(*in.lane);
        in.queued.fetch_sub(1, std::memory_order_relaxed);
        bus_.remote_done();
    });
}

// JetStream: applied on the consumer's executor in one journal unit with the sequence it
// reached; acknowledged (by the caller) only after that unit is committed.
bool NatsBridge::deliver_durable(Inlet& in, const void* data, size_t len, uint64_t seq) {
    if (seq <= in.applied) {
        in.skipped.fetch_add(1, std::memory_order_relaxed);
        return true;  // applied before (a redelivery): acknowledge again
    }
    std::vector<unsigned char> event;
    std::string why;
    if (!nats::decode(data, len, instruments_, event, why)) {
        spdlog::error("nats: {}: message {} is not an event ({}); skipped", in.subject, seq, why);
        in.rejected.fetch_add(1);
        in.applied = seq;
        return true;
    }
    Edge& e = *in.edges[0];
    const auto& ev = *reinterpret_cast<const th_event_header*>(event.data());
    bool ok = true;
    e.published.fetch_add(1, std::memory_order_relaxed);
    bus_.remote_queued();
    in.lane->exec->run_sync([&] {
        if (e.to->stopped.load() || e.to->isolated.load() || !e.to->started.load()) {
            ok = false;  // not applied: left unacknowledged, delivered again later
            return;
        }
        {
            JournalUnit unit(&journal_);
            const std::string v = std::to_string(seq);
            try {
                // Queued first, so that every commit holding this delivery's effects holds
                // the sequence too. The writer commits a slow unit in parts (the 50 ms rule
                // in "Crash consistency"), and another lane's unit acting on what this one
                // published commits after those parts: with the sequence recorded last, a
                // kill there redelivered an order the venue had already applied.
                journal_.state_queue(kStateOwner, in.durable, v.data(), v.size());
                bus_.deliver(e, ev);
                // Committed with all this lane's effects before the caller acks.
                journal_.state_put(kStateOwner, in.durable, v.data(), v.size());
            } catch (const std::exception& x) {
                spdlog::error("nats: {}: could not record message {} as applied: {}", in.subject, seq, x.what());
                ok = false;
            }
        }
        bus_.drain_local(*in.lane);
    });
    bus_.remote_done();
    if (ok) in.applied = seq;
    return ok;
}

void NatsBridge::metrics(std::ostringstream& o) const {
    auto family = [&](const char* name, const char* type, const char* help) {
        o << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
    };
    family("tradehost_nats_connected", "gauge", "1 while the host's NATS connection is up, 0 while it is down.");
    o << "tradehost_nats_connected " << (link_.state() == nats::LinkState::Connected ? 1 : 0) << '\n';
    family("tradehost_nats_disconnects_total", "counter", "Times the NATS connection was lost.");
    o << "tradehost_nats_disconnects_total " << link_.disconnects() << '\n';
    family("tradehost_nats_subscriptions", "gauge", "Subscriptions the NATS server has confirmed (receiving edges are live).");
    o << "tradehost_nats_subscriptions " << active_.load() << '\n';
    family("tradehost_nats_published_total", "counter", "Events sent to a NATS subject by an instance's port.");
    for (const auto& e : out_edges_) o << "tradehost_nats_published_total{edge=\"" << e->plan.name << "\"} " << e->published.load() << '\n';
    family("tradehost_nats_publish_failures_total", "counter", "Events that could not be handed to NATS.");
    for (size_t i = 0; i < outlets_.size(); ++i)
        o << "tradehost_nats_publish_failures_total{edge=\"" << out_edges_[i]->plan.name << "\"} " << outlets_[i]->failed.load() << '\n';
    family("tradehost_nats_received_total", "counter", "Events received from NATS for an edge.");
    for (const auto& e : in_edges_) o << "tradehost_nats_received_total{edge=\"" << e->plan.name << "\"} " << e->published.load() << '\n';
    family("tradehost_nats_delivered_total", "counter", "Events from NATS delivered into the edge's port.");
    for (const auto& e : in_edges_) o << "tradehost_nats_delivered_total{edge=\"" << e->plan.name << "\"} " << e->delivered.load() << '\n';
    family("tradehost_nats_dropped_total", "counter", "Events of a lossy NATS edge dropped because its consumer was behind.");
    for (const auto& in : inlets_) {
        const int64_t client = in->sub ? in->sub->dropped() : 0;
        for (const Edge* e : in->edges)
            o << "tradehost_nats_dropped_total{edge=\"" << e->plan.name << "\"} " << e->dropped.load() + static_cast<uint64_t>(client) << '\n';
    }
    family("tradehost_nats_redeliveries_skipped_total", "counter", "JetStream redeliveries recognised as applied already.");
    for (const auto& in : inlets_)
        if (in->jetstream)
            o << "tradehost_nats_redeliveries_skipped_total{edge=\"" << in->edges[0]->plan.name << "\"} " << in->skipped.load() << '\n';
}

void NatsBridge::health(std::ostringstream& o, bool& healthy) const {
    const nats::LinkState s = link_.state();
    if (s != nats::LinkState::Connected) healthy = false;
    o << "\"nats\":{\"url\":\"" << link_.url() << "\",\"state\":\"" << nats::link_state_name(s)
      << "\",\"disconnects\":" << link_.disconnects() << "}";
}

}  // namespace tradehost
