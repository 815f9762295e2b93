#include "pipeline/faults.hpp"

#include <tradehost/plugin.hpp>
#include "loader/plugin_library.hpp"
#include "pipeline/instance.hpp"

#include <spdlog/spdlog.h>

namespace tradehost {

void Faults::failed(Instance& in, const char* what, th_status s) {
    uint64_t n = in.errors.fetch_add(1, std::memory_order_relaxed) + 1;
    ++in.consecutive_errors;
    if (n <= 10 || n % 1000 == 0) {
        const char* le = in.lib->entry().last_error(in.handle);
        spdlog::warn("[{}] {} failed ({}, error #{}): {}", in.name, what, status_name(s), n, le && *le ? le : "no detail");
    }
    if (in.consecutive_errors < max_consecutive_) return;
    switch (policy_) {
    case ErrorPolicy::Isolate:
        if (!in.isolated.exchange(true))
            spdlog::error("[{}] isolated after {} consecutive errors (host.errors.policy: isolate); its inputs are now "
                          "counted as dropped",
                          in.name, in.consecutive_errors);
        break;
    case ErrorPolicy::Stop:
        if (!fatal_.load()) {
            const std::string why = "instance '" + in.name + "' failed " + std::to_string(in.consecutive_errors) +
                                    " times in a row (host.errors.policy: stop)";
            spdlog::error("{}", why);
            fatal(why);
        }
        break;
    case ErrorPolicy::Ignore: break;
    }
}

void Faults::fatal(const std::string& why) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (!reason_.empty()) return;
        reason_ = why;
    }
    fatal_.store(true);
}

std::string Faults::reason() const {
    std::lock_guard<std::mutex> lk(mu_);
    return reason_;
}

}  // namespace tradehost
