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
    std::unique_ptr<SpscRing> ring;
    std::atomic<uint64_t> published{0}, delivered{0}, dropped{0};
    std::atomic<uint64_t> after_stop{0};  // part of `dropped`: arrived after the consumer stopped
};

struct Timer;

struct Instance {
    class Runtime* rt = nullptr;
    std::string name;
    uint32_t id = 0;
    std::shared_ptr<PluginLibrary> lib;
    std::shared_ptr<th_config> config;
    th_instance* handle = nullptr;
    Executor* exec = nullptr;
    bool is_source = false;  // no input ports
    std::vector<std::vector<Edge*>> out_edges;  // by port index
    std::vector<uint64_t> port_seq;            // by port index
    std::atomic<uint64_t> events_in{0}, events_out{0}, errors{0}, orders{0}, rejects{0}, fills{0};
    std::atomic<bool> finished{false}, started{false}, stopped{false}, isolated{false};
    int64_t consecutive_errors = 0;
    std::mutex metrics_mu;
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
    /// JSON health document; `healthy` false if an instance is isolated or the run failed.
    std::string health_json(bool& healthy) const;
    /// Port the API listens on (after start; 0 if disabled).
    uint16_t api_port() const { return api_port_; }

    // Internal to the host table and the bus.
    th_status publish(Instance& in, uint32_t port, th_event_header* ev);
    void deliver(Edge& e, const th_event_header& ev);
    void source_finished(Instance& in);
    th_status timer_start(Instance& in, int64_t delay, int64_t period, uint64_t* out);
    th_status timer_cancel(Instance& in, uint64_t id);
    void fire_timer(Instance& in, uint64_t id);
    InstrumentTable& instruments() { return instruments_; }
    Journal* journal() { return journal_.get(); }
    uint64_t session_id() const { return journal_ ? journal_->session_id() : 0; }
    const th_host_api* api() const { return &api_; }

private:
    void dispatch(Instance& in, uint32_t port, th_event_header* ev);
    void on_error(Instance& in, const char* what, th_status s);
    bool quiescent();
    bool wait_quiescent(int64_t timeout_ns);
    void stop_instance(Instance& in);
    size_t drain_local(Executor& ex);
    std::vector<Instance*> topo_order();
    /// End the start phase: deliver the events held while consumers started.
    void release_start_queue();

    const Deployment& dep_;
    Plan plan_;
    th_host_api api_{};
    InstrumentTable instruments_;
    std::unique_ptr<Journal> journal_;
    std::vector<std::unique_ptr<Executor>> executors_;
    std::vector<std::unique_ptr<Instance>> instances_;
    std::vector<std::unique_ptr<Edge>> edges_;
    struct LocalItem;
    std::map<Executor*, std::unique_ptr<LocalQueue<Edge>>> local_;
    std::atomic<int64_t> in_flight_{0};
    std::atomic<int64_t> source_events_{0};
    std::atomic<bool> stop_requested_{false}, stopping_{false}, kill_switch_{false}, fatal_{false};
    std::atomic<bool> starting_{true};  // until every instance's start() returned
    std::string fatal_reason_;
    std::mutex fatal_mu_;
    uint16_t api_port_ = 0;
};

}  // namespace tradehost
