// The wiring the event path runs over: an edge between two instances' ports, and a lane
// (one executor and what only its thread touches).
#pragma once

#include "bus/executor.hpp"
#include "bus/local_queue.hpp"
#include "bus/spsc_ring.hpp"
#include "pipeline/plan.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace tradehost {

struct Instance;
struct NatsOutlet;

struct Edge {
    PlannedEdge plan;
    Instance* from = nullptr;
    Instance* to = nullptr;
    bool cross = false;  // ends on another executor: goes through `ring`
    bool direct = false; // same executor and not a feedback edge: a plain call when the depth allows
    std::unique_ptr<SpscRing> ring;
    std::atomic<uint64_t> published{0}, delivered{0}, dropped{0};
    std::atomic<uint64_t> after_stop{0};  // part of `dropped`: arrived after the consumer stopped
    std::atomic<bool> removed{false};     // unlinked by a config reload
    NatsOutlet* nats_out = nullptr;       // the sending end of a NATS edge (no `to` here)
};

/// One executor and what only its thread touches: the queue of events waiting on it and
/// the rings that end on it.
struct Lane {
    std::unique_ptr<Executor> exec;
    LocalQueue<Edge> local;
    std::vector<Edge*> inbound;
};

}  // namespace tradehost
