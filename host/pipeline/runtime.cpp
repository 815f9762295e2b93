// The topology of a running pipeline (lanes, instances, edges), quiescence, and the run:
// its phases in order (each in lifecycle.cpp).
#include "pipeline/runtime.hpp"

#include "nats/bridge.hpp"
#include "pipeline/host_api.hpp"
#include "pipeline/timer.hpp"
#include "reload/file_watcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

namespace tradehost {

namespace {

// Bytes of ring per configured slot: most events are 64-270 bytes.
constexpr size_t kSlotBytes = 128;

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Runtime::Runtime(const Deployment& dep, Plan plan)
    : dep_(dep), plan_(std::move(plan)), faults_(dep.host.error_policy, dep.host.max_consecutive_errors),
      bus_(faults_, dep.host.run_max_events, stop_requested_) {
    fill_host_api(api_);
    for (const auto& name : plan_.executors) lane_named(name);
    std::vector<Instance*> made;
    for (const auto& p : plan_.instances) made.push_back(make_instance(p));
    for (const auto& pe : plan_.edges) make_edge(pe, made[pe.from], made[pe.to]);
}

Lane* Runtime::lane_named(const std::string& name) {
    for (auto& l : lanes_)
        if (l->exec->name() == name) return l.get();
    auto lane = std::make_unique<Lane>();
    lane->exec = std::make_unique<Executor>(name);
    Lane* l = lane.get();
    l->exec->add_poller([this, l] {
        if (bus_.starting()) return size_t{0};  // held until every instance started
        return bus_.drain_rings(*l, 256);
    });
    l->exec->add_poller([this, l] { return bus_.drain_local(*l); });
    {
        std::lock_guard<std::mutex> lk(topology_mu_);
        lanes_.push_back(std::move(lane));
    }
    if (running_) l->exec->start();
    return l;
}

Instance* Runtime::make_instance(const PlannedInstance& p) {
    auto in = std::make_unique<Instance>();
    in->rt = this;
    in->bus = &bus_;
    in->name = p.spec->name;
    in->id = next_instance_id_++;
    in->lib = p.lib;
    in->on_event = p.lib->entry().on_event;
    in->plugin_name = p.lib->name();
    in->source_path = p.lib->path();
    const bool counts_source_events = dep_.host.run_max_events != 0;
    const bool source = std::none_of(p.lib->ports().begin(), p.lib->ports().end(),
                                     [](const th_port_desc& d) { return d.direction == TH_PORT_IN; });
    for (const auto& d : p.lib->ports()) {
        in->port_dir.push_back(d.direction);
        in->port_type.push_back(d.event_type);
        in->port_accepts.push_back(d.direction == TH_PORT_OUT ? d.event_type : Instance::kNotAnOutput);
        const bool counted = d.event_type == TH_EV_ORDER_REQUEST || d.event_type == TH_EV_EXECUTION_REPORT ||
                             d.event_type == TH_EV_FILL || d.event_type == TH_EV_VENUE_STATUS ||
                             d.event_type == TH_EV_BALANCE ||
                             Journal::journaled(d.event_type);
        // A source's events go cold too when the journal records them as inputs (replay).
        in->port_cold.push_back(counted || (source && (counts_source_events || dep_.host.record_inputs)) ? 1 : 0);
    }
    in->config = p.config;
    in->spec = p.spec;
    in->lane = lane_named(p.spec->executor);
    in->exec = in->lane->exec.get();
    in->out_edges.resize(p.lib->ports().size());
    in->port_seq.assign(p.lib->ports().size(), 0);
    in->is_source = source;
    Instance* raw = in.get();
    std::lock_guard<std::mutex> lk(topology_mu_);
    instances_.push_back(std::move(in));
    return raw;
}

Edge* Runtime::make_edge(const PlannedEdge& pe, Instance* from, Instance* to) {
    auto e = std::make_unique<Edge>();
    e->plan = pe;
    e->from = from;
    e->to = to;
    e->cross = from->exec != to->exec;
    e->direct = !e->cross && !pe.feedback;
    Edge* raw = e.get();
    if (e->cross) {
        // At least four of the largest events fit, so a blocking push always completes.
        e->ring = std::make_unique<SpscRing>(
            std::max<size_t>(static_cast<size_t>(pe.capacity) * kSlotBytes, 4 * (TH_EVENT_MAX_SIZE + 8)));
    }
    {
        std::lock_guard<std::mutex> lk(topology_mu_);
        edges_.push_back(std::move(e));
    }
    // The consumer learns of the ring before the producer can use it; each list is touched
    // only on its own executor's thread (or here, before the executors run).
    if (raw->cross) on_lane(*to->lane, [raw, to] { to->lane->inbound.push_back(raw); });
    on_lane(*from->lane, [raw, from] { from->out_edges[raw->plan.from_port].push_back(raw); });
    return raw;
}

void Runtime::on_lane(Lane& l, const std::function<void()>& fn) {
    if (running_) l.exec->run_sync(fn);
    else fn();
}

Runtime::~Runtime() {
    watcher_.reset();
    if (nats_) nats_->close_inbound();  // its deliveries need the executors
    for (auto& l : lanes_) {
        l->exec->request_stop();
        l->exec->join();
    }
    for (auto& in : instances_) {
        in->timers.clear();
        if (in->handle) in->lib->entry().destroy(in->handle);
        in->handle = nullptr;
    }
    // The reloaded versions' copies: a library still mapped keeps its pages when unlinked.
    if (!reload_dir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(reload_dir_, ec);
    }
}

void Runtime::source_finished(Instance& in) {
    if (!in.finished.exchange(true)) spdlog::info("[{}] source finished", in.name);
}

std::pair<uint64_t, uint64_t> Runtime::progress() const {
    uint64_t events = 0, fills = 0;
    std::lock_guard<std::mutex> lk(topology_mu_);
    for (const auto& in : instances_) {
        if (in->is_source) events += in->events_out.load(std::memory_order_relaxed);
        fills += in->fills.load(std::memory_order_relaxed);
    }
    return {events, fills};
}

bool Runtime::quiescent() {
    if (bus_.in_flight() != 0) return false;
    for (auto& l : lanes_)
        if (l->exec->busy()) return false;
    for (auto& e : edges_)
        if (e->cross && !e->ring->empty()) return false;
    return bus_.in_flight() == 0;
}

bool Runtime::wait_quiescent(int64_t timeout_ns) {
    int64_t deadline = now_ns() + timeout_ns;
    while (now_ns() < deadline) {
        std::vector<uint64_t> act;
        for (auto& l : lanes_) act.push_back(l->exec->activity());
        if (quiescent()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            bool same = true;
            for (size_t i = 0; i < act.size() && i < lanes_.size(); ++i) same = same && lanes_[i]->exec->activity() == act[i];
            if (same && quiescent()) return true;
        } else {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    }
    return false;
}

RunResult Runtime::run() {
    RunResult res;
    if (!open_journal(res) || !create_all(res) || !open_nats(res)) return res;
    // Watch before anything starts: a file changed once the sources run (a test, an operator
    // quick off the mark) must not fall between their start and the watch.
    start_watching();
    start_all(res);  // opens the NATS subscriptions too, before the sources start
    if (res.exit_code == 0 && replay_) start_replay_feed(res);
    if (res.exit_code == 0) run_until_done(res);
    stop_replay_feed();
    watcher_.reset();
    process_reloads();  // finish what was asked before stopping
    stop_all();
    finish(res);
    return res;
}

void Runtime::run_until_done(RunResult&) {
    const int64_t t0 = now_ns();
    spdlog::info("running {} instances on {} executor(s)", instances_.size(), lanes_.size());
    const bool any_source = std::any_of(instances_.begin(), instances_.end(), [](auto& i) { return i->is_source; });
    for (;;) {
        if (stop_requested_.load()) {
            spdlog::info("stop requested");
            return;
        }
        if (faults_.is_fatal()) return;
        process_reloads();
        if (dep_.host.run_duration_ns && now_ns() - t0 >= dep_.host.run_duration_ns) {
            spdlog::info("run duration reached");
            return;
        }
        if (any_source && std::all_of(instances_.begin(), instances_.end(), [](auto& i) {
                return !i->is_source || i->finished.load() || i->isolated.load() || i->removed.load();
            })) {
            if (wait_quiescent(50'000'000)) {
                spdlog::info("all sources finished");
                return;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace tradehost
