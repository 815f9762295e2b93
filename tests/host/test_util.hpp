// Helpers for host tests: temporary folders, config files, registries, running the CLI.
#pragma once

#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "registry/registry.hpp"

#include <string>

namespace tradehost::test {

/// A fresh temporary folder, removed at destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    /// Write `content` to `name` inside the folder; returns the full path.
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::string path_;
};

/// A registry over the test plugins and the project's built plugins.
Registry& test_registry();

/// Load and plan `path`; errors go to the returned diagnostics.
struct Checked {
    Diagnostics diags;
    Deployment dep;
    Plan plan;
};
Checked check_config(const std::string& path);

/// Run the tradehost executable with `args`; capture exit code, stdout and stderr.
struct CliResult {
    int code = -1;
    std::string out, err;
};
CliResult run_cli(const std::string& args, const std::string& env = "");

/// True if the project's plugin `name` was built (th_NAME.so in build/plugins).
bool have_plugin(const std::string& name);

std::string read_file(const std::string& path);

}  // namespace tradehost::test

/// Skip when a project plugin was left out of the build on purpose (TRADEHOST_PLUGINS),
/// fail when it should have been built.
#define REQUIRE_PLUGINS(...)                                                              \
    for (const char* p_ : {__VA_ARGS__})                                                  \
        if (!::tradehost::test::have_plugin(p_)) {                                        \
            if (TRADEHOST_ALL_PLUGINS) FAIL() << "plugin " << p_ << " was not built";     \
            GTEST_SKIP() << "plugin " << p_ << " not in TRADEHOST_PLUGINS";               \
        }

namespace tradehost::test {

}  // namespace tradehost::test
