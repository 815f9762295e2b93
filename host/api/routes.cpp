#include "api/routes.hpp"

#include "pipeline/runtime.hpp"

#include <spdlog/spdlog.h>

namespace tradehost {

namespace {

// Whether `access` lets the request through; the refusal to send when not.
bool authorised(const ApiAccess& access, const HttpRequest& req, bool control, HttpResponse& refusal) {
    // /healthz stays open: load balancers and service managers probe it without secrets,
    // and it shows states, not positions or orders.
    if (!access.tokens_required() || req.path == "/healthz") return true;
    const ApiScope scope = access.scope_of(req.authorization);
    if (scope == ApiScope::Control || (scope == ApiScope::Read && !control)) return true;
    auto& f = access.failures();
    const char* reason;
    if (req.authorization.empty()) {
        f.missing.fetch_add(1);
        reason = "no token";
        refusal = {401, "text/plain; charset=utf-8", "this endpoint needs a token: Authorization: Bearer TOKEN\n"};
    } else if (scope == ApiScope::None) {
        f.invalid.fetch_add(1);
        reason = "a wrong token";
        refusal = {401, "text/plain; charset=utf-8", "the token is not valid here\n"};
    } else {
        f.scope.fetch_add(1);
        reason = "the read-only token on a control call";
        refusal = {403, "text/plain; charset=utf-8", "a read-only token cannot " + req.path.substr(1) + "; use the control token\n"};
    }
    access.note_refusal(reason, req.method, req.path, req.peer);
    return false;
}

}  // namespace

HttpResponse handle_api(Runtime& rt, const HttpRequest& req) {
    static const ApiAccess open;
    return handle_api(rt, open, req);
}

HttpResponse handle_api(Runtime& rt, const ApiAccess& access, const HttpRequest& req) {
    // Control calls change the run: a web page must not be able to send them (see
    // HttpRequest::control_header), so they need the custom header too.
    const bool control = req.method != "GET" && (req.path == "/killswitch" || req.path == "/reload" || req.path == "/stop");
    if (HttpResponse refusal; !authorised(access, req, control, refusal)) return refusal;
    if (control && !req.control_header)
        return {403, "text/plain; charset=utf-8",
                "control calls need the header X-Tradehost-Control: 1 (curl -X POST -H 'X-Tradehost-Control: 1' ...)\n"};
    if (req.path == "/healthz") {
        if (req.method != "GET") return {405, "text/plain; charset=utf-8", "use GET\n"};
        bool healthy = true;
        std::string body = rt.health_json(healthy);
        return {healthy ? 200 : 503, "application/json", body};
    }
    if (req.path == "/metrics") {
        if (req.method != "GET") return {405, "text/plain; charset=utf-8", "use GET\n"};
        return {200, "text/plain; version=0.0.4; charset=utf-8", rt.metrics_text() + access.metrics_text()};
    }
    if (req.path == "/killswitch") {
        if (req.method == "GET") return {200, "application/json", std::string("{\"engaged\":") + (rt.kill_switch() ? "true" : "false") + "}\n"};
        if (req.method == "POST") {
            bool on;
            if (req.query == "engage=true" || req.query == "engage=1" || req.query.empty()) on = true;
            else if (req.query == "engage=false" || req.query == "engage=0") on = false;
            else return {400, "text/plain; charset=utf-8", "expected ?engage=true or ?engage=false\n"};
            rt.set_kill_switch(on);
            spdlog::warn("kill switch {} through the operator endpoint", on ? "ENGAGED" : "released");
            return {200, "application/json", std::string("{\"engaged\":") + (on ? "true" : "false") + "}\n"};
        }
        return {405, "text/plain; charset=utf-8", "use GET or POST\n"};
    }
    if (req.path == "/reload") {
        if (req.method != "POST") return {405, "text/plain; charset=utf-8", "use POST\n"};
        const std::string prefix = "instance=";
        if (req.query.rfind(prefix, 0) != 0) return {400, "text/plain; charset=utf-8", "expected ?instance=NAME\n"};
        std::string name = req.query.substr(prefix.size());
        if (!rt.request_reload(name)) return {404, "text/plain; charset=utf-8", "no instance '" + name + "'\n"};
        spdlog::info("reload of '{}' requested through the operator endpoint", name);
        return {202, "text/plain; charset=utf-8",
                "reload of '" + name + "' queued; see tradehost_plugin_reloads_total and the log\n"};
    }
    if (req.path == "/stop") {
        if (req.method != "POST") return {405, "text/plain; charset=utf-8", "use POST\n"};
        rt.request_stop();
        return {202, "text/plain; charset=utf-8", "stopping\n"};
    }
    return {404, "text/plain; charset=utf-8", "not found; try /healthz, /metrics, /killswitch, /reload, /stop\n"};
}

}  // namespace tradehost
