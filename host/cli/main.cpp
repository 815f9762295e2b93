// tradehost: load trading plugins and run the pipelines a YAML deployment describes.
#include "cli/commands.hpp"
#include "common/install_layout.hpp"

#include <tradehost/plugin.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

const char* kUsage =
    "usage: tradehost <command> [options]\n"
    "\n"
    "commands:\n"
    "  run CONFIG [--watch]  run the deployment until its sources finish, a limit, or SIGINT/SIGTERM;\n"
    "                    --watch hot-reloads plugins when their files are rebuilt\n"
    "  reload INSTANCE   ask a running host to hot-reload an instance's plugin\n"
    "  validate CONFIG   check a deployment (YAML, plugins, config keys, edges) without running it\n"
    "  plugins           list the plugins the registry finds, and files it could not load\n"
    "  inspect PLUGIN    show a plugin's name, version, ABI, kind, ports and config schema\n"
    "  new-plugin NAME --kind KIND   write a standalone plugin project built on the SDK\n"
    "  order CONFIG --instance NAME buy|sell SYMBOL QTY [--limit PX] | cancel ID\n"
    "                    send one order through a configured broker and print the venue's answer\n"
    "  replay JOURNAL [--session N]  run a recorded session again and compare its orders and fills\n"
    "  tca JOURNAL [--session N]     transaction costs per parent order: arrival, interval VWAP,\n"
    "                    implementation shortfall, slippage by child;\n"
    "                    --decisions: the chain target <- picks <- signals per parent\n"
    "  dfs optimize|late-swap ...   daily-fantasy lineups (runs tradehost-dfs; tradehost dfs --help)\n"
    "  syndicate --db FILE ...      a syndicate's pooled-bankroll ledger and member statement\n"
    "  models list|promote|rollback|add --registry DIR ...  the model registry (runs\n"
    "                    tradehost-models; add registers a model trained elsewhere)\n"
    "  train --store DB --registry DIR --name NAME ...   walk-forward XGBoost training from the\n"
    "                    feature store (binary, regression or multiclass), registered with\n"
    "                    its manifest (tradehost train --help)\n"
    "\n"
    "options:\n"
    "  -h, --help        help (also after a command: tradehost run --help)\n"
    "  --version         print the host and ABI versions\n"
    "\n";

// Where things are, in the layout this host runs in: the repository's, or the packaged one
// (the man page is generated from the packaged host's help, see packaging/).
std::string usage() {
    const auto l = tradehost::install_layout();
    std::string s = kUsage;
    if (!l.system) {
        return s +
               "Plugins are searched in host.plugin_path, then TRADEHOST_PLUGIN_PATH (colon-separated),\n"
               "then next to the executable (build/plugins, PREFIX/lib/tradehost/plugins).\n"
               "A deployment without host.journal journals to " + tradehost::default_journal_path() + ".\n"
               "Docs: README.md, config/README.md, docs/operator-guide.md, docs/plugin-author-guide.md\n";
    }
    const std::string& d = l.doc_dir;
    return s +
           "Deployments are in " + l.config_dir + " (tradehost run " + l.config_dir + "/paper.yaml); each runs as\n"
           "a service: systemctl start tradehost@paper (user tradehost, state in " + l.state_dir + ",\n"
           "logs in the system journal: journalctl -u tradehost@paper).\n"
           "Plugins are searched in host.plugin_path, then TRADEHOST_PLUGIN_PATH (colon-separated),\n"
           "then /usr/lib/tradehost/plugins, then " + l.local_plugin_dir + "\n"
           "(where cmake --install of a plugin project puts it).\n"
           "A deployment without host.journal journals to " + tradehost::default_journal_path() + ".\n"
           "Docs: " + d + "/README.md, " + d + "/config/README.md,\n"
           "  " + d + "/docs/operator-guide.md, " + d + "/docs/plugin-author-guide.md\n"
           "  (the SDK's copy: /usr/share/doc/tradehost-sdk)\n";
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// Sanitizer builds only: LeakSanitizer's exit-time scan of thread-local storage crashes
// ("Tracer caught signal 11") once a process has loaded as many instrumented plugin
// libraries as the registry does (28 here); thread-local roots are left out of the scan for
// the host executable. Tests keep the full scan. Without that scan, what the NATS C client
// keeps only in its thread-local state would read as leaked: it is suppressed.
extern "C" const char* __lsan_default_options() { return "use_tls=0"; }
extern "C" const char* __lsan_default_suppressions() { return "leak:libnats.so\n"; }
#endif

int main(int argc, char** argv) {
    using namespace tradehost::cli;
    if (argc < 2) {
        std::fputs(usage().c_str(), stderr);
        return kExitUsage;
    }
    std::string cmd = argv[1];
    Args rest(argv + 2, argv + argc);
    if (cmd == "-h" || cmd == "--help" || cmd == "help") {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }
    if (cmd == "--version") {
        std::printf("tradehost 0.1.0 (plugin ABI %d.%d)\n", TH_ABI_VERSION_MAJOR, TH_ABI_VERSION_MINOR);
        return 0;
    }
    if (cmd == "run") return cmd_run(rest);
    if (cmd == "validate") return cmd_validate(rest);
    if (cmd == "plugins") return cmd_plugins(rest);
    if (cmd == "inspect") return cmd_inspect(rest);
    if (cmd == "new-plugin") return cmd_new_plugin(rest);
    if (cmd == "reload") return cmd_reload(rest);
    if (cmd == "order") return cmd_order(rest);
    if (cmd == "replay") return cmd_replay(rest);
    if (cmd == "tca") return cmd_tca(rest);
    if (cmd == "dfs") return cmd_exec_tool("tradehost-dfs", rest);
    if (cmd == "syndicate") return cmd_exec_tool("tradehost-syndicate", rest);
    if (cmd == "models") return cmd_exec_tool("tradehost-models", rest);
    if (cmd == "train") {
        rest.insert(rest.begin(), "train");
        return cmd_exec_tool("tradehost-models", rest);
    }
    std::fprintf(stderr, "tradehost: unknown command '%s'\n\n%s", cmd.c_str(), usage().c_str());
    return kExitUsage;
}
