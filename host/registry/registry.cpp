#include "registry/registry.hpp"

#include "common/install_layout.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

#ifndef TRADEHOST_INSTALL_LIBDIR
#define TRADEHOST_INSTALL_LIBDIR "lib"
#endif

namespace tradehost {

namespace {

std::string exe_dir() {
    std::error_code ec;
    fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : p.parent_path().string();
}

}  // namespace

std::vector<std::string> Registry::search_path(const std::vector<std::string>& extra) {
    std::vector<std::string> dirs = extra;
    if (const char* env = std::getenv("TRADEHOST_PLUGIN_PATH")) {
        std::string s = env;
        size_t start = 0;
        while (start <= s.size()) {
            size_t end = s.find(':', start);
            if (end == std::string::npos) end = s.size();
            if (end > start) dirs.push_back(s.substr(start, end - start));
            start = end + 1;
        }
    }
    std::string exe = exe_dir();
    if (!exe.empty()) {
        dirs.push_back(exe + "/plugins");                                      // build tree
        // installed; /usr/lib/... rather than /usr/bin/../lib/... in listings and messages
        dirs.push_back((fs::path(exe) / ".." / TRADEHOST_INSTALL_LIBDIR / "tradehost/plugins").lexically_normal().string());
    }
    // The packaged host also finds plugins a plugin project's `cmake --install` put under
    // the default prefix /usr/local; the packaged ones come first and win a name.
    if (auto layout = install_layout(); !layout.local_plugin_dir.empty()) dirs.push_back(layout.local_plugin_dir);
    return dirs;
}

void Registry::scan(const std::vector<std::string>& dirs) {
    for (const auto& d : dirs) {
        std::error_code ec;
        if (!fs::is_directory(d, ec)) continue;
        dirs_.push_back(d);
        std::vector<fs::path> files;
        for (const auto& ent : fs::directory_iterator(d, ec)) {
            const std::string fname = ent.path().filename().string();
            if (fname.rfind("th_", 0) == 0 && ent.path().extension() == ".so") files.push_back(ent.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            try {
                auto lib = PluginLibrary::load(f.string());
                auto it = plugins_.find(lib->name());
                if (it != plugins_.end()) {
                    if (fs::equivalent(it->second->path(), f, ec)) continue;
                    failures_.push_back({f.string(), "plugin '" + lib->name() + "' already provided by " + it->second->path()});
                    continue;
                }
                plugins_.emplace(lib->name(), lib);
            } catch (const LoadError& e) {
                failures_.push_back({f.string(), e.what()});
            }
        }
    }
}

std::shared_ptr<PluginLibrary> Registry::add_file(const std::string& path) {
    auto lib = PluginLibrary::load(path);
    plugins_[lib->name()] = lib;
    return lib;
}

std::shared_ptr<PluginLibrary> Registry::find(const std::string& name) const {
    auto it = plugins_.find(name);
    return it == plugins_.end() ? nullptr : it->second;
}

std::string Registry::names() const {
    std::string out;
    for (const auto& [name, lib] : plugins_) out += (out.empty() ? "" : ", ") + name;
    return out.empty() ? "none found" : out;
}

}  // namespace tradehost
