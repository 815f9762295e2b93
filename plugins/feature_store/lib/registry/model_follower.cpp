// See model_follower.hpp.
#include "model_follower.hpp"

#include "model_registry.hpp"
#include "registry_error.hpp"

#include <cmath>
#include <exception>

namespace tradehost::models {

namespace {

std::string label(const std::string& name, int64_t v) { return name + " v" + std::to_string(v); }

}  // namespace

ModelFollower::ModelFollower(std::string root, std::string name) : root_(std::move(root)), name_(std::move(name)) {}

FollowStep ModelFollower::attempt(int64_t to, const Loader& load, bool running) {
    FollowStep step;
    step.from = in_service_;
    step.to = to;
    ModelRegistry reg(root_);
    try {
        const Manifest m = reg.manifest(name_, to);
        load(m, reg.verified_path(m));
        step.kind = FollowStep::kSwapped;
    } catch (const InstanceError& e) {
        if (!running) throw;
        step.reason = e.what();
    } catch (const std::exception& e) {
        step.reason = e.what();
    }
    if (step.kind == FollowStep::kSwapped) {
        step.log = step.status = "model " + label(name_, to) + " in service" +
                                 (in_service_ ? " (was v" + std::to_string(in_service_) + ")" : "");
        in_service_ = to;
        return step;
    }
    step.kind = FollowStep::kRefused;
    refused_ = to;
    // The status text is short (a status event's text): who and what; the log has the rest.
    step.status = "model " + label(name_, to) + " refused" +
                  (in_service_ ? ", v" + std::to_string(in_service_) + " stays in service: " : ": ") + step.reason;
    step.log = step.status;
    try {
        const auto back = reg.refuse(name_, to, step.reason);
        step.log += back ? " and the registry is rolled back" : " and nothing was promoted before it";
    } catch (const RegistryError& r) {
        step.log += std::string("; rolling the registry back failed: ") + r.what();
    }
    return step;
}

std::vector<FollowStep> ModelFollower::start(const Loader& load) {
    std::vector<FollowStep> steps;
    for (;;) {
        const auto promoted = ModelRegistry(root_).promoted(name_);
        if (!promoted) {
            if (!steps.empty())
                throw RegistryError(root_ + ": every promoted version of '" + name_ + "' was refused (last: " +
                                    steps.back().reason + ")");
            steps.push_back({});
            return steps;
        }
        steps.push_back(attempt(*promoted, load, false));
        if (steps.back().kind == FollowStep::kSwapped) return steps;
        // A refusal that did not move the pointer (it changed under us) would loop forever.
        if (ModelRegistry(root_).promoted(name_) == promoted)
            throw RegistryError(root_ + ": " + label(name_, *promoted) + " refused and still promoted: " +
                                steps.back().reason);
    }
}

FollowStep ModelFollower::poll(const Loader& load) {
    std::optional<int64_t> promoted;
    try {
        promoted = ModelRegistry(root_).promoted(name_);
    } catch (const RegistryError& e) {
        FollowStep step;
        step.kind = FollowStep::kReadError;
        step.from = in_service_;
        step.reason = e.what();
        step.log = std::string("registry: ") + e.what() + "; keeping v" + std::to_string(in_service_);
        return step;
    }
    // A refused version is not tried again while the pointer stays on it (its rollback
    // failed); once the pointer has moved, promoting it again is a new request.
    if (promoted != refused_) refused_ = 0;
    if (!promoted || *promoted == in_service_ || *promoted == refused_) return {};
    return attempt(*promoted, load, true);
}

std::string canary_failure(const float* out, size_t rows, size_t outputs, double lo, double hi, bool check_range) {
    for (size_t i = 0; i < rows * outputs; ++i) {
        const std::string where = "canary row " + std::to_string(i / outputs) + ": ";
        if (!std::isfinite(out[i])) return where + "non-finite output " + std::to_string(out[i]);
        if (check_range && (out[i] < lo || out[i] > hi))
            return where + "output " + std::to_string(out[i]) + " outside the manifest's range [" + std::to_string(lo) +
                   ", " + std::to_string(hi) + "]";
    }
    return {};
}

}  // namespace tradehost::models
