// A running model plugin's side of the registry, shared by every model plugin (tree_model,
// nn_model): which promoted version to try, loading it through the plugin's own loader once
// the manifest is read and the file's SHA-256 verified, and refusing a version that fails
// (its reason recorded, the registry's pointer rolled back). The plugin logs, counts and
// publishes what each call returns; the decisions live here once.
#pragma once

#include "manifest.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tradehost::models {

/// Thrown by a Loader for a failure of the instance's own config rather than of the version
/// (start() lets it through instead of refusing the version; poll() refuses, as the
/// version in service fits that config and the new one does not).
struct InstanceError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// What one step of following the registry did.
struct FollowStep {
    enum Kind { kNothing, kSwapped, kRefused, kReadError } kind = kNothing;
    int64_t from = 0;     ///< the version in service before (0: none)
    int64_t to = 0;       ///< the version tried
    std::string reason;   ///< kRefused: why the loader failed; kReadError: why the registry could not be read
    std::string log;      ///< the whole line for the log
    std::string status;   ///< the short line for a status event (who, what, why)
};

class ModelFollower {
public:
    /// Builds the plugin's next model from a verified version and validates it (load, schema,
    /// canary); throws std::exception saying why it is unfit. It must not touch the model in
    /// service: the plugin commits what it built only when the step says kSwapped.
    using Loader = std::function<void(const Manifest& m, const std::string& verified_path)>;

    ModelFollower(std::string root, std::string name);

    const std::string& root() const { return root_; }
    const std::string& name() const { return name_; }
    int64_t in_service() const { return in_service_; }

    /// At start: the promoted version, or the ones promoted before it while each fails (every
    /// failure refused, in the order tried). The last step is kSwapped, or kNothing when
    /// nothing is promoted; throws RegistryError when every promoted version was refused or
    /// the registry cannot be read, and lets a Loader's InstanceError through.
    std::vector<FollowStep> start(const Loader& load);
    /// While running: a newly promoted version loaded (kSwapped) or refused (kRefused, not
    /// tried again while the pointer stays on it; promoted again after the pointer moved,
    /// it is tried again); kReadError leaves the model in service.
    FollowStep poll(const Loader& load);

private:
    FollowStep attempt(int64_t to, const Loader& load, bool running);

    std::string root_, name_;
    int64_t in_service_ = 0;
    int64_t refused_ = 0;  ///< the last version refused while running (not retried)
};

/// Why a canary batch's outputs (rows x outputs floats) are unfit: a non-finite value, or
/// (check_range) one outside [lo, hi]; empty when they pass.
std::string canary_failure(const float* out, size_t rows, size_t outputs, double lo, double hi, bool check_range = true);

}  // namespace tradehost::models
