// The error policy applied to failed plugin calls, and the run's fatal state (a policy
// `stop`, a journal that can no longer write): the run loop ends on it and /healthz shows it.
#pragma once

#include "config/deployment.hpp"

#include <tradehost/plugin.h>

#include <atomic>
#include <mutex>
#include <string>

namespace tradehost {

struct Instance;

class Faults {
public:
    Faults(ErrorPolicy policy, int64_t max_consecutive) : policy_(policy), max_consecutive_(max_consecutive) {}

    /// A call into `in` returned `s` (its executor thread): count, log the first few and every
    /// thousandth, and apply the policy once `in` failed max_consecutive times in a row.
    void failed(Instance& in, const char* what, th_status s);
    // (A success resets Instance::consecutive_errors where the call is made: the hot path.)

    /// End the run with `why` (the first reason given wins; the caller logs it). Any thread.
    void fatal(const std::string& why);
    bool is_fatal() const { return fatal_.load(); }
    std::string reason() const;

private:
    const ErrorPolicy policy_;
    const int64_t max_consecutive_;
    std::atomic<bool> fatal_{false};
    mutable std::mutex mu_;
    std::string reason_;
};

}  // namespace tradehost
