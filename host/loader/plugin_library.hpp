// One loaded plugin shared object: its library handle and the entry it exports, checked.
#pragma once

#include <tradehost/plugin.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace boost::dll { class shared_library; }

namespace tradehost {

/// Why a plugin file could not be loaded; the message names the file and the cause.
class LoadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A loaded, ABI-checked plugin library. Instances keep a shared_ptr to it, so the library
/// stays mapped while any instance of it lives.
class PluginLibrary {
public:
    /// Load `path` with RTLD_NOW|RTLD_LOCAL, read the entry's ABI version first, refuse a
    /// different major (naming both versions), then copy the entry, ports and config fields
    /// min(size, sizeof) into zeroed structs. Throws LoadError.
    static std::shared_ptr<PluginLibrary> load(const std::string& path);
    ~PluginLibrary();

    const std::string& path() const { return path_; }
    const th_plugin_entry& entry() const { return entry_; }
    const std::vector<th_port_desc>& ports() const { return ports_; }
    const std::vector<th_config_field>& fields() const { return fields_; }
    std::string name() const { return entry_.name ? entry_.name : ""; }
    /// "major.minor" the plugin was built with.
    std::string abi_version() const;
    /// Index of the port `name` of `direction` (TH_PORT_IN/OUT), or -1. An input and an
    /// output may share a name (a risk gate's `orders` in and out).
    int port_index(const std::string& name, uint16_t direction) const;
    const th_config_field* field(const std::string& key) const;

private:
    PluginLibrary() = default;
    std::string path_;
    std::unique_ptr<boost::dll::shared_library> lib_;
    th_plugin_entry entry_{};
    std::vector<th_port_desc> ports_;
    std::vector<th_config_field> fields_;
};

}  // namespace tradehost
