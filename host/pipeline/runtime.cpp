#include "pipeline/runtime.hpp"

#include "common/event_names.hpp"
#include "pipeline/host_api.hpp"
#include "reload/file_watcher.hpp"

#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <thread>

namespace tradehost {

struct Timer {
    explicit Timer(boost::asio::io_context& io) : t(io) {}
    boost::asio::steady_timer t;
    int64_t period = 0;
};

namespace {

// Direct calls nest depth-first along edges; past this depth an event waits in the local
// queue instead, so a long chain cannot exhaust the stack.
constexpr int kMaxDepth = 48;
thread_local int t_depth = 0;

// Bytes of ring per configured slot: most events are 64-270 bytes.
constexpr size_t kSlotBytes = 128;

inline void bump(std::atomic<uint64_t>& a, uint64_t d = 1) noexcept {
    a.store(a.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
}

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Runtime::Runtime(const Deployment& dep, Plan plan) : dep_(dep), plan_(std::move(plan)) {
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
        if (starting_.load(std::memory_order_acquire)) return size_t{0};  // held until every instance started
        return drain_rings(*l, 256);
    });
    l->exec->add_poller([this, l] { return drain_local(*l); });
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
                             d.event_type == TH_EV_FILL || Journal::journaled(d.event_type);
        in->port_cold.push_back(counted || (source && counts_source_events) ? 1 : 0);
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
    for (auto& l : lanes_) {
        l->exec->request_stop();
        l->exec->join();
    }
    for (auto& in : instances_) {
        in->timers.clear();
        if (in->handle) in->lib->entry().destroy(in->handle);
        in->handle = nullptr;
    }
}

size_t Runtime::drain_rings(Lane& lane, int per_edge) {
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

size_t Runtime::drain_local(Lane& lane) {
    if (starting_.load(std::memory_order_acquire)) return 0;  // held until every instance started
    auto& q = lane.local;
    size_t n = 0;
    thread_local std::vector<unsigned char> scratch;
    while (!q.empty() && n < 1024) {
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


// ---- The hot path --------------------------------------------------------------------
// A same-executor hop is: check the port and the event, stamp seq and source, bump two
// single-writer counters, call each direct target. Everything rare (another thread, a
// stopped publisher, counted or journaled types, cross-executor and feedback edges, depth
// limit, start-up hold, a consumer that is reloading or stopped) is out of line.

th_status Runtime::publish_foreign(Instance& in, uint32_t port, th_event_header* ev) {
    auto bytes = std::make_shared<std::vector<unsigned char>>(reinterpret_cast<unsigned char*>(ev),
                                                              reinterpret_cast<unsigned char*>(ev) + ev->size);
    in_flight_.fetch_add(1, std::memory_order_acq_rel);
    in.exec->post([this, &in, port, bytes] {
        JournalUnit unit(journal_.get());
        dispatch(in, port, reinterpret_cast<th_event_header*>(bytes->data()));
        in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    });
    return TH_OK;
}

// The checks publish makes that are not needed by the common case, in order.
th_status Runtime::publish_checked_slow(Instance& in, uint32_t port, th_event_header* ev) {
    if (!ev || port >= in.port_accepts.size() || in.port_accepts[port] != ev->type ||
        ev->size < sizeof(th_event_header) || ev->size > TH_EVENT_MAX_SIZE)
        return TH_ERR_INVALID_ARGUMENT;
    if (in.stopped.load(std::memory_order_relaxed) || in.isolated.load(std::memory_order_relaxed)) return TH_ERR_AGAIN;
    if (in.is_source && dep_.host.run_max_events &&
        source_events_.load(std::memory_order_relaxed) >= dep_.host.run_max_events) {
        stop_requested_.store(true);
        return TH_ERR_AGAIN;
    }
    if (Executor::current() != in.exec) return publish_foreign(in, port, ev);
    dispatch(in, port, ev);
    if (in.is_source && t_depth == 0 && !in.lane->local.empty()) drain_local(*in.lane);
    return TH_OK;
}

__attribute__((always_inline)) inline th_status Runtime::publish(Instance& in, uint32_t port, th_event_header* ev) {
    // One unsigned compare covers a null-free well-formed common case: a known output port,
    // its type, a size in range, a running publisher on its own executor, no source limit.
    if (__builtin_expect(!ev || port >= in.port_accepts.size() || in.port_accepts[port] != ev->type ||
                             ev->size - sizeof(th_event_header) > TH_EVENT_MAX_SIZE - sizeof(th_event_header) ||
                             in.stopped.load(std::memory_order_relaxed) || in.isolated.load(std::memory_order_relaxed) ||
                             in.port_cold[port] || Executor::current() != in.exec,
                         0))
        return publish_checked_slow(in, port, ev);
    dispatch(in, port, ev);
    if (in.is_source && t_depth == 0 && !in.lane->local.empty()) drain_local(*in.lane);
    return TH_OK;
}

th_status Runtime::publish_entry(th_host_ctx* ctx, uint32_t port, th_event_header* ev) {
    Instance& in = *reinterpret_cast<Instance*>(ctx);
    return in.rt->publish(in, port, ev);
}

void Runtime::push_cross(Instance& in, Edge* e, th_event_header* ev) {
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

void Runtime::push_local(Instance& in, Edge* e, th_event_header* ev) {
    in_flight_.fetch_add(1, std::memory_order_acq_rel);
    in.lane->local.push(e, ev, ev->size);
}

__attribute__((always_inline)) inline void Runtime::deliver_fast(Edge& e, const th_event_header& ev) {
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
    if (__builtin_expect(s != TH_OK, 0)) on_error(to, "on_event", s);
    else to.consecutive_errors = 0;
}

// Counters of orders, rejects and fills, the journal, the source-event limit.
void Runtime::dispatch_cold(Instance& in, th_event_header* ev) {
    switch (ev->type) {
    case TH_EV_ORDER_REQUEST:
        if (reinterpret_cast<const th_order_request*>(ev)->action == TH_ORDER_NEW) bump(in.orders);
        break;
    case TH_EV_EXECUTION_REPORT:
        if (reinterpret_cast<const th_execution_report*>(ev)->exec_type == TH_EXEC_REJECTED) bump(in.rejects);
        break;
    case TH_EV_FILL: bump(in.fills); break;
    default: break;
    }
    if (journal_ && Journal::journaled(ev->type)) journal_->record(&in.name, *ev);
    if (in.is_source && dep_.host.run_max_events) source_events_.fetch_add(1, std::memory_order_relaxed);
}

// Edges that are not a plain call now: another executor's ring, a feedback edge or the
// depth limit (the lane's local queue), or the start-up hold.
void Runtime::route_slow(Instance& in, Edge* e, th_event_header* ev) {
    if (e->cross) push_cross(in, e, ev);
    else if (e->plan.feedback || t_depth >= kMaxDepth || starting_.load(std::memory_order_relaxed)) push_local(in, e, ev);
    else deliver_fast(*e, *ev);
}

__attribute__((always_inline)) inline void Runtime::dispatch(Instance& in, uint32_t port, th_event_header* ev) {
    ev->seq = ++in.port_seq[port];
    ev->source = in.id;
    bump(in.events_out);
    if (__builtin_expect(in.port_cold[port], 0)) dispatch_cold(in, ev);
    // Depth and the start-up hold are the same for every edge of this publish (each call
    // returns to the depth it started from).
    const bool calls = t_depth < kMaxDepth && !starting_.load(std::memory_order_relaxed);
    for (Edge* e : in.out_edges[port]) {
        bump(e->published);
        if (__builtin_expect(e->direct && calls, 1)) deliver_fast(*e, *ev);
        else route_slow(in, e, ev);
    }
}

// Delivery of a queued event (a ring, the local queue, a reload's held inbox): the
// consumer's callback is one journal unit, begun after its input was taken.
void Runtime::deliver(Edge& e, const th_event_header& ev) {
    JournalUnit unit(journal_.get());
    deliver_fast(e, ev);
}

void Runtime::deliver_slow(Edge& e, const th_event_header& ev) {
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
            spdlog::log(isolated ? spdlog::level::warn : spdlog::level::debug, "edge {}: {} event not delivered: '{}' is {} (journaled at publish)", e.plan.name,
                         event_type_name(ev.type), to.name, isolated ? "isolated" : "stopped");
        return;
    }
    deliver_fast(e, ev);
}

void Runtime::on_error(Instance& in, const char* what, th_status s) {
    uint64_t n = in.errors.fetch_add(1, std::memory_order_relaxed) + 1;
    ++in.consecutive_errors;
    if (n <= 10 || n % 1000 == 0) {
        const char* le = in.lib->entry().last_error(in.handle);
        spdlog::warn("[{}] {} failed ({}, error #{}): {}", in.name, what, status_name(s), n, le && *le ? le : "no detail");
    }
    if (in.consecutive_errors < dep_.host.max_consecutive_errors) return;
    const std::string& policy = dep_.host.error_policy;
    if (policy == "isolate" && !in.isolated.exchange(true)) {
        spdlog::error("[{}] isolated after {} consecutive errors (host.errors.policy: isolate); its inputs are now "
                      "counted as dropped",
                      in.name, in.consecutive_errors);
    } else if (policy == "stop" && !fatal_.exchange(true)) {
        std::lock_guard<std::mutex> lk(fatal_mu_);
        fatal_reason_ = "instance '" + in.name + "' failed " + std::to_string(in.consecutive_errors) +
                        " times in a row (host.errors.policy: stop)";
        spdlog::error("{}", fatal_reason_);
    }
}

void Runtime::source_finished(Instance& in) {
    if (!in.finished.exchange(true)) spdlog::info("[{}] source finished", in.name);
}

th_status Runtime::timer_start(Instance& in, int64_t delay, int64_t period, uint64_t* out) {
    if (!out || delay < 0 || period < 0) return TH_ERR_INVALID_ARGUMENT;
    // Timers belong to the executor thread, from start() on.
    if (!in.started || Executor::current() != in.exec) return TH_ERR_STATE;
    uint64_t id = in.next_timer++;
    auto t = std::make_unique<Timer>(in.exec->io());
    t->period = period;
    t->t.expires_after(std::chrono::nanoseconds(delay));
    t->t.async_wait([this, &in, id](const boost::system::error_code& ec) {
        if (!ec) fire_timer(in, id);
    });
    in.timers[id] = std::move(t);
    *out = id;
    return TH_OK;
}

th_status Runtime::timer_cancel(Instance& in, uint64_t id) {
    if (Executor::current() != in.exec) return TH_ERR_STATE;
    auto it = in.timers.find(id);
    if (it == in.timers.end()) return TH_ERR_NOT_FOUND;
    it->second->t.cancel();
    in.timers.erase(it);
    return TH_OK;
}

void Runtime::fire_timer(Instance& in, uint64_t id) {
    auto it = in.timers.find(id);
    if (it == in.timers.end() || in.stopped || in.isolated || !in.lib->entry().on_timer) return;
    Timer& t = *it->second;
    if (t.period > 0) {
        t.t.expires_at(t.t.expiry() + std::chrono::nanoseconds(t.period));
        t.t.async_wait([this, &in, id](const boost::system::error_code& ec) {
            if (!ec) fire_timer(in, id);
        });
    } else {
        in.timers.erase(it);
    }
    JournalUnit unit(journal_.get());
    ++in.in_call;
    th_status s = in.lib->entry().on_timer(in.handle, id, api_.clock_now(nullptr));
    --in.in_call;
    if (s != TH_OK) on_error(in, "on_timer", s);
    else in.consecutive_errors = 0;
}

th_instance* Runtime::create_handle(Instance& in, const PluginLibrary& lib, const th_config* cfg, std::string& why) {
    char err[512] = {0};
    th_instance* h = nullptr;
    th_status s = lib.entry().create(&api_, reinterpret_cast<th_host_ctx*>(&in), cfg, &h, err, sizeof err);
    if (s == TH_OK && h) return h;
    err[sizeof err - 1] = '\0';
    why = std::string("create failed (") + status_name(s) + ")" + (err[0] ? std::string(": ") + err : std::string());
    return nullptr;
}

namespace {

// The config key a plugin's create message names ("order_type: expected market or limit",
// "sma_cross: order_type ..."), else the instance itself.
Location locate_create_error(const InstanceSpec& spec, const std::string& why) {
    auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (const auto& e : spec.config) {
        for (size_t p = why.find(e.key); p != std::string::npos; p = why.find(e.key, p + 1)) {
            const size_t end = p + e.key.size();
            if ((p == 0 || !ident(why[p - 1])) && (end == why.size() || !ident(why[end]))) return e.value_loc;
        }
    }
    return spec.loc;
}

}  // namespace

std::pair<uint64_t, uint64_t> Runtime::progress() const {
    uint64_t events = 0, fills = 0;
    std::lock_guard<std::mutex> lk(topology_mu_);
    for (const auto& in : instances_) {
        if (in->is_source) events += in->events_out.load(std::memory_order_relaxed);
        fills += in->fills.load(std::memory_order_relaxed);
    }
    return {events, fills};
}

void Runtime::trial_create(Diagnostics& d) {
    for (auto& in : instances_) {
        std::string why;
        th_instance* h = create_handle(*in, *in->lib, in->config.get(), why);
        if (h) {
            in->lib->entry().destroy(h);
            continue;
        }
        const Location at = in->spec ? locate_create_error(*in->spec, why) : Location{};
        d.error(at, "instance '" + in->name + "' (plugin " + in->lib->name() + "): " + why);
    }
}

void Runtime::cancel_timers(Instance& in) {
    for (auto& [id, t] : in.timers) t->t.cancel();
    in.timers.clear();
}

bool Runtime::quiescent() {
    if (in_flight_.load() != 0) return false;
    for (auto& l : lanes_)
        if (l->exec->busy()) return false;
    for (auto& e : edges_)
        if (e->cross && !e->ring->empty()) return false;
    return in_flight_.load() == 0;
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

void Runtime::stop_instance(Instance& in) {
    if (!in.started || in.stopped) return;
    in.exec->run_sync([&] {
        JournalUnit unit(journal_.get());
        cancel_timers(in);
        ++in.in_call;
        th_status s = in.lib->entry().stop(in.handle);
        --in.in_call;
        if (s != TH_OK) on_error(in, "stop", s);
        in.stopped.store(true);
    });
}

void Runtime::release_start_queue() {
    starting_.store(false, std::memory_order_release);
    for (auto& l : lanes_) {
        Lane* x = l.get();
        x->exec->run_sync([this, x] {
            while (drain_local(*x)) {
            }
        });
    }
    wait_quiescent(dep_.host.drain_timeout_ns);
}

std::vector<Instance*> Runtime::topo_order() {
    // Upstream first along non-feedback edges, so each stop's last events reach live
    // consumers.
    std::vector<int> indeg(instances_.size(), 0);
    for (auto& e : edges_)
        if (!e->plan.feedback) ++indeg[e->plan.to];
    std::vector<Instance*> out;
    std::vector<size_t> ready;
    for (size_t i = 0; i < instances_.size(); ++i)
        if (indeg[i] == 0) ready.push_back(i);
    while (!ready.empty()) {
        size_t i = ready.front();
        ready.erase(ready.begin());
        out.push_back(instances_[i].get());
        for (auto& e : edges_)
            if (!e->plan.feedback && e->plan.from == i && --indeg[e->plan.to] == 0) ready.push_back(e->plan.to);
    }
    return out;
}

RunResult Runtime::run() {
    RunResult res;
    // 1. The journal first, so session_id and durable state work from create on. If any
    //    create fails, the session is abandoned: its row (and a journal file this run
    //    made) is removed, so nothing is written half.
    try {
        journal_ = std::make_unique<Journal>(dep_.host.journal, instruments_, dep_.path);
    } catch (const std::exception& e) {
        res.exit_code = 1;
        res.error = e.what();
        return res;
    }
    journal_->on_failure([this](const std::string& why) {
        {
            std::lock_guard<std::mutex> lk(fatal_mu_);
            if (fatal_reason_.empty()) fatal_reason_ = why;
        }
        fatal_.store(true);
    });
    // 2. Create every instance.
    for (auto& in : instances_) {
        std::string why;
        th_instance* h = create_handle(*in, *in->lib, in->config.get(), why);
        if (!h) {
            res.exit_code = 1;
            res.error = "instance '" + in->name + "' (plugin " + in->lib->name() + "): " + why;
            if (in->spec) res.error = locate_create_error(*in->spec, why).str() + ": " + res.error;
            for (auto& done : instances_)
                if (done->handle) {
                    done->lib->entry().destroy(done->handle);
                    done->handle = nullptr;
                }
            journal_->abandon();
            journal_.reset();
            return res;
        }
        in->handle = h;
    }
    // 3. The executors, then the instances.
    spdlog::info("session {} journaling to {}", journal_->session_id(), dep_.host.journal);
    for (auto& l : lanes_) l->exec->start();
    running_ = true;

    // Consumers first, sources last, so nothing is published to an instance not started.
    std::vector<Instance*> order;
    for (auto& in : instances_)
        if (!in->is_source) order.push_back(in.get());
    for (auto& in : instances_)
        if (in->is_source) order.push_back(in.get());
    bool sources_phase = false;
    for (Instance* in : order) {
        if (in->is_source && !sources_phase) {
            // Every consumer has started: deliver what they published while starting (a
            // venue's restored positions) before the first source event, in order.
            sources_phase = true;
            release_start_queue();
        }
        th_status s = TH_OK;
        std::string le;
        in->exec->run_sync([&] {
            JournalUnit unit(journal_.get());
            in->started.store(true);
            ++in->in_call;
            s = in->lib->entry().start(in->handle);
            --in->in_call;
            if (s != TH_OK) {
                in->started.store(false);
                const char* e = in->lib->entry().last_error(in->handle);
                le = e ? e : "";
            }
        });
        if (s != TH_OK) {
            res.exit_code = 1;
            res.error = "instance '" + in->name + "': start failed (" + status_name(s) + ")" + (le.empty() ? "" : ": " + le);
            break;
        }
    }
    if (!sources_phase) release_start_queue();
    if (watch_debounce_ns_ > 0 && res.exit_code == 0) {
        std::vector<std::string> files;
        for (auto& in : instances_) files.push_back(in->source_path);
        try {
            for (const auto& f : dep_.files) files.push_back(f);
            watcher_ = std::make_unique<FileWatcher>(files, watch_debounce_ns_, [this](const std::string& p) {
                if (std::find(dep_.files.begin(), dep_.files.end(), p) != dep_.files.end()) request_config_reload();
                else request_reload_file(p);
            });
            spdlog::info("watching {} plugin file(s) for rebuilds", files.size());
        } catch (const std::exception& e) {
            spdlog::error("--watch: {}", e.what());
        }
    }
    const int64_t t0 = now_ns();
    if (res.exit_code == 0) {
        spdlog::info("running {} instances on {} executor(s)", instances_.size(), lanes_.size());
        bool any_source = std::any_of(instances_.begin(), instances_.end(), [](auto& i) { return i->is_source; });
        for (;;) {
            if (stop_requested_.load()) {
                spdlog::info("stop requested");
                break;
            }
            if (fatal_.load()) break;
            process_reloads();
            if (dep_.host.run_duration_ns && now_ns() - t0 >= dep_.host.run_duration_ns) {
                spdlog::info("run duration reached");
                break;
            }
            if (any_source && std::all_of(instances_.begin(), instances_.end(), [](auto& i) {
                    return !i->is_source || i->finished.load() || i->isolated.load() || i->removed.load();
                })) {
                if (wait_quiescent(50'000'000)) {
                    spdlog::info("all sources finished");
                    break;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    watcher_.reset();
    process_reloads();  // finish what was asked before stopping
    // 4. Stop: sources first, then downstream in order, draining between steps.
    stopping_.store(true);
    for (auto& in : instances_)
        if (in->is_source) stop_instance(*in);
    wait_quiescent(dep_.host.drain_timeout_ns);
    for (Instance* in : topo_order()) {
        if (in->is_source) continue;
        stop_instance(*in);
        wait_quiescent(dep_.host.drain_timeout_ns);
    }
    for (auto& in : instances_) stop_instance(*in);  // members of feedback-only cycles
    wait_quiescent(dep_.host.drain_timeout_ns);
    for (auto& l : lanes_) {
        l->exec->request_stop();
        l->exec->join();
    }
    running_ = false;
    if (fatal_.load() && res.exit_code == 0) {
        res.exit_code = 1;
        std::lock_guard<std::mutex> lk(fatal_mu_);
        res.error = fatal_reason_;
    }
    for (auto& e : edges_) {
        uint64_t pub = e->published.load(), del = e->delivered.load(), late = e->after_stop.load();
        uint64_t drop = e->dropped.load() - late;
        if (drop) spdlog::warn("edge {}: {} of {} events dropped", e->plan.name, drop, pub);
        if (late) spdlog::info("edge {}: {} events arrived after '{}' stopped (journaled if order flow)", e->plan.name, late, e->to->name);
        spdlog::debug("edge {}: {} published, {} delivered", e->plan.name, pub, del);
    }
    res.events = source_events_.load();
    int64_t total = 0;
    for (auto& in : instances_) {
        total += static_cast<int64_t>(in->events_out.load());
        res.instances.push_back({in->name, in->plugin_name, in->events_in.load(), in->events_out.load(), in->errors.load()});
    }
    journal_->close(total);
    res.journal = journal_->summary();
    res.events = total;
    return res;
}

}  // namespace tradehost
