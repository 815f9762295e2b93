// Helpers for host tests: temporary folders, config files, registries, running the CLI.
#pragma once

#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "registry/registry.hpp"

#include <chrono>
#include <string>
#include <vector>
#include <thread>

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

/// Value of the Prometheus line that starts with `series` ("name{labels}"), or -1 if absent.
long long metric(const std::string& text, const std::string& series);

/// Poll `cond` every 2 ms for up to `ms` milliseconds; its last value.
template <class F> bool wait_for(F cond, int ms = 10000) {
    for (int i = 0; i < ms / 2; ++i) {
        if (cond()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return cond();
}

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

/// Start `tradehost run CONFIG` as a child, its stdout and stderr appended to `log`; the
/// child's pid (wait for it with waitpid).
int spawn_run(const std::string& config, const std::string& log);

/// Every row of `sql` on the journal `db` (opened read-only), each column as text.
std::vector<std::vector<std::string>> query(const std::string& db, const std::string& sql);

}  // namespace tradehost::test
