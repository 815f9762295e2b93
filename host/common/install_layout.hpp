// Where an installed tradehost keeps its files. A host run from a build tree uses the
// repository's relative layout (config/, var/, docs/); the packaged host, /usr/bin/tradehost,
// uses the system's: deployments in /etc/tradehost, state in /var/lib/tradehost, documents in
// /usr/share/doc/tradehost, and plugins that `cmake --install` of a plugin project puts in
// /usr/local/lib/tradehost/plugins. One place decides, so the help text, the man page, the
// plugin search path and the journal's default agree.
#pragma once

#include <string>

namespace tradehost {

struct InstallLayout {
    bool system = false;            ///< the packaged host (/usr/bin/tradehost)
    std::string config_dir;         ///< deployments: /etc/tradehost, or config (relative)
    std::string state_dir;          ///< journals and plugin state: /var/lib/tradehost, or var
    std::string doc_dir;            ///< /usr/share/doc/tradehost, or "" (the repository root)
    std::string local_plugin_dir;   ///< /usr/local/lib/tradehost/plugins, or "" (not searched)
};

/// The layout of this process. TRADEHOST_LAYOUT=system or =tree overrides the detection
/// (the man page is generated at build time from the help an installed host prints).
/// systemd's STATE_DIRECTORY (StateDirectory= in the unit), when set, is the state dir.
InstallLayout install_layout();

/// The journal a deployment without host.journal writes: STATE_DIR/journal.db.
std::string default_journal_path();

}  // namespace tradehost
