// Prometheus text exposition and the health document of a running pipeline.
#include "pipeline/runtime.hpp"

#include "common/json_text.hpp"

#include "nats/bridge.hpp"

#include <cstdio>
#include <sstream>

namespace tradehost {

namespace {

void family(std::ostringstream& o, const char* name, const char* type, const char* help) {
    o << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
}

// What /healthz and the console call an instance's state.
const char* state_name(const Instance& in) {
    return in.isolated ? "isolated" : in.stopped ? "stopped" : in.started ? "running" : "created";
}

}  // namespace

std::string Runtime::metrics_text() const {
    std::lock_guard<std::mutex> lk(topology_mu_);
    // Instances and edges a config reload removed are kept alive but no longer reported.
    std::vector<const Instance*> live;
    for (const auto& in : instances_)
        if (!in->removed) live.push_back(in.get());
    std::vector<const Edge*> live_edges;
    for (const auto& e : edges_)
        if (!e->removed) live_edges.push_back(e.get());
    std::ostringstream o;
    family(o, "tradehost_up", "gauge", "1 while the host runs.");
    o << "tradehost_up 1\n";
    family(o, "tradehost_kill_switch_engaged", "gauge", "1 while the operator's kill switch is engaged.");
    o << "tradehost_kill_switch_engaged " << (kill_switch_.load() ? 1 : 0) << '\n';
    family(o, "tradehost_config_reloads_total", "counter", "Config files applied while running.");
    o << "tradehost_config_reloads_total " << config_reloads_.load() << '\n';
    family(o, "tradehost_config_reload_failures_total", "counter", "Config files rejected while running (the pipeline went on).");
    o << "tradehost_config_reload_failures_total " << config_reload_failures_.load() << '\n';
    family(o, "tradehost_session_id", "gauge", "Journal session number of this run.");
    o << "tradehost_session_id " << session_id() << '\n';

    struct Counter {
        const char* name;
        const char* help;
        const std::atomic<uint64_t> Instance::*field;
    };
    static const Counter kInstanceCounters[] = {
        {"tradehost_instance_events_in_total", "Events delivered to the instance.", &Instance::events_in},
        {"tradehost_instance_events_out_total", "Events the instance published.", &Instance::events_out},
        {"tradehost_instance_errors_total", "Failed calls into the instance.", &Instance::errors},
        {"tradehost_instance_orders_total", "New order requests the instance published.", &Instance::orders},
        {"tradehost_instance_rejects_total", "Rejections (execution reports) the instance published.", &Instance::rejects},
        {"tradehost_instance_fills_total", "Fills the instance published.", &Instance::fills},
    };
    for (const auto& c : kInstanceCounters) {
        family(o, c.name, "counter", c.help);
        for (const Instance* in : live)
            o << c.name << "{instance=\"" << in->name << "\",plugin=\"" << in->plugin_name << "\"} " << ((*in).*(c.field)).load()
              << '\n';
    }
    family(o, "tradehost_plugin_reloads_total", "counter", "Hot reloads of the instance's plugin that succeeded.");
    for (const Instance* in : live) o << "tradehost_plugin_reloads_total{instance=\"" << in->name << "\"} " << in->reloads.load() << '\n';
    family(o, "tradehost_plugin_reload_failures_total", "counter", "Hot reloads that failed; the old version kept running.");
    for (const Instance* in : live)
        o << "tradehost_plugin_reload_failures_total{instance=\"" << in->name << "\"} " << in->reload_failures.load() << '\n';
    family(o, "tradehost_instance_isolated", "gauge", "1 if the instance was isolated after repeated errors.");
    for (const Instance* in : live)
        o << "tradehost_instance_isolated{instance=\"" << in->name << "\"} " << (in->isolated.load() ? 1 : 0) << '\n';
    // Venue adapters: the stream state they last published (only instances that publish one).
    family(o, "tradehost_venue_connected", "gauge", "1 while the venue adapter's stream is connected, 0 while it is down.");
    for (const Instance* in : live)
        if (uint32_t st = in->venue_state.load())
            o << "tradehost_venue_connected{instance=\"" << in->name << "\"} " << (st == TH_VENUE_CONNECTED ? 1 : 0) << '\n';
    family(o, "tradehost_venue_disconnects_total", "counter", "Times the venue adapter reported its stream down.");
    for (const Instance* in : live)
        if (in->venue_state.load())
            o << "tradehost_venue_disconnects_total{instance=\"" << in->name << "\"} " << in->venue_disconnects.load() << '\n';

    struct EdgeCounter {
        const char* name;
        const char* help;
        const std::atomic<uint64_t> Edge::*field;
    };
    static const EdgeCounter kEdgeCounters[] = {
        {"tradehost_edge_published_total", "Events published onto the edge.", &Edge::published},
        {"tradehost_edge_delivered_total", "Events delivered by the edge.", &Edge::delivered},
        {"tradehost_edge_dropped_total", "Events the edge dropped (back-pressure, isolated or stopped consumer).",
         &Edge::dropped},
        {"tradehost_edge_after_stop_total", "Dropped events that arrived after the consumer stopped (shutdown).",
         &Edge::after_stop},
    };
    for (const auto& c : kEdgeCounters) {
        family(o, c.name, "counter", c.help);
        for (const Edge* e : live_edges)
            o << c.name << "{edge=\"" << e->plan.name << "\",from=\"" << e->from->name << "\",to=\"" << e->to->name
              << "\"} " << ((*e).*(c.field)).load() << '\n';
    }

    // Counters plugins add through metric_add, one family per name.
    std::map<std::string, std::vector<std::pair<std::string, int64_t>>> plugin;
    for (const Instance* in : live) {
        std::lock_guard<std::mutex> lk(in->metrics_mu);
        for (const auto& [k, v] : in->plugin_metrics) plugin[k].emplace_back(in->name, v);
    }
    for (const auto& [k, rows] : plugin) {
        std::string name = "tradehost_plugin_" + k + "_total";
        family(o, name.c_str(), "counter", "Counter reported by the plugin.");
        for (const auto& [inst, v] : rows) o << name << "{instance=\"" << inst << "\"} " << v << '\n';
    }
    if (nats_) nats_->metrics(o);
    return o.str();
}

std::string Runtime::health_json(bool& healthy) const {
    std::lock_guard<std::mutex> lk(topology_mu_);
    healthy = !faults_.is_fatal();
    std::ostringstream o;
    o << "{\"session\":" << session_id() << ",\"kill_switch\":" << (kill_switch_.load() ? "true" : "false")
      << ",\"instances\":[";
    bool first = true;
    for (const auto& in : instances_) {
        if (in->removed) continue;
        const char* state = state_name(*in);
        if (in->isolated) healthy = false;
        o << (first ? "" : ",") << "{\"name\":\"" << in->name << "\",\"plugin\":\"" << in->plugin_name << "\",\"state\":\""
          << state << "\",\"errors\":" << in->errors.load();
        // A venue whose stream is down degrades the host while the instance runs: orders may
        // go out whose fills arrive only by polling.
        if (uint32_t v = in->venue_state.load()) {
            const bool up = v == TH_VENUE_CONNECTED;
            if (!up && !in->stopped) healthy = false;
            std::string text;
            {
                std::lock_guard<std::mutex> vl(in->metrics_mu);
                text = in->venue_text;
            }
            o << ",\"venue\":{\"state\":\"" << (up ? "connected" : "disconnected") << "\",\"disconnects\":"
              << in->venue_disconnects.load() << ",\"text\":\"" << json_escape(text) << "\"}";
        }
        o << "}";
        first = false;
    }
    o << "]";
    if (nats_) {
        o << ",";
        nats_->health(o, healthy);
    }
    o << ",\"status\":\"" << (healthy ? "ok" : "degraded") << "\"}\n";
    return o.str();
}

const std::string& Runtime::journal_path() const { return dep_.host.journal; }

std::string Runtime::graph_json() const {
    std::lock_guard<std::mutex> lk(topology_mu_);
    std::ostringstream o;
    o << "{\"session\":" << session_id() << ",\"kill_switch\":" << (kill_switch_.load() ? "true" : "false")
      << ",\"instances\":[";
    bool first = true;
    for (const auto& in : instances_) {
        if (in->removed) continue;
        const char* state = state_name(*in);
        o << (first ? "" : ",") << "{\"name\":\"" << json_escape(in->name) << "\",\"plugin\":\"" << json_escape(in->plugin_name)
          << "\",\"state\":\"" << state << "\",\"events_in\":" << in->events_in.load() << ",\"events_out\":"
          << in->events_out.load() << ",\"errors\":" << in->errors.load() << ",\"orders\":" << in->orders.load()
          << ",\"fills\":" << in->fills.load() << ",\"rejects\":" << in->rejects.load() << ",\"reloads\":"
          << in->reloads.load() << ",\"reload_failures\":" << in->reload_failures.load();
        if (uint32_t v = in->venue_state.load())
            o << ",\"venue\":\"" << (v == TH_VENUE_CONNECTED ? "connected" : "disconnected") << "\"";
        o << "}";
        first = false;
    }
    o << "],\"edges\":[";
    first = true;
    for (const auto& e : edges_) {
        if (e->removed) continue;
        o << (first ? "" : ",") << "{\"name\":\"" << json_escape(e->plan.name) << "\",\"from\":\"" << json_escape(e->from->name)
          << "\",\"to\":\"" << json_escape(e->to->name) << "\",\"published\":" << e->published.load()
          << ",\"delivered\":" << e->delivered.load() << ",\"dropped\":" << e->dropped.load()
          << ",\"feedback\":" << (e->plan.feedback ? "true" : "false") << "}";
        first = false;
    }
    o << "]}\n";
    return o.str();
}

std::string Runtime::balances_json() const {
    std::lock_guard<std::mutex> lk(topology_mu_);
    std::ostringstream o;
    o << "{\"balances\":[";
    bool first = true;
    for (const auto& in : instances_) {
        if (in->removed) continue;
        std::lock_guard<std::mutex> ml(in->metrics_mu);
        for (const auto& [currency, b] : in->balances) {
            o << (first ? "" : ",") << "{\"instance\":\"" << json_escape(in->name) << "\",\"currency\":\""
              << json_escape(currency) << "\",\"total\":" << format_fixed(b.first) << ",\"available\":" << format_fixed(b.second) << "}";
            first = false;
        }
    }
    o << "]}\n";
    return o.str();
}

std::string Runtime::reloads_json() const {
    std::lock_guard<std::mutex> lk(history_mu_);
    std::ostringstream o;
    o << "{\"reloads\":[";
    bool first = true;
    for (const auto& r : reload_history_) {
        o << (first ? "" : ",") << "{\"at_ms\":" << r.at_ms << ",\"instance\":\"" << json_escape(r.instance)
          << "\",\"plugin\":\"" << json_escape(r.plugin) << "\",\"outcome\":\"" << r.outcome << "\",\"why\":\""
          << json_escape(r.why) << "\"}";
        first = false;
    }
    o << "]}\n";
    return o.str();
}

}  // namespace tradehost
