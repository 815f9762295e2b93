// One plugin instance in the running pipeline: its plugin and handle, its place on an
// executor, its port table as the event path reads it, and its counters.
#pragma once

#include "bus/edge.hpp"

#include <tradehost/plugin.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tradehost {

class EventBus;
class PluginLibrary;
class Runtime;
struct InstanceSpec;
struct Timer;

struct Instance {
    Runtime* rt = nullptr;
    EventBus* bus = nullptr;
    std::string name;
    uint32_t id = 0;
    std::string plugin_name;  // stable across reloads; read from any thread
    std::string source_path;  // the plugin file the instance came from (watched for rebuilds)
    // The plugin library and its instance. Replaced by hot reload on the executor thread,
    // so read them only there (or on the control thread when no executor runs).
    std::shared_ptr<PluginLibrary> lib;
    std::shared_ptr<th_config> config;
    const InstanceSpec* spec = nullptr;  // where its config came from, for located errors
    th_instance* handle = nullptr;
    th_status (*on_event)(th_instance*, uint32_t, const th_event_header*) = nullptr;  // copy of lib->entry().on_event
    Executor* exec = nullptr;
    Lane* lane = nullptr;
    bool is_source = false;  // no input ports
    std::vector<uint16_t> port_dir, port_type;  // copies of the port table: read from any thread
    // What publish checks an event against, per port: the output port's event type, or
    // kNotAnOutput for input ports, so one compare does both checks. `port_cold` marks ports
    // whose events are counted, journaled or watched (orders, reports, fills, venue status)
    // or whose instance counts source events for host.run.max_events: only those take the
    // bus's cold dispatch.
    static constexpr uint32_t kNotAnOutput = 0x10000u;
    std::vector<uint32_t> port_accepts;
    std::vector<uint8_t> port_cold;
    std::vector<std::vector<Edge*>> out_edges;  // by port index
    std::vector<uint64_t> port_seq;            // by port index
    std::atomic<uint64_t> events_in{0}, events_out{0}, errors{0}, orders{0}, rejects{0}, fills{0};
    std::atomic<uint64_t> reloads{0}, reload_failures{0};
    // The last venue status the instance published (th_venue_state, 0 = none yet), for
    // /healthz and /metrics: a venue whose stream is down shows there, not only in the log.
    std::atomic<uint32_t> venue_state{0};
    std::atomic<uint64_t> venue_disconnects{0};
    std::string venue_text;  // guarded by metrics_mu
    // The last balance it published per currency: (total, available), fixed point. Guarded
    // by metrics_mu; for the console's balances view.
    std::map<std::string, std::pair<int64_t, int64_t>> balances;
    // Hot reload: while set, events for this instance wait in `held`, in arrival order.
    bool reloading = false;
    int in_call = 0;  // calls into the plugin on the executor's stack (executor thread only)
    LocalQueue<Edge> held;
    std::atomic<bool> finished{false}, started{false}, stopped{false}, isolated{false};
    std::atomic<bool> removed{false};  // taken out by a config reload (stopped, kept until the end)
    int64_t consecutive_errors = 0;
    mutable std::mutex metrics_mu;
    std::map<std::string, int64_t> plugin_metrics;
    std::map<uint64_t, std::unique_ptr<Timer>> timers;
    uint64_t next_timer = 1;
};

}  // namespace tradehost
