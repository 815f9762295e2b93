// The event path: publish, dispatch along an instance's out-edges, and delivery, whether
// as a plain call (same executor), through another executor's ring, or through a lane's
// local queue (feedback edges, the depth limit, the start-up hold). Everything a hop does
// in the common case is inline here; everything rare is out of line in event_bus.cpp.
//
// Threading: publish runs on the publisher's executor thread (or is posted there from any
// other thread); delivery runs on the consumer's executor thread; the counters are
// single-writer relaxed atomics that any thread may read.
#pragma once

#include "bus/edge.hpp"

#include <tradehost/plugin.h>

#include <atomic>
#include <cstdint>
#include <vector>

namespace tradehost {

class Faults;
class Journal;
struct Instance;

class EventBus {
public:
    /// `max_source_events`: host.run.max_events (0: none); reaching it sets `stop_requested`.
    EventBus(Faults& faults, int64_t max_source_events, std::atomic<bool>& stop_requested)
        : faults_(faults), max_source_events_(max_source_events), stop_requested_(stop_requested) {}
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    /// Journal what is journaled from now on (null: nothing). Before the executors run.
    /// Opening a journal also continues its decision ids: the next id is above every id an
    /// earlier session of it used, so a cause saved before a restart names one row.
    void set_journal(Journal* j);

    /// The host table's publish: the whole same-executor path in one frame.
    static th_status publish_entry(th_host_ctx* ctx, uint32_t port, th_event_header* ev);

    /// Delivery of a queued event (a ring, the local queue, a reload's held inbox): the
    /// consumer's callback is one journal unit, begun after its input was taken.
    void deliver(Edge& e, const th_event_header& ev);
    /// Deliver up to `per_edge` events from each ring ending on `lane` (its thread).
    size_t drain_rings(Lane& lane, int per_edge);
    /// Deliver what waits in `lane`'s local queue, up to 1024 events (its thread).
    size_t drain_local(Lane& lane);
    /// Deliver, in order, what arrived for `in` while it was reloading (its thread).
    void drain_held(Instance& in);

    /// While starting, events wait (in rings and local queues) until every instance started.
    bool starting() const { return starting_.load(std::memory_order_acquire); }
    void end_start() { starting_.store(false, std::memory_order_release); }
    /// Events posted or queued and not yet delivered (for quiescence).
    int64_t in_flight() const { return in_flight_.load(std::memory_order_acquire); }
    /// An event handed to an executor from outside the bus (a NATS subscription) and its
    /// delivery done: counted in flight meanwhile, for quiescence.
    void remote_queued() { in_flight_.fetch_add(1, std::memory_order_acq_rel); }
    void remote_done() { in_flight_.fetch_sub(1, std::memory_order_acq_rel); }
    /// Events the sources published, when host.run.max_events counts them.
    int64_t source_events() const { return source_events_.load(std::memory_order_relaxed); }

private:
    inline th_status publish(Instance& in, uint32_t port, th_event_header* ev);
    inline void dispatch(Instance& in, uint32_t port, th_event_header* ev);
    inline void deliver_fast(Edge& e, const th_event_header& ev);
    [[gnu::noinline]] th_status publish_checked(Instance& in, uint32_t port, th_event_header* ev);
    [[gnu::noinline]] th_status publish_foreign(Instance& in, uint32_t port, th_event_header* ev);
    [[gnu::noinline]] void dispatch_cold(Instance& in, uint32_t port, th_event_header* ev);
    [[gnu::noinline]] void route_slow(Instance& in, Edge* e, th_event_header* ev);
    [[gnu::noinline]] void push_cross(Instance& in, Edge* e, th_event_header* ev);
    [[gnu::noinline]] void push_local(Instance& in, Edge* e, th_event_header* ev);
    [[gnu::noinline]] void deliver_slow(Edge& e, const th_event_header& ev);
    void note_venue_status(Instance& in, const th_event_header& ev);
    void note_balance(Instance& in, const th_event_header& ev);
    size_t drain_queue(LocalQueue<Edge>& q, size_t max, std::vector<unsigned char>& scratch);

    Faults& faults_;
    Journal* journal_ = nullptr;
    const int64_t max_source_events_;
    std::atomic<bool>& stop_requested_;
    std::atomic<int64_t> in_flight_{0};
    std::atomic<int64_t> source_events_{0};
    // Decision ids (ABI 1.3) of signals, targets and orders: one counter, continued from the
    // journal's highest id, so an id names one decision in the journal whichever instance or
    // executor, session or restart published it.
    std::atomic<uint64_t> next_decision_{0};
    void stamp_decision(th_event_header* ev);
    std::atomic<bool> starting_{true};
};

}  // namespace tradehost
