#include "loader/plugin_library.hpp"

#include <tradehost/detail/config_values.hpp>

#include <boost/dll/shared_library.hpp>

#include <cstring>


namespace tradehost {

namespace {

std::string version_str(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

bool valid_name(const char* s) {
    if (!s || !*s) return false;
    for (const char* p = s; *p; ++p)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

// Checks what the host relies on before any instance exists, so a broken plugin is refused
// with a reason instead of crashing later.
void check_entry(const std::string& path, const th_plugin_entry& e, const std::vector<th_port_desc>& ports,
                 const std::vector<th_config_field>& fields) {
    auto fail = [&](const std::string& what) { throw LoadError(path + ": " + what); };
    if (e.size < offsetof(th_plugin_entry, restore)) fail("entry struct too small (" + std::to_string(e.size) + " bytes)");
    if (!valid_name(e.name)) fail("plugin name missing or not [a-z0-9_]+");
    if (!e.create || !e.destroy || !e.start || !e.stop || !e.last_error)
        fail("entry lacks a required function (create, destroy, start, stop, last_error)");
    if (e.port_count && ports.size() != e.port_count) fail("port table malformed");
    if (e.config_field_count && fields.size() != e.config_field_count) fail("config field table malformed");
    for (size_t i = 0; i < ports.size(); ++i) {
        const auto& p = ports[i];
        if (!valid_name(p.name)) fail("port " + std::to_string(i) + " has no valid name");
        if (p.direction != TH_PORT_IN && p.direction != TH_PORT_OUT) fail("port '" + std::string(p.name) + "' has no direction");
        if (p.direction == TH_PORT_OUT && p.event_type == TH_EV_ANY)
            fail("output port '" + std::string(p.name) + "' must declare an event type");
        for (size_t j = 0; j < i; ++j)
            if (ports[j].direction == p.direction && std::strcmp(ports[j].name, p.name) == 0)
                fail("duplicate " + std::string(p.direction == TH_PORT_IN ? "input" : "output") + " port '" +
                     std::string(p.name) + "'");
    }
    if (!ports.empty() && !e.on_event) {
        for (const auto& p : ports)
            if (p.direction == TH_PORT_IN) fail("has input ports but no on_event");
    }
    for (const auto& f : fields) {
        if (!valid_name(f.key)) fail("config field without a valid key");
        if (f.type < TH_CFG_BOOL || f.type > TH_CFG_STRING_LIST)
            fail("config field '" + std::string(f.key) + "' has unknown type " + std::to_string(f.type));
        if (f.default_value && f.type != TH_CFG_STRING_LIST) {
            th_config::Value v;
            std::string err = detail::convert_config_value(f, f.default_value, v);
            if (!err.empty()) fail("default of config field '" + std::string(f.key) + "': " + err);
        }
    }
}

}  // namespace

std::shared_ptr<PluginLibrary> PluginLibrary::load(const std::string& path) {
    std::shared_ptr<PluginLibrary> p(new PluginLibrary());
    p->path_ = path;
    try {
        namespace dll = boost::dll;
        p->lib_ = std::make_unique<dll::shared_library>(
            dll::fs::path(path), dll::load_mode::rtld_now | dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        throw LoadError(path + ": cannot load: " + e.what());
    }
    if (!p->lib_->has(TH_PLUGIN_ENTRY_SYMBOL))
        throw LoadError(path + ": not a tradehost plugin (no exported '" TH_PLUGIN_ENTRY_SYMBOL "' symbol)");
    const auto& raw = p->lib_->get<const th_plugin_entry>(TH_PLUGIN_ENTRY_SYMBOL);
    // The version comes first and is read before anything else of the plugin is touched.
    if (raw.abi_major != TH_ABI_VERSION_MAJOR)
        throw LoadError(path + ": plugin was built for tradehost ABI " + version_str(raw.abi_major, raw.abi_minor) +
                        ", but this host supports ABI " + version_str(TH_ABI_VERSION_MAJOR, TH_ABI_VERSION_MINOR) +
                        " (major " + std::to_string(TH_ABI_VERSION_MAJOR) + ")");
    p->entry_ = detail::read_entry(&raw);
    p->ports_ = detail::read_ports(p->entry_);
    p->fields_ = detail::read_fields(p->entry_);
    check_entry(path, p->entry_, p->ports_, p->fields_);
    return p;
}

PluginLibrary::~PluginLibrary() = default;

std::string PluginLibrary::abi_version() const { return version_str(entry_.abi_major, entry_.abi_minor); }

int PluginLibrary::port_index(const std::string& name, uint16_t direction) const {
    for (size_t i = 0; i < ports_.size(); ++i)
        if (ports_[i].direction == direction && name == ports_[i].name) return static_cast<int>(i);
    return -1;
}

const th_config_field* PluginLibrary::field(const std::string& key) const {
    for (const auto& f : fields_)
        if (key == f.key) return &f;
    return nullptr;
}

}  // namespace tradehost
