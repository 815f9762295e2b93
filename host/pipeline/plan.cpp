#include "pipeline/plan.hpp"

#include "common/event_names.hpp"
#include "config/schema_check.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>

namespace tradehost {

namespace {

bool ends_with(const std::string& s, const char* suffix) {
    size_t n = std::strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

std::string port_list(const PluginLibrary& lib, uint16_t dir) {
    std::string s;
    for (const auto& p : lib.ports())
        if (p.direction == dir) s += (s.empty() ? "" : ", ") + std::string(p.name) + " (" + event_type_name(p.event_type) + ")";
    return s.empty() ? "none" : s;
}

// The index of `instance`'s port `port` of direction `dir` (TH_PORT_OUT for an edge's
// `from`, TH_PORT_IN for its `to`), or -1 after reporting at `at` which ports there are.
int find_port(const PluginLibrary& lib, const std::string& instance, const std::string& port, uint16_t dir,
              const Location& at, Diagnostics& d) {
    const int i = lib.port_index(port, dir);
    if (i < 0) {
        const bool out = dir == TH_PORT_OUT;
        d.error(at, "'" + instance + "' (" + lib.name() + ") has no " + (out ? "output" : "input") + " port '" + port + "' (" +
                        (out ? "outputs: " : "inputs: ") + port_list(lib, dir) + ")");
    }
    return i;
}

// Reports every cycle made only of non-feedback edges: such a cycle would recurse forever
// under direct calls. A feedback edge is delivered after the current call chain unwinds.
void check_cycles(const Plan& plan, const Deployment& dep, Diagnostics& d) {
    size_t n = plan.instances.size();
    std::vector<std::vector<size_t>> adj(n);  // edge indexes
    for (size_t i = 0; i < plan.edges.size(); ++i)
        if (!plan.edges[i].feedback) adj[plan.edges[i].from].push_back(i);
    std::vector<int> color(n, 0);
    std::vector<size_t> path_edges;
    std::function<bool(size_t)> dfs = [&](size_t u) -> bool {
        color[u] = 1;
        for (size_t ei : adj[u]) {
            size_t v = plan.edges[ei].to;
            path_edges.push_back(ei);
            if (color[v] == 1) {
                std::string cyc = plan.instances[v].spec->name;
                auto start = std::find_if(path_edges.begin(), path_edges.end(), [&](size_t e) { return plan.edges[e].from == v; });
                for (auto it = start; it != path_edges.end(); ++it) cyc += " -> " + plan.instances[plan.edges[*it].to].spec->name;
                const EdgeSpec* spec = nullptr;
                for (const auto& e : dep.edges)
                    if (plan.edges[ei].name == e.from_instance + "." + e.from_port + "->" + e.to_instance + "." + e.to_port) spec = &e;
                d.error(spec ? spec->loc : Location{dep.path, 0, 0},
                        "cycle " + cyc + " has no feedback edge; mark the edge that closes the loop with 'feedback: true'");
                return true;
            }
            if (color[v] == 0 && dfs(v)) return true;
            path_edges.pop_back();
        }
        color[u] = 2;
        return false;
    };
    for (size_t i = 0; i < n; ++i) {
        path_edges.clear();
        if (color[i] == 0 && dfs(i)) return;  // one cycle report is enough to act on
    }
}

// A NATS edge: check the ends that run here (a disabled end runs on another host and is
// checked there), and the back-pressure against the local port's event type.
void plan_nats_edge(const EdgeSpec& e, int a, int b, const Deployment& dep, Plan& plan, Diagnostics& d) {
    const InstanceSpec* sa = dep.find(e.from_instance);
    const InstanceSpec* sb = dep.find(e.to_instance);
    const bool here_a = sa && sa->enabled, here_b = sb && sb->enabled;
    if ((here_a && a < 0) || (here_b && b < 0)) return;  // its plugin is unknown: already reported
    PlannedNatsEdge pe;
    pe.subject = e.subject;
    pe.backpressure = e.backpressure;
    pe.capacity = e.capacity;
    pe.from_instance = e.from_instance;
    pe.to_instance = e.to_instance;
    pe.from_port_name = e.from_port;
    pe.to_port_name = e.to_port;
    pe.name = e.from_instance + "." + e.from_port + "->" + e.to_instance + "." + e.to_port;
    // Each end that runs here: its instance's port, and that port's event type.
    auto local_end = [&](bool here, int inst, const std::string& name, const std::string& port, uint16_t dir,
                         const Location& at, size_t& idx, uint32_t& port_idx, uint16_t& type) {
        if (!here) return true;
        const PluginLibrary& lib = *plan.instances[static_cast<size_t>(inst)].lib;
        const int p = find_port(lib, name, port, dir, at, d);
        if (p < 0) return false;
        idx = static_cast<size_t>(inst);
        port_idx = static_cast<uint32_t>(p);
        type = lib.ports()[static_cast<size_t>(p)].event_type;
        return true;
    };
    uint16_t ta = TH_EV_ANY, tb = TH_EV_ANY;
    if (!local_end(here_a, a, e.from_instance, e.from_port, TH_PORT_OUT, e.from_loc, pe.from, pe.from_port, ta) ||
        !local_end(here_b, b, e.to_instance, e.to_port, TH_PORT_IN, e.to_loc, pe.to, pe.to_port, tb))
        return;
    if (here_a && here_b && tb != TH_EV_ANY && ta != tb) {
        d.error(e.loc, "edge " + pe.name + " joins different event types: " + event_type_name(ta) + " to " + event_type_name(tb));
        return;
    }
    if (here_b && !here_a && tb == TH_EV_ANY) {
        // Order flow travels on JetStream, market data on core NATS: the receiving host must
        // know which from its own port.
        d.error(e.to_loc, "edge " + pe.name + ": '" + e.to_port + "' accepts any event type, so a host that runs only '" +
                              e.to_instance + "' cannot tell which NATS stream to read; wire a typed port across NATS");
        return;
    }
    pe.event_type = here_a ? ta : tb;
    if (e.backpressure != Backpressure::Block && must_not_drop(pe.event_type)) {
        d.error(e.backpressure_loc, std::string("edge carries ") + event_type_name(pe.event_type) +
                                        " events, which are never dropped; use 'backpressure: block'");
        return;
    }
    plan.nats_edges.push_back(std::move(pe));
}

}  // namespace

Plan build_plan(const Deployment& dep, Registry& registry, Diagnostics& d) {
    Plan plan;
    std::vector<int> index(dep.instances.size(), -1);
    for (size_t i = 0; i < dep.instances.size(); ++i) {
        const InstanceSpec& s = dep.instances[i];
        if (!s.enabled) continue;
        std::shared_ptr<PluginLibrary> lib;
        const Location at = s.use_loc.line ? s.use_loc : s.loc;
        if (s.use.find('/') != std::string::npos || ends_with(s.use, ".so")) {
            // `use:` a plugin file directly, outside the search path.
            std::error_code ec;
            if (!std::filesystem::exists(s.use, ec)) {
                d.error(at, "plugin file '" + s.use + "' does not exist");
                continue;
            }
            try {
                lib = registry.add_file(s.use);
            } catch (const LoadError& e) {
                d.error(at, e.what());
                continue;
            }
        } else {
            lib = registry.find(s.use);
        }
        if (!lib) {
            std::string msg = "unknown plugin '" + s.use + "' (available: " + registry.names() + ")";
            for (const auto& f : registry.failures())
                if (f.path.find("th_" + s.use + ".so") != std::string::npos) msg += "; " + f.reason;
            d.error(at, msg);
            continue;
        }
        PlannedInstance pi;
        pi.spec = &s;
        pi.lib = lib;
        pi.config = check_instance_config(s, *lib, d);
        index[i] = static_cast<int>(plan.instances.size());
        plan.instances.push_back(std::move(pi));
        if (std::find(plan.executors.begin(), plan.executors.end(), s.executor) == plan.executors.end())
            plan.executors.push_back(s.executor);
    }
    auto find_planned = [&](const std::string& name) -> int {
        for (size_t i = 0; i < dep.instances.size(); ++i)
            if (dep.instances[i].name == name) return index[i];
        return -1;
    };
    for (const auto& e : dep.edges) {
        int a = find_planned(e.from_instance), b = find_planned(e.to_instance);
        if (e.nats) {
            plan_nats_edge(e, a, b, dep, plan, d);
            continue;
        }
        if (a < 0 || b < 0) continue;  // its plugin is unknown: already reported
        const PluginLibrary& la = *plan.instances[static_cast<size_t>(a)].lib;
        const PluginLibrary& lb = *plan.instances[static_cast<size_t>(b)].lib;
        const int pa = find_port(la, e.from_instance, e.from_port, TH_PORT_OUT, e.from_loc, d);
        const int pb = find_port(lb, e.to_instance, e.to_port, TH_PORT_IN, e.to_loc, d);
        if (pa < 0 || pb < 0) continue;
        uint16_t ta = la.ports()[static_cast<size_t>(pa)].event_type, tb = lb.ports()[static_cast<size_t>(pb)].event_type;
        if (tb != TH_EV_ANY && ta != tb) {
            d.error(e.loc, "edge " + e.from_instance + "." + e.from_port + " -> " + e.to_instance + "." + e.to_port +
                               " joins different event types: " + event_type_name(ta) + " to " + event_type_name(tb));
            continue;
        }
        if (e.backpressure != Backpressure::Block && must_not_drop(ta)) {
            d.error(e.backpressure_loc, std::string("edge carries ") + event_type_name(ta) +
                                            " events, which are never dropped; use 'backpressure: block'");
            continue;
        }
        PlannedEdge pe;
        pe.from = static_cast<size_t>(a);
        pe.to = static_cast<size_t>(b);
        pe.from_port = static_cast<uint32_t>(pa);
        pe.to_port = static_cast<uint32_t>(pb);
        pe.event_type = ta;
        pe.backpressure = e.backpressure;
        pe.feedback = e.feedback;
        pe.capacity = e.capacity;
        pe.name = e.from_instance + "." + e.from_port + "->" + e.to_instance + "." + e.to_port;
        plan.edges.push_back(std::move(pe));
    }
    check_cycles(plan, dep, d);
    return plan;
}

}  // namespace tradehost
