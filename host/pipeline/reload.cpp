// Hot reload of a running instance's plugin, following DESIGN.md: copy the rebuilt file to
// a versioned path, load it (RTLD_NOW|RTLD_LOCAL) and check the ABI, create the new
// instance with the same config, quiesce the old one while its inbox keeps filling,
// snapshot -> restore, swap, start, and deliver the held inbox in order. Any failure keeps
// the old version running and says why.
#include "pipeline/runtime.hpp"

#include <spdlog/spdlog.h>

#include <dlfcn.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace tradehost {

namespace {

bool same_ports(const Instance& in, const PluginLibrary& lib) {
    const auto& p = lib.ports();
    if (p.size() != in.port_dir.size()) return false;
    for (size_t i = 0; i < p.size(); ++i)
        if (p[i].direction != in.port_dir[i] || p[i].event_type != in.port_type[i]) return false;
    return true;
}

std::string last_error(const th_plugin_entry& e, th_instance* h) {
    const char* s = h && e.last_error ? e.last_error(h) : nullptr;
    return s && *s ? s : "no detail";
}

}  // namespace

bool Runtime::request_reload(const std::string& name) {
    std::lock_guard<std::mutex> topo(topology_mu_);
    for (auto& in : instances_)
        if (in->name == name && !in->removed) {
            std::lock_guard<std::mutex> lk(reload_mu_);
            reload_files_.push_back("instance:" + name);
            return true;
        }
    return false;
}

void Runtime::request_reload_file(const std::string& path) {
    std::lock_guard<std::mutex> lk(reload_mu_);
    reload_files_.push_back(path);
}

void Runtime::process_reloads() {
    if (config_reload_requested_.exchange(false)) apply_config();
    std::vector<std::string> work;
    {
        std::lock_guard<std::mutex> lk(reload_mu_);
        work.swap(reload_files_);
    }
    for (const auto& w : work) {
        std::vector<Instance*> targets;
        std::string path = w;
        if (w.rfind("instance:", 0) == 0) {
            // One instance asked for by name: reload every instance of its plugin file, so
            // a plugin never runs in two versions at once.
            std::string name = w.substr(9);
            for (auto& in : instances_)
                if (in->name == name) path = in->source_path;
        }
        for (auto& in : instances_)
            if (in->source_path == path && in->started && !in->stopped && !in->removed) targets.push_back(in.get());
        if (!targets.empty()) reload_group(path, targets);
        reloads_done_.fetch_add(1);
    }
}

void Runtime::note_reload(const std::string& instance, const std::string& plugin, bool ok, const std::string& why) {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    std::lock_guard<std::mutex> lk(history_mu_);
    reload_history_.push_back({now, instance, plugin, ok ? "reloaded" : "failed", why});
    if (reload_history_.size() > 100) reload_history_.pop_front();
}

void Runtime::reload_group(const std::string& path, const std::vector<Instance*>& targets) {
    auto t0 = std::chrono::steady_clock::now();
    std::error_code ec;
    if (reload_dir_.empty()) {
        reload_dir_ = (fs::temp_directory_path() / ("tradehost-reload-" + std::to_string(::getpid()))).string();
        fs::create_directories(reload_dir_, ec);
    }
    // A versioned copy: the loader would hand back the library already mapped for the
    // original path, and the linker may rewrite that file while we read it.
    const std::string copy = reload_dir_ + "/" + fs::path(path).stem().string() + "." +
                             std::to_string(++reload_generation_) + ".so";
    std::shared_ptr<PluginLibrary> next;
    std::string why;
    if (!fs::copy_file(path, copy, fs::copy_options::overwrite_existing, ec)) {
        why = "cannot copy " + path + ": " + ec.message();
    } else {
        try {
            next = PluginLibrary::load(copy);
        } catch (const LoadError& e) {
            why = e.what();
        }
    }
    if (!next) {
        for (Instance* in : targets) {
            in->reload_failures.fetch_add(1);
            spdlog::error("[{}] reload failed, the running version goes on: {}", in->name, why);
            note_reload(in->name, in->plugin_name, false, why);
        }
        fs::remove(copy, ec);
        return;
    }
    std::vector<std::string> old_paths;
    for (Instance* in : targets) {
        old_paths.push_back(in->lib->path());
        if (reload_instance(*in, next, why)) {
            in->reloads.fetch_add(1);
            spdlog::info("[{}] reloaded {} {} in {:.1f} ms", in->name, next->name(), next->entry().version ? next->entry().version : "",
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            note_reload(in->name, in->plugin_name, true, "");
        } else {
            in->reload_failures.fetch_add(1);
            spdlog::error("[{}] reload failed, the running version goes on: {}", in->name, why);
            note_reload(in->name, in->plugin_name, false, why);
        }
    }
    // The previous versioned copies are unloaded once no instance uses them; say so when a
    // library stays mapped (a unique symbol, a thread it left running, or a NEVER_UNLOAD flag).
    const bool never_unload = next->entry().flags & TH_PLUGIN_NEVER_UNLOAD;
    for (const auto& old : old_paths) {
        if (old.rfind(reload_dir_, 0) != 0 || old == copy) continue;  // the original stays with the registry
        bool used = false;
        for (auto& in : instances_) used = used || in->lib->path() == old;
        if (used) continue;
        if (void* h = ::dlopen(old.c_str(), RTLD_NOW | RTLD_NOLOAD)) {
            ::dlclose(h);
            if (!never_unload) spdlog::warn("reload: {} is still resident after unloading (unique symbols or threads?)", old);
        } else {
            spdlog::debug("reload: {} unloaded", old);
        }
        fs::remove(old, ec);
    }
}

bool Runtime::reload_instance(Instance& in, const std::shared_ptr<PluginLibrary>& next, std::string& why,
                              std::shared_ptr<th_config> config) {
    if (!config) config = in.config;
    if (next->name() != in.plugin_name) {
        why = "the new file is plugin '" + next->name() + "', not '" + in.plugin_name + "'";
        return false;
    }
    if (!same_ports(in, *next)) {
        why = "the new build changed its ports; restart the host to rewire";
        return false;
    }
    const th_plugin_entry& ne = next->entry();
    th_instance* fresh = create_handle(in, *next, config.get(), why);
    if (!fresh) return false;

    // Quiesce the old instance on its executor: from here its events wait in `held`.
    std::string blob, snap_error;
    bool handover = false;
    th_status snap = TH_OK;
    in.exec->run_sync([&] {
        in.reloading = true;
        cancel_timers(in);
        const th_plugin_entry& oe = in.lib->entry();
        if (oe.stop(in.handle) != TH_OK) spdlog::warn("[{}] stop before reload: {}", in.name, last_error(oe, in.handle));
        if (oe.snapshot && ne.restore) {
            handover = true;
            const void* data = nullptr;
            uint64_t len = 0;
            snap = oe.snapshot(in.handle, &data, &len);
            if (snap == TH_OK) blob.assign(static_cast<const char*>(data), static_cast<size_t>(len));
            else snap_error = last_error(oe, in.handle);
        }
    });
    auto roll_back = [&](const std::string& reason) {
        in.exec->run_sync([&] {
            const th_plugin_entry& oe = in.lib->entry();
            if (oe.start(in.handle) != TH_OK)
                spdlog::error("[{}] the old version did not restart after a failed reload: {}", in.name, last_error(oe, in.handle));
            in.reloading = false;
            bus_.drain_held(in);
        });
        ne.destroy(fresh);
        why = reason;
        return false;
    };
    if (handover && snap != TH_OK) return roll_back(std::string("snapshot failed (") + status_name(snap) + "): " + snap_error);
    if (handover) {
        th_status r = ne.restore(fresh, blob.data(), blob.size());
        if (r != TH_OK) return roll_back(std::string("restore failed (") + status_name(r) + "): " + last_error(ne, fresh));
    } else {
        spdlog::warn("[{}] {} has no snapshot/restore: the new version starts fresh, without the old state", in.name,
                     in.plugin_name);
    }

    // Swap, start the new version, then deliver what arrived meanwhile, in order.
    th_instance* old_handle = nullptr;
    std::shared_ptr<PluginLibrary> old_lib;
    th_status started = TH_OK;
    std::string start_error;
    in.exec->run_sync([&] {
        old_handle = in.handle;
        old_lib = in.lib;
        in.handle = fresh;
        in.lib = next;
        in.on_event = next->entry().on_event;
        started = ne.start(fresh);
        if (started != TH_OK) {
            start_error = last_error(ne, fresh);
            cancel_timers(in);
            in.handle = old_handle;
            in.lib = old_lib;
            in.on_event = old_lib->entry().on_event;
            if (old_lib->entry().start(old_handle) != TH_OK)
                spdlog::error("[{}] the old version did not restart after a failed reload", in.name);
        }
        in.consecutive_errors = 0;
        in.reloading = false;
        bus_.drain_held(in);
    });
    if (started != TH_OK) {
        ne.destroy(fresh);
        why = std::string("start failed (") + status_name(started) + "): " + start_error;
        return false;
    }
    old_lib->entry().destroy(old_handle);
    in.config = config;  // the old instance, which read the old config, is gone
    return true;
}

}  // namespace tradehost
