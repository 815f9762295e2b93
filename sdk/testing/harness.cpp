// Implementation of tradehost::testing::Harness: a one-instance host for plugin tests.
#include <tradehost/detail/config_values.hpp>
#include <tradehost/testing/harness.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>

namespace tradehost::testing {

struct ConfigStore {
    th_config cfg;
};


// The harness is the th_host_ctx: the plugin hands it back on every host call.
static Harness* self(th_host_ctx* ctx) { return reinterpret_cast<Harness*>(ctx); }

struct Harness::Impl {
    static void log(th_host_ctx* ctx, th_log_level level, const char* msg) {
        Harness* h = self(ctx);
        std::lock_guard<std::mutex> lk(h->mu_);
        static const char* names[] = {"trace", "debug", "info", "warn", "error"};
        h->log_.push_back(std::string(level >= 0 && level <= 4 ? names[level] : "?") + ": " + (msg ? msg : ""));
    }
    static th_status publish(th_host_ctx* ctx, uint32_t port, th_event_header* ev) {
        Harness* h = self(ctx);
        if (!ev || port >= h->ports_.size() || h->ports_[port].direction != TH_PORT_OUT) return TH_ERR_INVALID_ARGUMENT;
        if (h->ports_[port].event_type != TH_EV_ANY && h->ports_[port].event_type != ev->type) return TH_ERR_INVALID_ARGUMENT;
        if (ev->size < sizeof(th_event_header)) return TH_ERR_INVALID_ARGUMENT;
        std::lock_guard<std::mutex> lk(h->mu_);
        ev->seq = ++h->seq_[port];
        ev->source = 1;
        Published p;
        p.port = h->ports_[port].name;
        const unsigned char* b = reinterpret_cast<const unsigned char*>(ev);
        p.bytes.assign(b, b + ev->size);
        h->published_.push_back(std::move(p));
        return TH_OK;
    }
    static th_status timer_start(th_host_ctx* ctx, int64_t delay, int64_t period, uint64_t* out) {
        Harness* h = self(ctx);
        if (delay < 0 || period < 0 || !out) return TH_ERR_INVALID_ARGUMENT;
        if (!h->started_) return TH_ERR_STATE;  // as in the host: timers run from start() on
        Timer t{h->now_ + delay, period, h->next_timer_++};
        h->timers_.push_back(t);
        *out = t.id;
        return TH_OK;
    }
    static th_status timer_cancel(th_host_ctx* ctx, uint64_t id) {
        Harness* h = self(ctx);
        auto it = std::find_if(h->timers_.begin(), h->timers_.end(), [&](const Timer& t) { return t.id == id; });
        if (it == h->timers_.end()) return TH_ERR_NOT_FOUND;
        h->timers_.erase(it);
        return TH_OK;
    }
    static th_time_ns clock_now(th_host_ctx* ctx) { return self(ctx)->now_; }
    static th_status intern(th_host_ctx* ctx, const char* sym, th_instrument* out) {
        if (!sym || !*sym || !out) return TH_ERR_INVALID_ARGUMENT;
        *out = self(ctx)->intern(sym);
        return TH_OK;
    }
    static const char* symbol(th_host_ctx* ctx, th_instrument id) {
        Harness* h = self(ctx);
        std::lock_guard<std::mutex> lk(h->mu_);
        return id >= 1 && id <= h->symbols_.size() ? h->symbols_[id - 1].c_str() : nullptr;
    }
    static th_status secret_get(th_host_ctx* ctx, const char* name, char* buf, size_t cap, size_t* len) {
        Harness* h = self(ctx);
        if (!name || !len) return TH_ERR_INVALID_ARGUMENT;
        auto it = h->secrets_.find(name);
        if (it == h->secrets_.end()) return TH_ERR_NOT_FOUND;
        *len = it->second.size();
        if (!buf || cap < it->second.size() + 1) return TH_ERR_BUFFER_TOO_SMALL;
        std::memcpy(buf, it->second.c_str(), it->second.size() + 1);
        return TH_OK;
    }
    static th_status state_put(th_host_ctx* ctx, const char* key, const void* data, size_t len) {
        if (!key || (!data && len)) return TH_ERR_INVALID_ARGUMENT;
        std::lock_guard<std::mutex> lk(self(ctx)->mu_);  // adapters persist from I/O threads
        self(ctx)->state_[key] = std::string(static_cast<const char*>(data), len);
        return TH_OK;
    }
    static th_status state_get(th_host_ctx* ctx, const char* key, void* buf, size_t cap, size_t* len) {
        Harness* h = self(ctx);
        if (!key || !len) return TH_ERR_INVALID_ARGUMENT;
        std::lock_guard<std::mutex> lk(h->mu_);
        auto it = h->state_.find(key);
        if (it == h->state_.end()) return TH_ERR_NOT_FOUND;
        *len = it->second.size();
        if (cap < it->second.size()) return TH_ERR_BUFFER_TOO_SMALL;
        if (!it->second.empty()) std::memcpy(buf, it->second.data(), it->second.size());
        return TH_OK;
    }
    static void metric_add(th_host_ctx* ctx, const char* name, int64_t delta) {
        Harness* h = self(ctx);
        std::lock_guard<std::mutex> lk(h->mu_);
        if (name) h->metrics_[name] += delta;
    }
    static void source_finished(th_host_ctx* ctx) { self(ctx)->finished_ = true; }
    static uint64_t session_id(th_host_ctx* ctx) { return self(ctx)->session_; }
    static int kill_switch(th_host_ctx* ctx) { return self(ctx)->kill_ ? 1 : 0; }
    static const char* instance_name(th_host_ctx* ctx) { return self(ctx)->name_.c_str(); }
    // ABI 1.1: instrument metadata, as the host keeps it (min(size, sizeof) both ways).
    static th_status set_info(th_host_ctx* ctx, th_instrument id, const th_instrument_info* info) {
        if (!info || info->size < offsetof(th_instrument_info, tick_size)) return TH_ERR_INVALID_ARGUMENT;
        Harness* h = self(ctx);
        {
            std::lock_guard<std::mutex> lk(h->mu_);
            if (id == 0 || id > h->symbols_.size()) return TH_ERR_NOT_FOUND;
        }
        h->set_instrument_info(id, *info);
        return TH_OK;
    }
    static th_status get_info(th_host_ctx* ctx, th_instrument id, th_instrument_info* out) {
        if (!out || out->size < offsetof(th_instrument_info, tick_size)) return TH_ERR_INVALID_ARGUMENT;
        Harness* h = self(ctx);
        std::lock_guard<std::mutex> lk(h->mu_);
        auto it = h->info_.find(id);
        if (it == h->info_.end()) return TH_ERR_NOT_FOUND;
        const size_t n = std::min<size_t>(out->size, sizeof(th_instrument_info));
        std::memcpy(out, &it->second, n);
        out->size = static_cast<uint32_t>(n);
        return TH_OK;
    }
};

Harness::Harness(const std::string& path) : config_(new ConfigStore) {
    lib_ = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib_) throw std::runtime_error(std::string("cannot load plugin: ") + ::dlerror());
    auto* e = static_cast<const th_plugin_entry*>(::dlsym(lib_, TH_PLUGIN_ENTRY_SYMBOL));
    if (!e) throw std::runtime_error(path + ": no " TH_PLUGIN_ENTRY_SYMBOL " symbol");
    if (e->abi_major != TH_ABI_VERSION_MAJOR)
        throw std::runtime_error(path + ": plugin ABI " + std::to_string(e->abi_major) + "." +
                                 std::to_string(e->abi_minor) + " is not supported by harness ABI " +
                                 std::to_string(TH_ABI_VERSION_MAJOR) + "." + std::to_string(TH_ABI_VERSION_MINOR));
    entry_ = detail::read_entry(e);
    ports_ = detail::read_ports(entry_);
    fields_ = detail::read_fields(entry_);
    // The host's load checks of the callbacks, so a test fails with the reason, not a crash.
    std::string missing;
    if (!entry_.create) missing += " create";
    if (!entry_.destroy) missing += " destroy";
    if (!entry_.start) missing += " start";
    if (!entry_.stop) missing += " stop";
    if (!entry_.last_error) missing += " last_error";
    const bool has_input = std::any_of(ports_.begin(), ports_.end(), [](const th_port_desc& p) { return p.direction == TH_PORT_IN; });
    if (has_input && !entry_.on_event) missing += " on_event (the plugin has an input port)";
    if (!missing.empty()) throw std::runtime_error(path + ": required callbacks are NULL:" + missing);
    for (const auto& f : fields_) {
        if (!f.default_value) continue;
        th_config::Value v;
        if (f.type == TH_CFG_STRING_LIST) {
            v.type = TH_CFG_STRING_LIST;
            v.list = detail::parse_list_default(f.default_value);
        } else {
            std::string err = detail::convert_config_value(f, f.default_value, v);
            if (!err.empty()) throw std::runtime_error(std::string("default of ") + f.key + ": " + err);
        }
        config_->cfg.values[f.key] = v;
    }
    api_.size = sizeof api_;
    api_.abi_major = TH_ABI_VERSION_MAJOR;
    api_.abi_minor = TH_ABI_VERSION_MINOR;
    api_.log = &Impl::log;
    api_.publish = &Impl::publish;
    api_.timer_start = &Impl::timer_start;
    api_.timer_cancel = &Impl::timer_cancel;
    api_.clock_now = &Impl::clock_now;
    api_.instrument_intern = &Impl::intern;
    api_.instrument_symbol = &Impl::symbol;
    api_.secret_get = &Impl::secret_get;
    api_.state_put = &Impl::state_put;
    api_.state_get = &Impl::state_get;
    api_.metric_add = &Impl::metric_add;
    api_.config_get_bool = &detail::cfg_get_bool;
    api_.config_get_int = &detail::cfg_get_int;
    api_.config_get_float = &detail::cfg_get_float;
    api_.config_get_string = &detail::cfg_get_string;
    api_.config_get_fixed = &detail::cfg_get_fixed;
    api_.config_get_duration = &detail::cfg_get_duration;
    api_.config_get_list_size = &detail::cfg_get_list_size;
    api_.config_get_list_item = &detail::cfg_get_list_item;
    api_.source_finished = &Impl::source_finished;
    api_.session_id = &Impl::session_id;
    api_.kill_switch_engaged = &Impl::kill_switch;
    api_.instance_name = &Impl::instance_name;
    api_.instrument_set_info = &Impl::set_info;
    api_.instrument_get_info = &Impl::get_info;
}

void Harness::emulate_host_abi_1_0() {
    if (inst_) throw std::runtime_error("emulate_host_abi_1_0 after create");
    api_.abi_minor = 0;
    api_.size = offsetof(th_host_api, instrument_set_info);
    api_.instrument_set_info = nullptr;
    api_.instrument_get_info = nullptr;
}

void Harness::set_instrument_info(th_instrument id, const th_instrument_info& info) {
    th_instrument_info rec;
    std::memset(&rec, 0, sizeof rec);
    std::memcpy(&rec, &info, std::min<size_t>(info.size ? info.size : sizeof rec, sizeof rec));
    rec.size = sizeof rec;
    std::lock_guard<std::mutex> lk(mu_);
    info_[id] = rec;
}

std::optional<th_instrument_info> Harness::instrument_info(th_instrument id) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = info_.find(id);
    if (it == info_.end()) return std::nullopt;
    return it->second;
}

Harness::~Harness() {
    destroy();
    // The library stays mapped: a plugin's threads or atexit handlers may still refer to it.
}

static const th_config_field* find_field(const std::vector<th_config_field>& fs, const std::string& key) {
    for (const auto& f : fs)
        if (f.key && key == f.key) return &f;
    return nullptr;
}

void Harness::set(const std::string& key, const std::string& value) {
    const th_config_field* f = find_field(fields_, key);
    if (!f) throw std::runtime_error("unknown config key '" + key + "'");
    th_config::Value v;
    std::string err = detail::convert_config_value(*f, value, v);
    if (!err.empty()) throw std::runtime_error("config key '" + key + "': " + err);
    config_->cfg.values[key] = v;
}

void Harness::set_list(const std::string& key, const std::vector<std::string>& values) {
    const th_config_field* f = find_field(fields_, key);
    if (!f || f->type != TH_CFG_STRING_LIST) throw std::runtime_error("'" + key + "' is not a list key");
    th_config::Value v;
    v.type = TH_CFG_STRING_LIST;
    v.list = values;
    config_->cfg.values[key] = v;
}

void Harness::create() {
    for (const auto& f : fields_)
        if ((f.flags & TH_CFG_REQUIRED) && !config_->cfg.values.count(f.key))
            throw std::runtime_error(std::string("missing required config key '") + f.key + "'");
    char err[512] = {0};
    th_status s = entry_.create(&api_, reinterpret_cast<th_host_ctx*>(this), &config_->cfg, &inst_, err, sizeof err);
    if (s != TH_OK) {
        inst_ = nullptr;
        throw std::runtime_error(std::string("create failed (") + status_name(s) + "): " + err);
    }
}

void Harness::start() {
    if (!inst_) throw std::runtime_error("start before create");
    started_ = true;  // timers may be started from start() on
    th_status s = entry_.start(inst_);
    if (s != TH_OK) {
        started_ = false;
        throw std::runtime_error("start failed: " + last_error());
    }
}

void Harness::stop() {
    if (!inst_ || !started_) return;
    started_ = false;
    th_status s = entry_.stop(inst_);
    if (s != TH_OK) throw std::runtime_error("stop failed: " + last_error());
}

void Harness::destroy() {
    if (!inst_) return;
    if (started_) {
        started_ = false;
        entry_.stop(inst_);
    }
    entry_.destroy(inst_);
    inst_ = nullptr;
}

std::string Harness::snapshot() {
    if (!inst_) throw std::runtime_error("snapshot before create");
    if (!entry_.snapshot) throw std::runtime_error("plugin has no snapshot/restore");
    const void* data = nullptr;
    uint64_t len = 0;
    th_status s = entry_.snapshot(inst_, &data, &len);
    if (s != TH_OK) throw std::runtime_error("snapshot failed: " + last_error());
    return std::string(static_cast<const char*>(data), static_cast<size_t>(len));
}

void Harness::restore(const std::string& blob) {
    if (!inst_) throw std::runtime_error("restore before create");
    if (started_) throw std::runtime_error("restore after start");
    if (!entry_.restore) throw std::runtime_error("plugin has no snapshot/restore");
    th_status s = entry_.restore(inst_, blob.data(), blob.size());
    if (s != TH_OK) throw std::runtime_error("restore failed: " + last_error());
}

uint32_t Harness::port_index(const std::string& name) const {
    for (uint32_t i = 0; i < ports_.size(); ++i)  // inputs: send() delivers to them
        if (ports_[i].name && ports_[i].direction == TH_PORT_IN && name == ports_[i].name) return i;
    for (uint32_t i = 0; i < ports_.size(); ++i)
        if (ports_[i].name && name == ports_[i].name) return i;
    throw std::runtime_error("unknown port '" + name + "'");
}

th_status Harness::send(const std::string& port, const th_event_header& ev) {
    uint32_t i = port_index(port);
    if (ports_[i].direction != TH_PORT_IN) throw std::runtime_error("'" + port + "' is not an input port");
    if (!entry_.on_event) return TH_ERR_UNSUPPORTED;
    return entry_.on_event(inst_, i, &ev);
}

void Harness::set_now(th_time_ns t) {
    if (t < now_) throw std::runtime_error("the simulated clock cannot go back");
    advance(t - now_);
}

void Harness::advance(int64_t ns) {
    th_time_ns end = now_ + ns;
    for (;;) {
        auto it = std::min_element(timers_.begin(), timers_.end(),
                                   [](const Timer& a, const Timer& b) { return a.due < b.due || (a.due == b.due && a.id < b.id); });
        if (it == timers_.end() || it->due > end) break;
        Timer t = *it;
        now_ = t.due;
        if (t.period > 0) it->due += t.period;
        else timers_.erase(it);
        if (entry_.on_timer && inst_) {
            th_status s = entry_.on_timer(inst_, t.id, now_);
            if (s != TH_OK) throw std::runtime_error("on_timer failed: " + last_error());
        }
    }
    now_ = end;
}

std::string Harness::last_error() const {
    if (!inst_ || !entry_.last_error) return "";
    const char* e = entry_.last_error(inst_);
    return e ? e : "";
}

std::vector<Published> Harness::published() const {
    std::lock_guard<std::mutex> lk(mu_);
    return published_;
}

std::vector<Published> Harness::take_all(const std::string& port) {
    std::vector<Published> out, rest;
    std::lock_guard<std::mutex> lk(mu_);
    for (auto& p : published_) (port.empty() || p.port == port ? out : rest).push_back(std::move(p));
    published_.swap(rest);
    return out;
}

void Harness::clear_published() {
    std::lock_guard<std::mutex> lk(mu_);
    published_.clear();
}

th_instrument Harness::intern(const std::string& symbol) {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = ids_.find(symbol);
    if (it != ids_.end()) return it->second;
    symbols_.push_back(symbol);
    th_instrument id = static_cast<th_instrument>(symbols_.size());
    ids_[symbol] = id;
    return id;
}

std::string Harness::symbol(th_instrument id) const {
    std::lock_guard<std::mutex> lk(mu_);
    return id >= 1 && id <= symbols_.size() ? symbols_[id - 1] : "";
}

int64_t Harness::metric(const std::string& name) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = metrics_.find(name);
    return it == metrics_.end() ? 0 : it->second;
}

std::vector<std::string> Harness::log_lines() const {
    std::lock_guard<std::mutex> lk(mu_);
    return log_;
}

}  // namespace tradehost::testing
