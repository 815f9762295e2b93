// Applying an edited config to a running pipeline as a diff. The new file is validated
// first, exactly as at start; if it has errors nothing changes. Otherwise: edges that go
// away are unlinked (producer first, then the ring drains), removed instances stop
// cleanly, instances whose config changed are reconfigured through state handover (as a
// hot reload with the new config), added instances are created, wired and started, and
// untouched instances go on.
#include "pipeline/runtime.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <thread>

namespace tradehost {

namespace {

bool same_value(const th_config::Value& a, const th_config::Value& b) {
    return a.type == b.type && a.b == b.b && a.i == b.i && a.f == b.f && a.s == b.s && a.list == b.list;
}

bool same_config(const th_config& a, const th_config& b) {
    if (a.values.size() != b.values.size()) return false;
    for (const auto& [k, v] : a.values) {
        auto it = b.values.find(k);
        if (it == b.values.end() || !same_value(v, it->second)) return false;
    }
    return true;
}

bool same_wiring(const PlannedEdge& a, const PlannedEdge& b) {
    return a.backpressure == b.backpressure && a.feedback == b.feedback && a.capacity == b.capacity;
}

}  // namespace

void Runtime::request_config_reload() { config_reload_requested_.store(true); }

bool Runtime::start_added(Instance& in, std::string& why) {
    th_status s = TH_OK;
    in.exec->run_sync([&] {
        in.started.store(true);
        ++in.in_call;
        s = in.lib->entry().start(in.handle);
        --in.in_call;
        if (s != TH_OK) {
            why = std::string("start failed (") + status_name(s) + ")";
            in.started.store(false);
            in.stopped.store(true);
        }
        in.reloading = false;  // deliver what arrived while it started (or account it as dropped)
        bus_.drain_held(in);
    });
    return s == TH_OK;
}

void Runtime::apply_config() {
    if (!registry_) {
        spdlog::error("config reload: no plugin registry; restart the host to apply config changes");
        return;
    }
    auto dep = std::make_unique<Deployment>();
    Diagnostics d;
    *dep = load_deployment(dep_.path, d);
    Plan plan;
    if (d.ok()) plan = build_plan(*dep, *registry_, d);
    if (!d.ok()) {
        config_reload_failures_.fetch_add(1);
        spdlog::error("config {} rejected; the running pipeline goes on unchanged:\n{}", dep_.path, d.str());
        return;
    }
    const auto t0 = std::chrono::steady_clock::now();

    std::map<std::string, Instance*> have;
    for (auto& in : instances_)
        if (!in->removed) have[in->name] = in.get();
    std::map<std::string, const PlannedInstance*> want;
    for (const auto& p : plan.instances) want[p.spec->name] = &p;

    std::vector<Instance*> removed, changed;
    std::vector<std::shared_ptr<th_config>> changed_config;
    for (auto& [name, in] : have) {
        auto it = want.find(name);
        if (it == want.end() || it->second->lib->name() != in->plugin_name || it->second->spec->executor != in->exec->name() ||
            it->second->lib->path() != in->source_path) {
            removed.push_back(in);  // gone, or a different plugin or executor: replace it
        } else if (!same_config(*it->second->config, *in->config)) {
            changed.push_back(in);
            changed_config.push_back(it->second->config);
        }
    }
    auto is_removed = [&](const Instance* in) { return std::find(removed.begin(), removed.end(), in) != removed.end(); };

    std::map<std::string, const PlannedEdge*> want_edges;
    for (const auto& e : plan.edges) want_edges[e.name] = &e;
    std::vector<Edge*> gone;
    std::map<std::string, Edge*> kept;
    for (auto& e : edges_) {
        if (e->removed) continue;
        auto it = want_edges.find(e->plan.name);
        if (it == want_edges.end() || is_removed(e->from) || is_removed(e->to) || !same_wiring(e->plan, *it->second))
            gone.push_back(e.get());
        else kept[e->plan.name] = e.get();
    }

    // 1. Unlink edges that go away at their producer; events already in their rings are
    //    still delivered (or, to a removed instance, accounted as dropped).
    for (Edge* e : gone) {
        on_lane(*e->from->lane, [e] {
            auto& v = e->from->out_edges[e->plan.from_port];
            v.erase(std::remove(v.begin(), v.end(), e), v.end());
        });
        e->removed.store(true);
    }
    // 2. Stop removed instances cleanly.
    for (Instance* in : removed) {
        stop_instance(*in);
        in->removed.store(true);
        spdlog::info("[{}] removed by the config reload", in->name);
    }
    // 3. Once a gone edge's ring is empty, its consumer stops polling it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(dep_.host.drain_timeout_ns);
    for (Edge* e : gone) {
        if (!e->cross) continue;
        while (!e->ring->empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::microseconds(200));
        on_lane(*e->to->lane, [e] {
            auto& v = e->to->lane->inbound;
            v.erase(std::remove(v.begin(), v.end(), e), v.end());
        });
    }
    // 4. Reconfigure through state handover: a hot reload with the new config.
    for (size_t i = 0; i < changed.size(); ++i) {
        Instance& in = *changed[i];
        std::string why;
        if (reload_instance(in, in.lib, why, changed_config[i])) {
            in.reloads.fetch_add(1);
            spdlog::info("[{}] reconfigured", in.name);
        } else {
            in.reload_failures.fetch_add(1);
            spdlog::error("[{}] new config not applied, the instance goes on with the old one: {}", in.name, why);
        }
    }
    // 5. Create added instances; they hold their inbox until they have started.
    std::map<std::string, Instance*> by_name;
    for (auto& [name, in] : have)
        if (!is_removed(in)) by_name[name] = in;
    std::vector<Instance*> added;
    for (const auto& p : plan.instances) {
        if (by_name.count(p.spec->name)) continue;
        Instance* in = make_instance(p);
        in->reloading = true;
        std::string why;
        th_instance* h = create_handle(*in, *p.lib, in->config.get(), why);
        if (!h) {
            spdlog::error("[{}] not added: {}", in->name, why);
            in->removed.store(true);
            in->stopped.store(true);
            continue;
        }
        in->handle = h;
        by_name[in->name] = in;
        added.push_back(in);
    }
    // 6. Wire the new edges.
    for (const auto& pe : plan.edges) {
        if (kept.count(pe.name)) continue;
        auto from = by_name.find(plan.instances[pe.from].spec->name), to = by_name.find(plan.instances[pe.to].spec->name);
        if (from == by_name.end() || to == by_name.end()) continue;  // an endpoint failed to create
        make_edge(pe, from->second, to->second);
    }
    // 7. Start added instances, consumers before sources.
    for (int pass = 0; pass < 2; ++pass)
        for (Instance* in : added) {
            if (in->is_source != (pass == 1)) continue;
            std::string why;
            if (start_added(*in, why)) spdlog::info("[{}] added by the config reload", in->name);
            else spdlog::error("[{}] added but {}: {}", in->name, why, in->lib->entry().last_error(in->handle));
        }
    deployments_.push_back(std::move(dep));
    config_reloads_.fetch_add(1);
    spdlog::info("config {} applied in {:.1f} ms: {} added, {} removed, {} reconfigured, {} edges removed", dep_.path,
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(), added.size(),
                 removed.size(), changed.size(), gone.size());
}

}  // namespace tradehost
