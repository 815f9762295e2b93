// `tradehost dfs ...` runs the `tradehost-dfs` tool that the dfs_optimizer plugin folder
// builds. Tools stay separate programs so the host links no solver; the host only finds the
// tool next to its own executable (or on PATH) and replaces itself with it.
#include "cli/commands.hpp"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace tradehost::cli {

int cmd_exec_tool(const std::string& tool, const Args& args) {
    std::string self(PATH_MAX, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    std::string beside;
    if (n > 0) {
        self.resize(static_cast<size_t>(n));
        beside = self.substr(0, self.rfind('/') + 1) + tool;
    }
    std::vector<char*> argv;
    std::string name = tool;
    argv.push_back(name.data());
    std::vector<std::string> copy(args);
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (!beside.empty() && ::access(beside.c_str(), X_OK) == 0) ::execv(beside.c_str(), argv.data());
    ::execvp(tool.c_str(), argv.data());
    std::fprintf(stderr, "tradehost: cannot run %s (%s); it is built with its plugin folder and installed next to tradehost\n",
                 tool.c_str(), std::strerror(errno));
    return kExitRuntime;
}

}  // namespace tradehost::cli
