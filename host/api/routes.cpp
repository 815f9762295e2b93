#include "api/routes.hpp"

#include "pipeline/runtime.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace tradehost {

namespace {

constexpr const char* kText = "text/plain; charset=utf-8";
constexpr const char* kJson = "application/json";

// Whether `access` lets the request through; the refusal to send when not.
bool authorised(const ApiAccess& access, const HttpRequest& req, bool control, HttpResponse& refusal) {
    // /healthz stays open: load balancers and service managers probe it without secrets,
    // and it shows states, not positions or orders. The console page holds no data; it asks
    // for the token and sends it with every call.
    if (!access.tokens_required() || req.path == "/healthz" || req.path == "/" || req.path == "/console") return true;
    const ApiScope scope = access.scope_of(req.authorization);
    if (scope == ApiScope::Control || (scope == ApiScope::Read && !control)) return true;
    auto& f = access.failures();
    const char* reason;
    if (req.authorization.empty()) {
        f.missing.fetch_add(1);
        reason = "no token";
        refusal = {401, kText, "this endpoint needs a token: Authorization: Bearer TOKEN\n"};
    } else if (scope == ApiScope::None) {
        f.invalid.fetch_add(1);
        reason = "a wrong token";
        refusal = {401, kText, "the token is not valid here\n"};
    } else {
        f.scope.fetch_add(1);
        reason = "the read-only token on a control call";
        refusal = {403, kText, "a read-only token cannot " + req.path.substr(1) + "; use the control token\n"};
    }
    access.note_refusal(reason, req.method, req.path, req.peer);
    return false;
}

// The value of `key` in a query string ("a=1&b=2"), or `def`.
std::string query_value(const std::string& query, const std::string& key, const std::string& def = "") {
    size_t pos = 0;
    while (pos <= query.size()) {
        size_t amp = query.find('&', pos);
        if (amp == std::string::npos) amp = query.size();
        const std::string part = query.substr(pos, amp - pos);
        if (part.rfind(key + "=", 0) == 0) return part.substr(key.size() + 1);
        pos = amp + 1;
    }
    return def;
}

// A non-negative integer query value within [0, max], or `def` when absent or malformed.
int64_t query_int(const std::string& query, const std::string& key, int64_t def, int64_t max) {
    const std::string v = query_value(query, key);
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return def;
    const int64_t n = std::strtoll(v.c_str(), nullptr, 10);
    return n > max ? max : n;
}

// One server-sent event: its data on one line (the views end with a newline).
std::string sse(const char* event, std::string data) {
    while (!data.empty() && data.back() == '\n') data.pop_back();
    return std::string("event: ") + event + "\ndata: " + data + "\n\n";
}

}  // namespace

ApiRoutes::ApiRoutes(Runtime& rt, const ApiAccess& access)
    : rt_(rt), access_(access), journal_(std::make_shared<JournalViews>(rt.journal_path())) {}

HttpResponse ApiRoutes::handle(const HttpRequest& req) {
    // Control calls change the run: a web page must not be able to send them (see
    // HttpRequest::control_header), so they need the custom header too.
    const bool control = req.method != "GET" && (req.path == "/killswitch" || req.path == "/reload" || req.path == "/stop");
    if (HttpResponse refusal; !authorised(access_, req, control, refusal)) return refusal;
    if (control && !req.control_header)
        return {403, kText, "control calls need the header X-Tradehost-Control: 1 (curl -X POST -H 'X-Tradehost-Control: 1' ...)\n"};
    if (req.path == "/healthz") {
        if (req.method != "GET") return {405, kText, "use GET\n"};
        bool healthy = true;
        std::string body = rt_.health_json(healthy);
        return {healthy ? 200 : 503, kJson, body};
    }
    if (req.path == "/metrics") {
        if (req.method != "GET") return {405, kText, "use GET\n"};
        return {200, "text/plain; version=0.0.4; charset=utf-8", rt_.metrics_text() + access_.metrics_text()};
    }
    if (req.path == "/killswitch") return killswitch(req);
    if (req.path == "/reload") return reload(req);
    if (req.path == "/stop") {
        if (req.method != "POST") return {405, kText, "use POST\n"};
        rt_.request_stop();
        return {202, kText, "stopping\n"};
    }
    if (req.path == "/" || req.path == "/console") {
        if (req.method != "GET") return {405, kText, "use GET\n"};
        return {200, "text/html; charset=utf-8", kConsolePage};
    }
    if (req.path.rfind("/api/", 0) == 0) {
        if (req.method != "GET") return {405, kText, "use GET\n"};
        return req.path == "/api/stream" ? stream() : view(req);
    }
    return {404, kText, "not found; try /, /healthz, /metrics, /killswitch, /reload, /stop, /api/graph\n"};
}

HttpResponse ApiRoutes::killswitch(const HttpRequest& req) {
    auto state = [](bool on) { return std::string("{\"engaged\":") + (on ? "true" : "false") + "}\n"; };
    if (req.method == "GET") return {200, kJson, state(rt_.kill_switch())};
    if (req.method != "POST") return {405, kText, "use GET or POST\n"};
    bool on;
    if (req.query == "engage=true" || req.query == "engage=1" || req.query.empty()) on = true;
    else if (req.query == "engage=false" || req.query == "engage=0") on = false;
    else return {400, kText, "expected ?engage=true or ?engage=false\n"};
    rt_.set_kill_switch(on);
    spdlog::warn("kill switch {} through the operator endpoint", on ? "ENGAGED" : "released");
    return {200, kJson, state(on)};
}

HttpResponse ApiRoutes::reload(const HttpRequest& req) {
    if (req.method != "POST") return {405, kText, "use POST\n"};
    const std::string prefix = "instance=";
    if (req.query.rfind(prefix, 0) != 0) return {400, kText, "expected ?instance=NAME\n"};
    std::string name = req.query.substr(prefix.size());
    if (!rt_.request_reload(name)) return {404, kText, "no instance '" + name + "'\n"};
    spdlog::info("reload of '{}' requested through the operator endpoint", name);
    return {202, kText, "reload of '" + name + "' queued; see tradehost_plugin_reloads_total and the log\n"};
}

HttpResponse ApiRoutes::view(const HttpRequest& req) {
    const std::string what = req.path.substr(5);
    if (what == "graph") return {200, kJson, rt_.graph_json()};
    if (what == "reloads") return {200, kJson, rt_.reloads_json()};
    if (what == "balances") return {200, kJson, rt_.balances_json()};
    if (what == "positions") return {200, kJson, journal_->positions_json()};
    if (what == "orders")
        return {200, kJson,
                journal_->orders_json(rt_.session_id(), query_value(req.query, "open") == "true",
                                      static_cast<int>(query_int(req.query, "limit", 100, 1000)))};
    if (what == "fills")
        return {200, kJson,
                journal_->fills_json(rt_.session_id(), query_int(req.query, "after", 0, INT64_MAX),
                                     static_cast<int>(query_int(req.query, "limit", 100, 1000)))};
    return {404, kText, "no view '" + what + "'; try graph, positions, balances, orders, fills, reloads, stream\n"};
}

HttpResponse ApiRoutes::stream() {
    // Every second: the graph (live rates are its counters' differences), positions, open
    // orders, and the fills journaled since the last tick, each as its own event.
    HttpResponse r{200, "text/event-stream", ""};
    auto journal = journal_;
    Runtime* rt = &rt_;
    auto after = std::make_shared<int64_t>(0);
    auto tick = [rt, journal, after]() {
        std::string out = sse("graph", rt->graph_json());
        out += sse("positions", journal->positions_json());
        out += sse("balances", rt->balances_json());
        out += sse("orders", journal->orders_json(rt->session_id(), true, 200));
        int64_t last = *after;
        const std::string fills = journal->fills_json(rt->session_id(), *after, 500, &last);
        if (last != *after) out += sse("fills", fills);
        *after = last;
        return out;
    };
    r.body = tick();
    r.next = tick;
    return r;
}

HttpResponse handle_api(Runtime& rt, const ApiAccess& access, const HttpRequest& req) {
    ApiRoutes routes(rt, access);
    return routes.handle(req);
}

HttpResponse handle_api(Runtime& rt, const HttpRequest& req) {
    static const ApiAccess open;
    return handle_api(rt, open, req);
}

}  // namespace tradehost
