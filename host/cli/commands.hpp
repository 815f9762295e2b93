// The CLI's commands. Each returns the process exit code:
//   0 success, 1 runtime failure, 2 invalid config or plugin, 64 usage error.
#pragma once

#include <string>
#include <vector>

namespace tradehost {
struct Deployment;
class Registry;
struct Plan;
}  // namespace tradehost

namespace tradehost::cli {

using Args = std::vector<std::string>;

int cmd_run(const Args& args);
int cmd_validate(const Args& args);
int cmd_plugins(const Args& args);
int cmd_inspect(const Args& args);
int cmd_new_plugin(const Args& args);
int cmd_reload(const Args& args);
int cmd_order(const Args& args);
int cmd_replay(const Args& args);
int cmd_tca(const Args& args);
/// Replace this process with the tool `tradehost-<name>` (next to tradehost, else on PATH).
int cmd_exec_tool(const std::string& tool, const Args& args);

/// Load and check a deployment, scanning its plugin path into `reg`; prints every problem
/// as file:line:col and returns false if there is any.
bool load_checked(const std::string& path, Deployment& dep, Registry& reg, Plan& plan);
/// The host's stderr logger at `level`.
/// Console logging at `level`; with `file`, every line goes there and the console keeps warnings.
void setup_logging(const std::string& level, const std::string& file = "");

/// True if `args` asks for help (`-h` or `--help`).
bool wants_help(const Args& args);

constexpr int kExitRuntime = 1;
constexpr int kExitConfig = 2;
constexpr int kExitUsage = 64;

}  // namespace tradehost::cli
