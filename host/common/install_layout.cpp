#include "common/install_layout.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace tradehost {

namespace {

// The packaged host is /usr/bin/tradehost; any other place (a build tree, a --prefix
// install used by the tests) keeps the relative layout, so nothing there reaches into /etc.
bool running_from_usr_bin() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return !ec && exe.parent_path() == "/usr/bin";
}

}  // namespace

InstallLayout install_layout() {
    const char* forced = std::getenv("TRADEHOST_LAYOUT");
    InstallLayout l;
    if (forced && std::string(forced) == "system") l.system = true;
    else if (forced && std::string(forced) == "tree") l.system = false;
    else l.system = running_from_usr_bin();
    if (l.system) {
        l.config_dir = "/etc/tradehost";
        l.state_dir = "/var/lib/tradehost";
        l.doc_dir = "/usr/share/doc/tradehost";
        l.local_plugin_dir = "/usr/local/lib/tradehost/plugins";
    } else {
        l.config_dir = "config";
        l.state_dir = "var";
    }
    // systemd sets STATE_DIRECTORY (colon-separated when the unit names several); the first.
    if (const char* sd = std::getenv("STATE_DIRECTORY"); sd && *sd) {
        std::string s = sd;
        l.state_dir = s.substr(0, s.find(':'));
    }
    return l;
}

std::string default_journal_path() { return install_layout().state_dir + "/journal.db"; }

}  // namespace tradehost
