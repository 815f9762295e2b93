// The CLI's commands. Each returns the process exit code:
//   0 success, 1 runtime failure, 2 invalid config or plugin, 64 usage error.
#pragma once

#include <string>
#include <vector>

namespace tradehost::cli {

using Args = std::vector<std::string>;

int cmd_run(const Args& args);
int cmd_validate(const Args& args);
int cmd_plugins(const Args& args);
int cmd_inspect(const Args& args);
int cmd_new_plugin(const Args& args);
int cmd_reload(const Args& args);

/// True if `args` asks for help (`-h` or `--help`).
bool wants_help(const Args& args);

constexpr int kExitRuntime = 1;
constexpr int kExitConfig = 2;
constexpr int kExitUsage = 64;

}  // namespace tradehost::cli
