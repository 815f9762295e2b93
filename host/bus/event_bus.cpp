#include "bus/event_bus.hpp"

#include "common/event_names.hpp"
#include "journal/journal.hpp"
#include "loader/plugin_library.hpp"
#include "nats/outlet.hpp"
#include "pipeline/faults.hpp"
#include "pipeline/instance.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

namespace tradehost {

namespace {

// Direct calls nest depth-first along edges; past this depth an event waits in the local
// queue instead, so a long chain cannot exhaust the stack.
constexpr int kMaxDepth = 48;
thread_local int t_depth = 0;

inline void bump(std::atomic<uint64_t>& a, uint64_t d = 1) noexcept {
    a.store(a.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
}

// The one check of what a plugin hands to publish, shared by the fast and the checked path:
// a known output port of the event's type (input ports never match, see kNotAnOutput) and
// a size in range. The unsigned subtraction also catches sizes below the header's.
__attribute__((always_inline)) inline bool malformed(const Instance& in, uint32_t port, const th_event_header* ev) {
    return !ev || port >= in.port_accepts.size() || in.port_accepts[port] != ev->type ||
           ev->size - sizeof(th_event_header) > TH_EVENT_MAX_SIZE - sizeof(th_event_header);
}

}  // namespace

// ---- The hot path --------------------------------------------------------------------
// A same-executor hop is: check the port and the event, stamp seq and source, bump two
// single-writer counters, call each direct target. Everything rare (another thread, a
// stopped publisher, counted, journaled or watched types, cross-executor and feedback
// edges, depth limit, start-up hold, a consumer that is reloading or stopped) is out of line.

th_status EventBus::publish_entry(th_host_ctx* ctx, uint32_t port, th_event_header* ev) {
    Instance& in = *reinterpret_cast<Instance*>(ctx);
    return in.bus->publish(in, port, ev);
}

__attribute__((always_inline)) inline th_status EventBus::publish(Instance& in, uint32_t port, th_event_header* ev) {
    if (__builtin_expect(malformed(in, port, ev) || in.stopped.load(std::memory_order_relaxed) ||
                             in.isolated.load(std::memory_order_relaxed) || in.port_cold[port] ||
                             Executor::current() != in.exec,
                         0))
        return publish_checked(in, port, ev);
    dispatch(in, port, ev);
    if (in.is_source && t_depth == 0 && !in.lane->local.empty()) drain_local(*in.lane);
    return TH_OK;
}

__attribute__((always_inline)) inline void EventBus::dispatch(Instance& in, uint32_t port, th_event_header* ev) {
    ev->seq = ++in.port_seq[port];
    ev->source = in.id;
    bump(in.events_out);
    if (__builtin_expect(in.port_cold[port], 0)) dispatch_cold(in, port, ev);
    // Depth and the start-up hold are the same for every edge of this publish (each call
    // returns to the depth it started from).
    const bool calls = t_depth < kMaxDepth && !starting_.load(std::memory_order_relaxed);
    for (Edge* e : in.out_edges[port]) {
        bump(e->published);
        if (__builtin_expect(e->direct && calls, 1)) deliver_fast(*e, *ev);
        else route_slow(in, e, ev);
    }
}

__attribute__((always_inline)) inline void EventBus::deliver_fast(Edge& e, const th_event_header& ev) {
    Instance& to = *e.to;
    if (__builtin_expect(to.reloading || to.isolated.load(std::memory_order_relaxed) ||
                             to.stopped.load(std::memory_order_relaxed) || !to.started.load(std::memory_order_relaxed), 0)) {
        deliver_slow(e, ev);
        return;
    }
    bump(to.events_in);
    ++t_depth;
    ++to.in_call;
    th_status s = to.on_event(to.handle, e.plan.to_port, &ev);
    --to.in_call;
    --t_depth;
    bump(e.delivered);
    if (__builtin_expect(s != TH_OK, 0)) faults_.failed(to, "on_event", s);
    else to.consecutive_errors = 0;
}

// ---- Out of line ---------------------------------------------------------------------

// The rest of publish's checks, in order, then the same dispatch.
th_status EventBus::publish_checked(Instance& in, uint32_t port, th_event_header* ev) {
    if (malformed(in, port, ev)) return TH_ERR_INVALID_ARGUMENT;
    if (in.stopped.load(std::memory_order_relaxed) || in.isolated.load(std::memory_order_relaxed)) return TH_ERR_AGAIN;
    if (in.is_source && max_source_events_ && source_events_.load(std::memory_order_relaxed) >= max_source_events_) {
        stop_requested_.store(true);
        return TH_ERR_AGAIN;
    }
    if (Executor::current() != in.exec) return publish_foreign(in, port, ev);
    dispatch(in, port, ev);
    if (in.is_source && t_depth == 0 && !in.lane->local.empty()) drain_local(*in.lane);
    return TH_OK;
}

// From a thread of the plugin's own (a venue's socket): copied and posted to its executor,
// where the dispatch is one journal unit.
th_status EventBus::publish_foreign(Instance& in, uint32_t port, th_event_header* ev) {
    auto bytes = std::make_shared<std::vector<unsigned char>>(reinterpret_cast<unsigned char*>(ev),
                                                              reinterpret_cast<unsigned char*>(ev) + ev->size);
    in_flight_.fetch_add(1, std::memory_order_acq_rel);
    in.exec->post([this, &in, port, bytes] {
        JournalUnit unit(journal_);
        dispatch(in, port, reinterpret_cast<th_event_header*>(bytes->data()));
        in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    });
    return TH_OK;
}

// Counters of orders, rejects and fills, venue status, the journal, the source-event limit.
void EventBus::dispatch_cold(Instance& in, uint32_t port, th_event_header* ev) {
    stamp_decision(ev);
    switch (ev->type) {
    case TH_EV_ORDER_REQUEST:
        if (reinterpret_cast<const th_order_request*>(ev)->action == TH_ORDER_NEW) bump(in.orders);
        break;
    case TH_EV_EXECUTION_REPORT:
        if (reinterpret_cast<const th_execution_report*>(ev)->exec_type == TH_EXEC_REJECTED) bump(in.rejects);
        break;
    case TH_EV_FILL: bump(in.fills); break;
    case TH_EV_VENUE_STATUS: note_venue_status(in, *ev); break;
    case TH_EV_BALANCE: note_balance(in, *ev); break;
    default: break;
    }
    if (journal_ && Journal::journaled(ev->type)) journal_->record(&in.name, *ev);
    // A source's events are the session's inputs, which `tradehost replay` feeds again.
    if (in.is_source && journal_ && journal_->records_inputs()) journal_->record_input(&in.name, in.lib->ports()[port].name, *ev);
    if (in.is_source && max_source_events_) source_events_.fetch_add(1, std::memory_order_relaxed);
}

void EventBus::set_journal(Journal* j) {
    journal_ = j;
    if (j && j->last_decision_id() > next_decision_.load(std::memory_order_relaxed))
        next_decision_.store(j->last_decision_id(), std::memory_order_relaxed);
}

// The host's decision id (ABI 1.3), before any consumer or the journal sees the event. A
// 1.0-1.2 publisher's shorter event has no room for it: it stays without an id (reads 0).
void EventBus::stamp_decision(th_event_header* ev) {
    auto stamp = [&](size_t offset) {
        if (ev->size < offset + sizeof(uint64_t)) return;
        const uint64_t id = next_decision_.fetch_add(1, std::memory_order_relaxed) + 1;
        std::memcpy(reinterpret_cast<unsigned char*>(ev) + offset, &id, sizeof id);
    };
    switch (ev->type) {
    case TH_EV_SIGNAL: stamp(offsetof(th_signal, decision_id)); break;
    case TH_EV_TARGET: stamp(offsetof(th_target, decision_id)); break;
    case TH_EV_ORDER_REQUEST:
        if (reinterpret_cast<const th_order_request*>(ev)->action == TH_ORDER_NEW)
            stamp(offsetof(th_order_request, decision_id));
        break;
    default: break;
    }
}

// A gap or a reconciliation is news about a connected venue; connected and disconnected
// are its state.
void EventBus::note_venue_status(Instance& in, const th_event_header& ev) {
    if (ev.size < offsetof(th_venue_status, text)) return;
    const auto& st = reinterpret_cast<const th_venue_status&>(ev);
    uint32_t state = st.state;
    if (state == TH_VENUE_GAP || state == TH_VENUE_RECONCILED) state = TH_VENUE_CONNECTED;
    if (state != TH_VENUE_CONNECTED && state != TH_VENUE_DISCONNECTED) return;
    const uint32_t was = in.venue_state.exchange(state, std::memory_order_relaxed);
    if (state == TH_VENUE_DISCONNECTED && was != TH_VENUE_DISCONNECTED) bump(in.venue_disconnects);
    const size_t cap = std::min<size_t>(sizeof st.text, ev.size - offsetof(th_venue_status, text));
    std::lock_guard<std::mutex> lk(in.metrics_mu);
    in.venue_text.assign(st.text, strnlen(st.text, cap));
}

// The latest balance per currency, for the console (a venue publishes one per account and
// currency after fills, at start and at stop).
void EventBus::note_balance(Instance& in, const th_event_header& ev) {
    if (ev.size < sizeof(th_balance)) return;
    const auto& b = reinterpret_cast<const th_balance&>(ev);
    const std::string currency(b.currency, strnlen(b.currency, sizeof b.currency));
    std::lock_guard<std::mutex> lk(in.metrics_mu);
    in.balances[currency] = {b.total, b.available};
}

// Edges that are not a plain call now: another executor's ring, a feedback edge or the
// depth limit (the lane's local queue), or the start-up hold.
void EventBus::route_slow(Instance& in, Edge* e, th_event_header* ev) {
    if (e->nats_out) {
        if (e->nats_out->send(*ev)) bump(e->delivered);
        else e->dropped.fetch_add(1, std::memory_order_relaxed);
    } else if (e->cross) push_cross(in, e, ev);
    else if (e->plan.feedback || t_depth >= kMaxDepth || starting_.load(std::memory_order_relaxed)) push_local(in, e, ev);
    else deliver_fast(*e, *ev);
}

void EventBus::push_cross(Instance& in, Edge* e, th_event_header* ev) {
    if (e->plan.backpressure == Backpressure::DropOldest) {
        if (uint32_t d = e->ring->push_drop_oldest(ev, ev->size)) e->dropped.fetch_add(d, std::memory_order_relaxed);
        e->to->exec->wake();
        return;
    }
    if (!e->ring->try_push(ev, ev->size)) {
        if (e->plan.backpressure == Backpressure::DropNewest) {
            e->dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        while (!e->ring->try_push(ev, ev->size)) {
            e->to->exec->wake();
            if (starting_.load(std::memory_order_acquire) || t_depth >= kMaxDepth || drain_rings(*in.lane, 16) == 0)
                std::this_thread::yield();
        }
    }
    e->to->exec->wake();
}

void EventBus::push_local(Instance& in, Edge* e, th_event_header* ev) {
    in_flight_.fetch_add(1, std::memory_order_acq_rel);
    in.lane->local.push(e, ev, ev->size);
}

void EventBus::deliver_slow(Edge& e, const th_event_header& ev) {
    Instance& to = *e.to;
    if (to.reloading) {
        in_flight_.fetch_add(1, std::memory_order_acq_rel);
        to.held.push(&e, &ev, ev.size);
        return;
    }
    if (to.isolated.load(std::memory_order_relaxed) || to.stopped.load(std::memory_order_relaxed) ||
        !to.started.load(std::memory_order_relaxed)) {
        uint64_t n = e.dropped.fetch_add(1, std::memory_order_relaxed) + 1;
        if (to.stopped.load(std::memory_order_relaxed)) e.after_stop.fetch_add(1, std::memory_order_relaxed);
        const bool isolated = to.isolated.load(std::memory_order_relaxed);
        if (must_not_drop(ev.type) && (n <= 10 || n % 1000 == 0))
            spdlog::log(isolated ? spdlog::level::warn : spdlog::level::debug,
                        "edge {}: {} event not delivered: '{}' is {} (journaled at publish)", e.plan.name,
                        event_type_name(ev.type), to.name, isolated ? "isolated" : "stopped");
        return;
    }
    deliver_fast(e, ev);
}

// ---- Queued delivery -----------------------------------------------------------------

void EventBus::deliver(Edge& e, const th_event_header& ev) {
    JournalUnit unit(journal_);
    deliver_fast(e, ev);
}

size_t EventBus::drain_rings(Lane& lane, int per_edge) {
    thread_local std::vector<unsigned char> lossy;
    size_t n = 0;
    for (Edge* e : lane.inbound) {
        // Never into an instance already in a call on this thread's stack: the host does
        // not call one instance re-entrantly (and its current event is still in the ring).
        if (e->to->in_call) continue;
        if (e->plan.backpressure == Backpressure::DropOldest) {
            for (int k = 0; k < per_edge && e->ring->pop_copy(lossy); ++k) {
                deliver(*e, *reinterpret_cast<const th_event_header*>(lossy.data()));
                ++n;
            }
            continue;
        }
        for (int k = 0; k < per_edge; ++k) {
            uint32_t len = 0;
            const void* p = e->ring->peek(len);
            if (!p) break;
            deliver(*e, *static_cast<const th_event_header*>(p));
            e->ring->pop();
            ++n;
        }
    }
    return n;
}

// Delivers up to `max` events of `q` in order, each copied out into `scratch` first; each was
// counted in flight when queued.
size_t EventBus::drain_queue(LocalQueue<Edge>& q, size_t max, std::vector<unsigned char>& scratch) {
    size_t n = 0;
    while (!q.empty() && n < max) {
        Edge* e = nullptr;
        uint32_t len = 0;
        const void* p = q.front(e, len);
        // Copy out: delivering may push to this queue and move its buffer.
        scratch.assign(static_cast<const unsigned char*>(p), static_cast<const unsigned char*>(p) + len);
        q.pop();
        deliver(*e, *reinterpret_cast<const th_event_header*>(scratch.data()));
        in_flight_.fetch_sub(1, std::memory_order_acq_rel);
        ++n;
    }
    return n;
}

size_t EventBus::drain_local(Lane& lane) {
    if (starting()) return 0;  // held until every instance started
    thread_local std::vector<unsigned char> scratch;
    return drain_queue(lane.local, 1024, scratch);
}

void EventBus::drain_held(Instance& in) {
    std::vector<unsigned char> scratch;  // its own: a reload's inbox is not the lane's queue
    drain_queue(in.held, SIZE_MAX, scratch);
}

}  // namespace tradehost
