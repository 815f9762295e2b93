// The plugin registry: scans plugin directories for th_*.so files and indexes them by the
// name each plugin declares. Files that fail to load are kept with the reason, so
// `tradehost plugins` can say why instead of skipping them silently.
#pragma once

#include "loader/plugin_library.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tradehost {

class Registry {
public:
    struct Failure {
        std::string path;
        std::string reason;
    };

    /// Directories in search order: `extra` (from config), then TRADEHOST_PLUGIN_PATH
    /// (colon-separated), then the defaults next to the executable (build tree and install),
    /// then, for the packaged host, /usr/local/lib/tradehost/plugins.
    static std::vector<std::string> search_path(const std::vector<std::string>& extra);

    /// Scan `dirs` in order; the first plugin of a name wins.
    void scan(const std::vector<std::string>& dirs);
    /// Load one file outside the search path (inspect of a path) and index it.
    std::shared_ptr<PluginLibrary> add_file(const std::string& path);

    std::shared_ptr<PluginLibrary> find(const std::string& name) const;
    const std::map<std::string, std::shared_ptr<PluginLibrary>>& plugins() const { return plugins_; }
    const std::vector<Failure>& failures() const { return failures_; }
    const std::vector<std::string>& dirs() const { return dirs_; }
    /// Comma-separated plugin names, for "unknown plugin" messages.
    std::string names() const;

private:
    std::vector<std::string> dirs_;
    std::map<std::string, std::shared_ptr<PluginLibrary>> plugins_;
    std::vector<Failure> failures_;
};

}  // namespace tradehost
