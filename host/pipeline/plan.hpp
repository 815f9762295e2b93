// The pipeline plan: a deployment resolved against the registry and fully checked (plugins
// exist and load, configs match schemas, edges join ports of one event type, no cycle
// without a feedback edge, no lossy policy on order flow). Nothing runs until a plan is
// error-free, so the hot path checks nothing.
#pragma once

#include "common/diagnostics.hpp"
#include "config/deployment.hpp"
#include "registry/registry.hpp"

#include <tradehost/detail/config_values.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tradehost {

struct PlannedInstance {
    const InstanceSpec* spec = nullptr;
    std::shared_ptr<PluginLibrary> lib;
    std::shared_ptr<th_config> config;
};

struct PlannedEdge {
    size_t from = 0, to = 0;  // indexes into Plan::instances
    uint32_t from_port = 0, to_port = 0;
    uint16_t event_type = 0;
    Backpressure backpressure = Backpressure::Block;
    bool feedback = false;
    uint32_t capacity = 4096;
    std::string name;  // "from.port->to.port"
};

/// A `transport: nats` edge as this host sees it: it publishes when its `from` instance runs
/// here, subscribes when its `to` instance does (both: it still goes through NATS).
struct PlannedNatsEdge {
    static constexpr size_t kElsewhere = static_cast<size_t>(-1);
    size_t from = kElsewhere, to = kElsewhere;  // indexes into Plan::instances
    uint32_t from_port = 0, to_port = 0;
    uint16_t event_type = 0;  // the local end's port type (the publisher's when both)
    Backpressure backpressure = Backpressure::Block;
    uint32_t capacity = 4096;  // a lossy subscriber's pending limit, in events
    std::string subject;
    std::string from_instance, to_instance, from_port_name, to_port_name;
    std::string name;  // "from.port->to.port"
};

struct Plan {
    std::vector<PlannedInstance> instances;  // enabled instances, config order
    std::vector<PlannedEdge> edges;          // in-process edges
    std::vector<PlannedNatsEdge> nats_edges; // edges through NATS, config order
    std::vector<std::string> executors;      // distinct executor names, first use order
};

/// Resolve and check `dep`. All problems go to `diags`.
Plan build_plan(const Deployment& dep, Registry& registry, Diagnostics& diags);

}  // namespace tradehost
