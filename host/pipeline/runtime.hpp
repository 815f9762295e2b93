// The running pipeline: instances created from a plan, placed on executors and wired by
// edges (here and in runtime.cpp), their lifecycle (lifecycle.cpp), timers (timers.cpp),
// hot reload (reload.cpp, config_reload.cpp), metrics and health (metrics.cpp), and the run
// loop. The event path itself is the bus (bus/event_bus.hpp); the error policy is Faults.
#pragma once

#include "bus/event_bus.hpp"
#include "common/instruments.hpp"
#include "journal/journal.hpp"
#include "pipeline/faults.hpp"
#include "pipeline/instance.hpp"
#include "pipeline/plan.hpp"

#include <tradehost/plugin.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tradehost {

struct RecordedSession;

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
    /// The deployment as a graph for the console: instances (state, counters, venue) and
    /// edges (counters, back-pressure).
    std::string graph_json() const;
    /// The latest balance each instance published, per currency (the console's balances).
    std::string balances_json() const;
    /// The last reloads, newest last: time, instance, outcome, and why when it failed.
    std::string reloads_json() const;
    /// Port the API listens on (after start; 0 if disabled).
    uint16_t api_port() const { return api_port_; }
    /// The journal's file, for readers of their own (the console's views).
    const std::string& journal_path() const;

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
    /// Run a recorded session again (`tradehost replay`, before run()): the sources are created
    /// but not started; the session's inputs are published on their behalf, in order; the
    /// journal starts with the session's id and its durable state as it began.
    void set_replay(std::shared_ptr<const RecordedSession> session) { replay_ = std::move(session); }
    /// Requests carried out so far (for tests and the CLI).
    uint64_t reloads_done() const { return reloads_done_.load(); }

    // The host table's calls (pipeline/host_api.cpp), on the calling instance's behalf.
    void source_finished(Instance& in);
    th_status timer_start(Instance& in, int64_t delay, int64_t period, uint64_t* out);
    th_status timer_cancel(Instance& in, uint64_t id);
    InstrumentTable& instruments() { return instruments_; }
    Journal* journal() { return journal_.get(); }
    /// What `validate` adds to the config checks: create each instance, as `run` will (no
    /// journal: state calls answer TH_ERR_STATE), and destroy it at once. A refusal is
    /// reported at the config key its message names, else at the instance.
    void trial_create(Diagnostics& d);
    uint64_t session_id() const { return journal_ ? journal_->session_id() : 0; }
    const th_host_api* api() const { return &api_; }

private:
    // Run phases (lifecycle.cpp), in order.
    bool open_journal(RunResult& res);
    bool create_all(RunResult& res);
    bool open_nats(RunResult& res);  // NATS edges (nats_edges.cpp); true when there are none
    /// Undo a start that failed before anything ran: destroy the instances made, remove the session.
    void abandon_session();
    void start_all(RunResult& res);
    void run_until_done(RunResult& res);
    void stop_all();
    void finish(RunResult& res);
    // Replay (replay_feed.cpp): check every recorded input has its source and port here,
    // then publish them from a thread of its own; stop it before the instances stop.
    void start_replay_feed(RunResult& res);
    void stop_replay_feed();

    bool quiescent();
    bool wait_quiescent(int64_t timeout_ns);
    void stop_instance(Instance& in);
    Lane* lane_named(const std::string& name);
    Instance* make_instance(const PlannedInstance& p);
    Edge* make_edge(const PlannedEdge& pe, Instance* from, Instance* to);
    /// Run `fn` on the lane's executor thread (directly before the executors run).
    void on_lane(Lane& l, const std::function<void()>& fn);
    std::vector<Instance*> topo_order();
    /// End the start phase: deliver the events held while consumers started.
    void release_start_queue();
    void start_watching();
    void process_reloads();
    void reload_group(const std::string& path, const std::vector<Instance*>& targets);
    bool reload_instance(Instance& in, const std::shared_ptr<PluginLibrary>& next, std::string& why,
                         std::shared_ptr<th_config> config = nullptr);
    void apply_config();
    bool start_added(Instance& in, std::string& why);
    /// Create `lib`'s instance for `in` with `cfg` (control thread); nullptr and `why` on failure.
    th_instance* create_handle(Instance& in, const PluginLibrary& lib, const th_config* cfg, std::string& why);
    void fire_timer(Instance& in, uint64_t id);
    /// Cancel and forget every timer of `in` (its executor thread).
    void cancel_timers(Instance& in);

    const Deployment& dep_;
    Plan plan_;
    std::atomic<bool> stop_requested_{false}, stopping_{false}, kill_switch_{false};
    Faults faults_;
    EventBus bus_;
    th_host_api api_{};
    InstrumentTable instruments_;
    std::unique_ptr<Journal> journal_;
    std::vector<std::unique_ptr<Lane>> lanes_;
    std::vector<std::unique_ptr<Instance>> instances_;
    std::vector<std::unique_ptr<Edge>> edges_;
    // Guards the lists of lanes, instances and edges against readers on other threads
    // (metrics); their contents are objects that live as long as the runtime.
    mutable std::mutex topology_mu_;
    bool running_ = false;  // executors started
    uint32_t next_instance_id_ = 1;
    uint16_t api_port_ = 0;
    std::mutex reload_mu_;
    std::vector<std::string> reload_files_;   // queued: reload everything from this file
    std::atomic<uint64_t> reloads_done_{0};
    struct ReloadRecord {
        int64_t at_ms;  // wall clock
        std::string instance, plugin, outcome, why;
    };
    void note_reload(const std::string& instance, const std::string& plugin, bool ok, const std::string& why);
    mutable std::mutex history_mu_;
    std::deque<ReloadRecord> reload_history_;  // the last 100
    uint64_t reload_generation_ = 0;
    std::string reload_dir_;
    int64_t watch_debounce_ns_ = 0;
    Registry* registry_ = nullptr;
    std::atomic<bool> config_reload_requested_{false};
    std::atomic<uint64_t> config_reloads_{0}, config_reload_failures_{0};
    std::vector<std::unique_ptr<Deployment>> deployments_;  // reloaded configs, kept for their specs
    std::unique_ptr<class FileWatcher> watcher_;
    std::unique_ptr<class NatsBridge> nats_;  // set under topology_mu_ (metrics read it)
    std::shared_ptr<const RecordedSession> replay_;
    std::thread replay_feeder_;
    std::atomic<bool> replay_stop_{false};
};

}  // namespace tradehost
