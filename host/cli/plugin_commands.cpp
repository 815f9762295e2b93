// `tradehost plugins` and `tradehost inspect`.
#include "cli/commands.hpp"
#include "common/event_names.hpp"
#include "registry/registry.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace tradehost::cli {

namespace {

const char* kPluginsHelp =
    "usage: tradehost plugins [--json] [--list-only] [--plugin-path DIR]...\n"
    "\n"
    "Lists every plugin found on the search path (name, version, kind, ABI, file), and every\n"
    "th_*.so file that could not be loaded, with the reason. Exits 2 when a file failed to\n"
    "load (a missing library, another ABI major, a duplicate name), so a check after an\n"
    "install fails; --list-only lists and exits 0 all the same.\n";

const char* kInspectHelp =
    "usage: tradehost inspect PLUGIN|FILE.so [--json] [--plugin-path DIR]...\n"
    "\n"
    "Shows a plugin's name, version, ABI version, kind, description, ports (direction and\n"
    "event type) and config schema (key, type, default, required, range, doc). The range is\n"
    "the inclusive [min, max] the plugin declares for a number or duration; the host refuses\n"
    "values outside it. PLUGIN is a name on the search path; a path to a .so file is loaded\n"
    "directly.\n";

struct Opts {
    bool json = false;
    bool list_only = false;  // plugins: exit 0 even when a file failed to load
    std::vector<std::string> dirs;
    std::vector<std::string> positional;
    std::string error;
};

Opts parse(const Args& args) {
    Opts o;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json") o.json = true;
        else if (args[i] == "--list-only") o.list_only = true;
        else if (args[i] == "--plugin-path" && i + 1 < args.size()) o.dirs.push_back(args[++i]);
        else if (!args[i].empty() && args[i][0] == '-') o.error = "unknown option '" + args[i] + "'";
        else o.positional.push_back(args[i]);
    }
    return o;
}

// One bound of a declared range, as an operator would write it in the config: durations
// in the largest unit that divides them ("250ms", "1h"), integers without a fraction.
std::string bound_text(uint32_t type, double v) {
    char buf[64];
    if (type == TH_CFG_DURATION) {
        static const struct { int64_t ns; const char* unit; } kUnits[] = {
            {3600000000000, "h"}, {60000000000, "m"}, {1000000000, "s"}, {1000000, "ms"}, {1000, "us"}};
        const auto ns = static_cast<int64_t>(v);
        for (const auto& u : kUnits)
            if (ns != 0 && ns % u.ns == 0) {
                std::snprintf(buf, sizeof buf, "%lld%s", static_cast<long long>(ns / u.ns), u.unit);
                return buf;
            }
        std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
        return buf;
    }
    if (type == TH_CFG_INT) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// A declared range applies to numbers and durations only, and only when min < max.
bool has_range(const th_config_field& f) {
    const bool numeric = f.type == TH_CFG_INT || f.type == TH_CFG_FLOAT || f.type == TH_CFG_DECIMAL || f.type == TH_CFG_DURATION;
    return numeric && f.min < f.max;
}

nlohmann::json describe(const PluginLibrary& lib) {
    const auto& e = lib.entry();
    nlohmann::json j;
    j["name"] = lib.name();
    j["version"] = e.version ? e.version : "";
    j["abi_version"] = lib.abi_version();
    j["kind"] = e.kind ? e.kind : "";
    j["description"] = e.description ? e.description : "";
    j["path"] = lib.path();
    j["never_unload"] = (e.flags & TH_PLUGIN_NEVER_UNLOAD) != 0;
    j["hot_reload_state"] = e.snapshot != nullptr && e.restore != nullptr;
    j["ports"] = nlohmann::json::array();
    for (const auto& p : lib.ports())
        j["ports"].push_back({{"name", p.name},
                              {"direction", p.direction == TH_PORT_IN ? "in" : "out"},
                              {"event_type", event_type_name(p.event_type)},
                              {"doc", p.doc ? p.doc : ""}});
    j["config"] = nlohmann::json::array();
    for (const auto& f : lib.fields()) {
        nlohmann::json c = {{"key", f.key},
                            {"type", config_type_name(f.type)},
                            {"required", (f.flags & TH_CFG_REQUIRED) != 0},
                            {"secret", (f.flags & TH_CFG_SECRET) != 0},
                            {"doc", f.doc ? f.doc : ""}};
        c["default"] = f.default_value ? nlohmann::json(f.default_value) : nlohmann::json(nullptr);
        if (has_range(f)) {
            c["range"] = {f.min, f.max};  // raw bounds (durations in ns), as declared
            c["min"] = bound_text(f.type, f.min);
            c["max"] = bound_text(f.type, f.max);
        }
        j["config"].push_back(c);
    }
    return j;
}

}  // namespace

int cmd_plugins(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kPluginsHelp, stdout);
        return 0;
    }
    Opts o = parse(args);
    if (!o.error.empty() || !o.positional.empty()) {
        std::fprintf(stderr, "tradehost plugins: %s\n%s", o.error.empty() ? "unexpected argument" : o.error.c_str(), kPluginsHelp);
        return kExitUsage;
    }
    Registry reg;
    reg.scan(Registry::search_path(o.dirs));
    if (o.json) {
        nlohmann::json j;
        j["search_path"] = reg.dirs();
        j["plugins"] = nlohmann::json::array();
        for (const auto& [name, lib] : reg.plugins()) j["plugins"].push_back(describe(*lib));
        j["failed"] = nlohmann::json::array();
        for (const auto& f : reg.failures()) j["failed"].push_back({{"path", f.path}, {"reason", f.reason}});
        std::printf("%s\n", j.dump(2).c_str());
        return reg.failures().empty() || o.list_only ? 0 : kExitConfig;
    }
    if (reg.plugins().empty()) std::printf("no plugins found\n");
    for (const auto& [name, lib] : reg.plugins()) {
        const auto& e = lib->entry();
        std::printf("%-16s %-8s %-9s ABI %-5s %s\n", name.c_str(), e.version ? e.version : "", e.kind ? e.kind : "",
                    lib->abi_version().c_str(), lib->path().c_str());
    }
    for (const auto& f : reg.failures()) std::printf("FAILED  %s: %s\n", f.path.c_str(), f.reason.c_str());
    std::printf("searched: ");
    for (size_t i = 0; i < reg.dirs().size(); ++i) std::printf("%s%s", i ? ":" : "", reg.dirs()[i].c_str());
    std::printf("\n");
    if (reg.failures().empty() || o.list_only) return 0;
    std::fprintf(stderr, "tradehost plugins: %zu file(s) failed to load (--list-only to exit 0 anyway)\n", reg.failures().size());
    return kExitConfig;
}

int cmd_inspect(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kInspectHelp, stdout);
        return 0;
    }
    Opts o = parse(args);
    if (!o.error.empty() || o.positional.size() != 1) {
        std::fprintf(stderr, "tradehost inspect: %s\n%s", o.error.empty() ? "expected one PLUGIN" : o.error.c_str(), kInspectHelp);
        return kExitUsage;
    }
    const std::string& what = o.positional[0];
    std::shared_ptr<PluginLibrary> lib;
    Registry reg;
    if (what.find('/') != std::string::npos || (what.size() > 3 && what.compare(what.size() - 3, 3, ".so") == 0)) {
        try {
            lib = reg.add_file(what);
        } catch (const LoadError& e) {
            std::fprintf(stderr, "tradehost inspect: %s\n", e.what());
            return kExitConfig;
        }
    } else {
        reg.scan(Registry::search_path(o.dirs));
        lib = reg.find(what);
        if (!lib) {
            std::fprintf(stderr, "tradehost inspect: unknown plugin '%s' (available: %s)\n", what.c_str(), reg.names().c_str());
            for (const auto& f : reg.failures()) std::fprintf(stderr, "  could not load %s: %s\n", f.path.c_str(), f.reason.c_str());
            return kExitConfig;
        }
    }
    nlohmann::json j = describe(*lib);
    if (o.json) {
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("%s %s (%s) - %s\n", j["name"].get<std::string>().c_str(), j["version"].get<std::string>().c_str(),
                j["kind"].get<std::string>().c_str(), j["description"].get<std::string>().c_str());
    std::printf("  ABI %s, file %s%s\n", lib->abi_version().c_str(), lib->path().c_str(),
                j["hot_reload_state"].get<bool>() ? ", supports state handover" : "");
    std::printf("  ports:\n");
    for (const auto& p : j["ports"])
        std::printf("    %-4s %-16s %-18s %s\n", p["direction"].get<std::string>().c_str(), p["name"].get<std::string>().c_str(),
                    p["event_type"].get<std::string>().c_str(), p["doc"].get<std::string>().c_str());
    std::printf("  config:\n");
    for (const auto& c : j["config"]) {
        std::string def = c["default"].is_null() ? (c["required"].get<bool>() ? "(required)" : "(unset)")
                                                 : "= " + c["default"].get<std::string>();
        std::string range = c.contains("min") ? "[" + c["min"].get<std::string>() + ", " + c["max"].get<std::string>() + "]" : "";
        std::printf("    %-22s %-12s %-16s %-24s %s\n", c["key"].get<std::string>().c_str(), c["type"].get<std::string>().c_str(),
                    def.c_str(), range.c_str(), c["doc"].get<std::string>().c_str());
    }
    return 0;
}

}  // namespace tradehost::cli
