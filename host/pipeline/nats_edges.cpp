// The runtime's side of NATS edges: the bridge is made once the journal is open (it reads
// each durable consumer's applied sequence there) and every instance exists; its outlets
// hang on their publishers' ports before the executors run.
#include "nats/bridge.hpp"
#include "pipeline/runtime.hpp"

#include <spdlog/spdlog.h>

namespace tradehost {

bool Runtime::open_nats(RunResult& res) {
    if (plan_.nats_edges.empty()) return true;
    std::vector<Instance*> by_plan;
    for (size_t i = 0; i < plan_.instances.size(); ++i) by_plan.push_back(instances_[i].get());
    try {
        auto bridge = std::make_unique<NatsBridge>(dep_.host.nats_url, plan_.nats_edges, by_plan, bus_, *journal_, instruments_);
        bridge->attach_outlets();
        std::lock_guard<std::mutex> lk(topology_mu_);
        nats_ = std::move(bridge);
    } catch (const std::exception& e) {
        res.exit_code = 1;
        res.error = (dep_.host.nats_url_loc.line ? dep_.host.nats_url_loc.str() + ": " : std::string()) + "nats: " + e.what();
        abandon_session();  // as when a create fails: nothing ran
        return false;
    }
    spdlog::info("nats: {} edge(s) through {}", plan_.nats_edges.size(), dep_.host.nats_url);
    return true;
}

}  // namespace tradehost
