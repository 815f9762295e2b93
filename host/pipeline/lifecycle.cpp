// The lifecycle of the instances: create (and validate's trial create), start in
// dependency order behind the start-up hold, stop upstream first with drains between, and
// the end-of-run accounting.
#include "pipeline/runtime.hpp"

#include "nats/bridge.hpp"
#include "replay/recorded_session.hpp"
#include "reload/file_watcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace tradehost {

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

bool Runtime::open_journal(RunResult& res) {
    // The journal first, so session_id and durable state work from create on.
    try {
        JournalOptions options;
        if (replay_) {
            options.session_id = replay_->session;
            options.initial_state = replay_->start_state;
        } else if (dep_.host.record_inputs &&
                   std::any_of(dep_.edges.begin(), dep_.edges.end(), [](const EdgeSpec& e) { return e.nats; })) {
            // Replay runs one host's whole pipeline: events from other hosts are not this
            // host's sources, so a split deployment's record would not replay.
            spdlog::info("host.record_inputs: not recording: this deployment has NATS edges, which replay does not run");
        } else if (dep_.host.record_inputs) {
            options.record_inputs = true;
            options.config_sha256 = deployment_sha256(dep_.files);
        }
        journal_ = std::make_unique<Journal>(dep_.host.journal, instruments_, dep_.path, options);
    } catch (const std::exception& e) {
        res.exit_code = 1;
        res.error = e.what();
        return false;
    }
    journal_->on_failure([this](const std::string& why) { faults_.fatal(why); });
    bus_.set_journal(journal_.get());
    return true;
}

// If any create fails, the session is abandoned: its row (and a journal file this run
// made) is removed, so nothing is written half.
bool Runtime::create_all(RunResult& res) {
    for (auto& in : instances_) {
        std::string why;
        th_instance* h = create_handle(*in, *in->lib, in->config.get(), why);
        if (!h) {
            res.exit_code = 1;
            res.error = "instance '" + in->name + "' (plugin " + in->lib->name() + "): " + why;
            if (in->spec) res.error = locate_create_error(*in->spec, why).str() + ": " + res.error;
            abandon_session();
            return false;
        }
        in->handle = h;
    }
    return true;
}

void Runtime::abandon_session() {
    for (auto& done : instances_)
        if (done->handle) {
            done->lib->entry().destroy(done->handle);
            done->handle = nullptr;
        }
    bus_.set_journal(nullptr);
    journal_->abandon();
    journal_.reset();
}

// The executors, then the instances: consumers first, sources last, so nothing is
// published to an instance not started.
void Runtime::start_all(RunResult& res) {
    spdlog::info("session {} journaling to {}", journal_->session_id(), dep_.host.journal);
    for (auto& l : lanes_) l->exec->start();
    running_ = true;
    std::vector<Instance*> order;
    for (auto& in : instances_)
        if (!in->is_source) order.push_back(in.get());
    for (auto& in : instances_)
        if (in->is_source) order.push_back(in.get());
    // NATS subscriptions open once every consumer has started and before any source does:
    // a source's first events, published to a subject this host also reads, must find the
    // subscription in place (core NATS keeps nothing for a subscriber that comes later).
    bool inbound_open = false;
    auto open_inbound = [&] {
        inbound_open = true;
        if (!nats_) return true;
        try {
            nats_->subscribe();
            return true;
        } catch (const std::exception& e) {
            res.exit_code = 1;
            res.error = std::string("nats: ") + e.what();
            return false;
        }
    };
    bool sources_phase = false;
    for (Instance* in : order) {
        if (in->is_source && !sources_phase) {
            // Every consumer has started: deliver what they published while starting (a
            // venue's restored positions) before the first source event, in order.
            sources_phase = true;
            if (!open_inbound()) break;
            release_start_queue();
        }
        if (in->is_source && replay_) continue;  // its recorded events are published instead
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
    if (!inbound_open && res.exit_code == 0) open_inbound();
}

void Runtime::start_watching() {
    if (watch_debounce_ns_ <= 0) return;
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

// Sources first, then downstream in order, draining between steps, then the executors.
void Runtime::stop_all() {
    stopping_.store(true);
    for (auto& in : instances_)
        if (in->is_source) stop_instance(*in);
    wait_quiescent(dep_.host.drain_timeout_ns);
    if (nats_) {
        // Nothing more from other hosts: what was not applied stays in the durable consumers
        // (JetStream) for the next run. A publish still waiting for an absent server gives up.
        // What this host sent to itself through NATS comes back first.
        nats_->settle(dep_.host.drain_timeout_ns);
        wait_quiescent(dep_.host.drain_timeout_ns);
        nats_->close_inbound();
        if (nats_->state() != nats::LinkState::Connected) nats_->give_up();
        wait_quiescent(dep_.host.drain_timeout_ns);
    }
    for (Instance* in : topo_order()) {
        if (in->is_source) continue;
        stop_instance(*in);
        wait_quiescent(dep_.host.drain_timeout_ns);
    }
    for (auto& in : instances_) stop_instance(*in);  // members of feedback-only cycles
    wait_quiescent(dep_.host.drain_timeout_ns);
    if (nats_) nats_->flush();
    for (auto& l : lanes_) {
        l->exec->request_stop();
        l->exec->join();
    }
    running_ = false;
}

// The edge report, the per-instance counts, the journal's close and summary.
void Runtime::finish(RunResult& res) {
    if (faults_.is_fatal() && res.exit_code == 0) {
        res.exit_code = 1;
        res.error = faults_.reason();
    }
    for (auto& e : edges_) {
        uint64_t pub = e->published.load(), del = e->delivered.load(), late = e->after_stop.load();
        uint64_t drop = e->dropped.load() - late;
        if (drop) spdlog::warn("edge {}: {} of {} events dropped", e->plan.name, drop, pub);
        if (late) spdlog::info("edge {}: {} events arrived after '{}' stopped (journaled if order flow)", e->plan.name, late, e->to->name);
        spdlog::debug("edge {}: {} published, {} delivered", e->plan.name, pub, del);
    }
    int64_t total = 0;
    for (auto& in : instances_) {
        total += static_cast<int64_t>(in->events_out.load());
        res.instances.push_back({in->name, in->plugin_name, in->events_in.load(), in->events_out.load(), in->errors.load()});
    }
    journal_->close(total);
    res.journal = journal_->summary();
    res.events = total;
}

void Runtime::stop_instance(Instance& in) {
    if (!in.started || in.stopped) return;
    in.exec->run_sync([&] {
        JournalUnit unit(journal_.get());
        cancel_timers(in);
        ++in.in_call;
        th_status s = in.lib->entry().stop(in.handle);
        --in.in_call;
        if (s != TH_OK) faults_.failed(in, "stop", s);
        in.stopped.store(true);
    });
}

void Runtime::release_start_queue() {
    bus_.end_start();
    for (auto& l : lanes_) {
        Lane* x = l.get();
        x->exec->run_sync([this, x] {
            while (bus_.drain_local(*x)) {
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

}  // namespace tradehost
