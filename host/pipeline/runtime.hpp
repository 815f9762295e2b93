// The running pipeline: instances created from a plan, placed on executors and wired by
// edges; the host function table plugins call; the run loop with its bounded-session and
// shutdown rules.
#pragma once

#include "bus/executor.hpp"
#include "bus/local_queue.hpp"
#include "bus/spsc_ring.hpp"
#include "common/instruments.hpp"
#include "journal/journal.hpp"
#include "pipeline/plan.hpp"

#include <tradehost/plugin.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace boost::asio { class io_context; }

namespace tradehost {

struct Instance;

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
};

struct Timer;

/// One executor and what only its thread touches: the queue of events waiting on it and
/// the rings that end on it.
struct Lane {
    std::unique_ptr<Executor> exec;
    LocalQueue<Edge> local;
    std::vector<Edge*> inbound;
};

struct Instance {
    class Runtime* rt = nullptr;
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
    // whose events are counted or journaled (orders, reports, fills) or whose instance counts
    // source events for host.run.max_events: only those take dispatch_cold.
    static constexpr uint32_t kNotAnOutput = 0x10000u;
    std::vector<uint32_t> port_accepts;
    std::vector<uint8_t> port_cold;
    std::vector<std::vector<Edge*>> out_edges;  // by port index
    std::vector<uint64_t> port_seq;            // by port index
    std::atomic<uint64_t> events_in{0}, events_out{0}, errors{0}, orders{0}, rejects{0}, fills{0};
    std::atomic<uint64_t> reloads{0}, reload_failures{0};
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

struct RunOptions {
    bool print_summary = true;
};

/// Outcome of a run, for the CLI's exit code and the summary.
struct RunResult {
    int exit_code = 0;
    std::string error;
    int64_t events = 0;
    JournalSummary journal;
    /// Per instance, in config order: what it received and published, and its errors.
    struct InstanceCounts {
        std::string name, plugin;
        uint64_t in = 0, out = 0, errors = 0;
    };
    std::vector<InstanceCounts> instances;
};

class Runtime {
public:
    Runtime(const Deployment& dep, Plan plan);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    /// Create, start, run until done (sources finished, a limit, a signal), stop, flush.
    RunResult run();

    /// Ask the run to end (signal handler, API). Async-signal-safe.
    void request_stop() { stop_requested_.store(true); }
    void set_kill_switch(bool on) { kill_switch_.store(on); }
    bool kill_switch() const { return kill_switch_.load(); }
    /// Prometheus text exposition of every counter.
    std::string metrics_text() const;
    /// Events the sources published and fills the venues published so far (thread-safe).
    std::pair<uint64_t, uint64_t> progress() const;
    /// JSON health document; `healthy` false if an instance is isolated or the run failed.
    std::string health_json(bool& healthy) const;
    /// Port the API listens on (after start; 0 if disabled).
    uint16_t api_port() const { return api_port_; }

    // --- Hot reload (see docs/hot-reload.md). Requests are queued from any thread and
    // carried out one at a time by the run loop.
    /// Reload instance `name` from its plugin file; false if there is no such instance.
    bool request_reload(const std::string& name);
    /// Reload every instance whose plugin came from `path` (a rebuilt file).
    void request_reload_file(const std::string& path);
    /// Watch the plugin files of running instances and reload on change (before run()).
    void enable_watch(int64_t debounce_ns) { watch_debounce_ns_ = debounce_ns; }
    /// Re-read the config file and apply it as a diff (see docs/hot-reload.md).
    void request_config_reload();
    /// The registry new plugins of a reloaded config are looked up in (before run()).
    void set_registry(Registry* r) { registry_ = r; }
    /// Requests carried out so far (for tests and the CLI).
    uint64_t reloads_done() const { return reloads_done_.load(); }

    // Internal to the host table and the bus.
    th_status publish(Instance& in, uint32_t port, th_event_header* ev);
    /// The host table's publish: the whole same-executor path in one frame.
    static th_status publish_entry(th_host_ctx* ctx, uint32_t port, th_event_header* ev);
    void deliver(Edge& e, const th_event_header& ev);
    inline void deliver_fast(Edge& e, const th_event_header& ev);
    [[gnu::noinline]] void deliver_slow(Edge& e, const th_event_header& ev);
    [[gnu::noinline]] void push_cross(Instance& in, Edge* e, th_event_header* ev);
    [[gnu::noinline]] void route_slow(Instance& in, Edge* e, th_event_header* ev);
    [[gnu::noinline]] void dispatch_cold(Instance& in, th_event_header* ev);
    [[gnu::noinline]] th_status publish_checked_slow(Instance& in, uint32_t port, th_event_header* ev);
    [[gnu::noinline]] void push_local(Instance& in, Edge* e, th_event_header* ev);
    [[gnu::noinline]] th_status publish_foreign(Instance& in, uint32_t port, th_event_header* ev);
    void source_finished(Instance& in);
    th_status timer_start(Instance& in, int64_t delay, int64_t period, uint64_t* out);
    th_status timer_cancel(Instance& in, uint64_t id);
    void fire_timer(Instance& in, uint64_t id);
    InstrumentTable& instruments() { return instruments_; }
    Journal* journal() { return journal_.get(); }
    /// What `validate` adds to the config checks: create each instance, as `run` will (no
    /// journal: state calls answer TH_ERR_STATE), and destroy it at once. A refusal is
    /// reported at the config key its message names, else at the instance.
    void trial_create(Diagnostics& d);
    uint64_t session_id() const { return journal_ ? journal_->session_id() : 0; }
    const th_host_api* api() const { return &api_; }

private:
    inline void dispatch(Instance& in, uint32_t port, th_event_header* ev);
    void on_error(Instance& in, const char* what, th_status s);
    bool quiescent();
    bool wait_quiescent(int64_t timeout_ns);
    void stop_instance(Instance& in);
    size_t drain_local(Lane& lane);
    Lane* lane_named(const std::string& name);
    Instance* make_instance(const PlannedInstance& p);
    Edge* make_edge(const PlannedEdge& pe, Instance* from, Instance* to);
    /// Run `fn` on the lane's executor thread (directly before the executors run).
    void on_lane(Lane& l, const std::function<void()>& fn);
    std::vector<Instance*> topo_order();
    /// End the start phase: deliver the events held while consumers started.
    void release_start_queue();
    void process_reloads();
    void reload_group(const std::string& path, const std::vector<Instance*>& targets);
    bool reload_instance(Instance& in, const std::shared_ptr<PluginLibrary>& next, std::string& why,
                         std::shared_ptr<th_config> config = nullptr);
    void apply_config();
    bool start_added(Instance& in, std::string& why);
    void drain_held(Instance& in);
    /// Deliver up to `per_edge` events from each ring into `ex`; returns how many.
    size_t drain_rings(Lane& lane, int per_edge);
    /// Create `lib`'s instance for `in` with `cfg` (control thread); nullptr and `why` on failure.
    th_instance* create_handle(Instance& in, const PluginLibrary& lib, const th_config* cfg, std::string& why);
    /// Cancel and forget every timer of `in` (its executor thread).
    void cancel_timers(Instance& in);

    const Deployment& dep_;
    Plan plan_;
    th_host_api api_{};
    InstrumentTable instruments_;
    std::unique_ptr<Journal> journal_;
    std::vector<std::unique_ptr<Lane>> lanes_;
    std::vector<std::unique_ptr<Instance>> instances_;
    std::vector<std::unique_ptr<Edge>> edges_;
    struct LocalItem;
    // Guards the lists of lanes, instances and edges against readers on other threads
    // (metrics); their contents are objects that live as long as the runtime.
    mutable std::mutex topology_mu_;
    bool running_ = false;  // executors started
    uint32_t next_instance_id_ = 1;
    std::atomic<int64_t> in_flight_{0};
    std::atomic<int64_t> source_events_{0};
    std::atomic<bool> stop_requested_{false}, stopping_{false}, kill_switch_{false}, fatal_{false};
    std::atomic<bool> starting_{true};  // until every instance's start() returned
    std::string fatal_reason_;
    std::mutex fatal_mu_;
    uint16_t api_port_ = 0;
    std::mutex reload_mu_;
    std::vector<std::string> reload_files_;   // queued: reload everything from this file
    std::atomic<uint64_t> reloads_done_{0};
    uint64_t reload_generation_ = 0;
    std::string reload_dir_;
    int64_t watch_debounce_ns_ = 0;
    Registry* registry_ = nullptr;
    std::atomic<bool> config_reload_requested_{false};
    std::atomic<uint64_t> config_reloads_{0}, config_reload_failures_{0};
    std::vector<std::unique_ptr<Deployment>> deployments_;  // reloaded configs, kept for their specs
    std::unique_ptr<class FileWatcher> watcher_;
};

}  // namespace tradehost
