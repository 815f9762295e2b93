#include "pipeline/host_api.hpp"

#include "pipeline/runtime.hpp"

#include <tradehost/detail/config_values.hpp>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace tradehost {

namespace {

Instance& inst(th_host_ctx* ctx) { return *reinterpret_cast<Instance*>(ctx); }

void h_log(th_host_ctx* ctx, th_log_level level, const char* msg) {
    spdlog::level::level_enum l = spdlog::level::info;
    switch (level) {
    case TH_LOG_TRACE: l = spdlog::level::trace; break;
    case TH_LOG_DEBUG: l = spdlog::level::debug; break;
    case TH_LOG_INFO: l = spdlog::level::info; break;
    case TH_LOG_WARN: l = spdlog::level::warn; break;
    default: l = spdlog::level::err; break;
    }
    spdlog::log(l, "[{}] {}", inst(ctx).name, msg ? msg : "");
}

th_status h_timer_start(th_host_ctx* ctx, int64_t delay, int64_t period, uint64_t* out) {
    Instance& in = inst(ctx);
    return in.rt->timer_start(in, delay, period, out);
}

th_status h_timer_cancel(th_host_ctx* ctx, uint64_t id) {
    Instance& in = inst(ctx);
    return in.rt->timer_cancel(in, id);
}

th_time_ns h_clock_now(th_host_ctx*) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

th_status h_intern(th_host_ctx* ctx, const char* symbol, th_instrument* out) {
    if (!symbol || !*symbol || !out) return TH_ERR_INVALID_ARGUMENT;
    *out = inst(ctx).rt->instruments().intern(symbol);
    return TH_OK;
}

const char* h_symbol(th_host_ctx* ctx, th_instrument id) { return inst(ctx).rt->instruments().symbol(id); }

th_status h_set_info(th_host_ctx* ctx, th_instrument id, const th_instrument_info* info) {
    if (!info) return TH_ERR_INVALID_ARGUMENT;
    return inst(ctx).rt->instruments().set_info(id, *info);
}

th_status h_get_info(th_host_ctx* ctx, th_instrument id, th_instrument_info* out) {
    if (!out) return TH_ERR_INVALID_ARGUMENT;
    return inst(ctx).rt->instruments().get_info(id, *out);
}

th_status h_secret_get(th_host_ctx*, const char* name, char* buf, size_t cap, size_t* out_len) {
    if (!name || !out_len) return TH_ERR_INVALID_ARGUMENT;
    const char* v = std::getenv(name);
    if (!v) return TH_ERR_NOT_FOUND;
    size_t n = std::strlen(v);
    *out_len = n;
    if (!buf || cap < n + 1) return TH_ERR_BUFFER_TOO_SMALL;
    std::memcpy(buf, v, n + 1);
    return TH_OK;
}

th_status h_state_put(th_host_ctx* ctx, const char* key, const void* data, size_t len) {
    Instance& in = inst(ctx);
    if (!key || (!data && len)) return TH_ERR_INVALID_ARGUMENT;
    Journal* j = in.rt->journal();
    if (!j) return TH_ERR_STATE;
    try {
        j->state_put(in.name, key, data, len);
        return TH_OK;
    } catch (const std::exception& e) {
        spdlog::error("[{}] state_put '{}': {}", in.name, key, e.what());
        return TH_ERR_IO;
    }
}

th_status h_state_get(th_host_ctx* ctx, const char* key, void* buf, size_t cap, size_t* out_len) {
    Instance& in = inst(ctx);
    if (!key || !out_len) return TH_ERR_INVALID_ARGUMENT;
    Journal* j = in.rt->journal();
    if (!j) return TH_ERR_STATE;
    std::string v;
    try {
        // No exception crosses the ABI: a read error is TH_ERR_IO with the reason logged.
        if (!j->state_get(in.name, key, v)) return TH_ERR_NOT_FOUND;
    } catch (const std::exception& e) {
        spdlog::error("[{}] state_get '{}': {}", in.name, key, e.what());
        return TH_ERR_IO;
    }
    *out_len = v.size();
    if (cap < v.size() || (!buf && !v.empty())) return TH_ERR_BUFFER_TOO_SMALL;
    if (!v.empty()) std::memcpy(buf, v.data(), v.size());
    return TH_OK;
}

void h_metric_add(th_host_ctx* ctx, const char* name, int64_t delta) {
    if (!name || !*name) return;
    for (const char* p = name; *p; ++p)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return;
    Instance& in = inst(ctx);
    std::lock_guard<std::mutex> lk(in.metrics_mu);
    in.plugin_metrics[name] += delta;
}

void h_source_finished(th_host_ctx* ctx) {
    Instance& in = inst(ctx);
    in.rt->source_finished(in);
}

uint64_t h_session_id(th_host_ctx* ctx) { return inst(ctx).rt->session_id(); }
int h_kill_switch(th_host_ctx* ctx) { return inst(ctx).rt->kill_switch() ? 1 : 0; }
const char* h_instance_name(th_host_ctx* ctx) { return inst(ctx).name.c_str(); }

}  // namespace

void fill_host_api(th_host_api& api) {
    std::memset(&api, 0, sizeof api);
    api.size = sizeof api;
    api.abi_major = TH_ABI_VERSION_MAJOR;
    api.abi_minor = TH_ABI_VERSION_MINOR;
    api.log = &h_log;
    api.publish = &EventBus::publish_entry;
    api.timer_start = &h_timer_start;
    api.timer_cancel = &h_timer_cancel;
    api.clock_now = &h_clock_now;
    api.instrument_intern = &h_intern;
    api.instrument_symbol = &h_symbol;
    api.secret_get = &h_secret_get;
    api.state_put = &h_state_put;
    api.state_get = &h_state_get;
    api.metric_add = &h_metric_add;
    api.config_get_bool = &detail::cfg_get_bool;
    api.config_get_int = &detail::cfg_get_int;
    api.config_get_float = &detail::cfg_get_float;
    api.config_get_string = &detail::cfg_get_string;
    api.config_get_fixed = &detail::cfg_get_fixed;
    api.config_get_duration = &detail::cfg_get_duration;
    api.config_get_list_size = &detail::cfg_get_list_size;
    api.config_get_list_item = &detail::cfg_get_list_item;
    api.source_finished = &h_source_finished;
    api.session_id = &h_session_id;
    api.kill_switch_engaged = &h_kill_switch;
    api.instance_name = &h_instance_name;
    api.instrument_set_info = &h_set_info;
    api.instrument_get_info = &h_get_info;
}

}  // namespace tradehost
