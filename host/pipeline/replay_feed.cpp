// Replay's feed: a recorded session's inputs published again on their sources' behalf.
// Each event is posted to its source's executor and published there as the source's own
// publish from a callback would be, one at a time: the feedback it causes (fills back to a
// strategy) is delivered before the next one, as it was when the session ran. The sources
// themselves are created but never started (replay_ is checked in start_all).
#include "pipeline/runtime.hpp"

#include "loader/plugin_library.hpp"
#include "nats/wire.hpp"
#include "replay/recorded_session.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <map>

namespace tradehost {

namespace {

// Posted and not yet published: enough to keep the executor busy, few enough that a long
// session is not copied into memory twice.
constexpr int64_t kMaxQueued = 4096;

}  // namespace

void Runtime::start_replay_feed(RunResult& res) {
    struct Target {
        Instance* in = nullptr;
        uint32_t port = 0;
    };
    // Every input's source and port, checked before anything is published.
    std::map<std::pair<std::string, std::string>, Target> targets;
    std::vector<Target> plan;
    plan.reserve(replay_->inputs.size());
    for (const auto& input : replay_->inputs) {
        auto [it, fresh] = targets.try_emplace({input.instance, input.port});
        if (fresh) {
            for (auto& in : instances_)
                if (in->name == input.instance && in->is_source) it->second.in = in.get();
            const auto& ports = it->second.in ? it->second.in->lib->ports() : std::vector<th_port_desc>{};
            bool found = false;
            for (uint32_t p = 0; p < ports.size() && !found; ++p)
                if (ports[p].direction == TH_PORT_OUT && input.port == ports[p].name) {
                    it->second.port = p;
                    found = true;
                }
            if (!found) {
                res.exit_code = 1;
                res.error = "replay: session " + std::to_string(replay_->session) + " recorded events of '" + input.instance +
                            "." + input.port + "', which is not an output of a source in this deployment";
                return;
            }
        }
        plan.push_back(it->second);
    }
    spdlog::info("replay: publishing {} recorded events of session {}", replay_->inputs.size(), replay_->session);
    replay_feeder_ = std::thread([this, plan = std::move(plan)] {
        std::string why;
        for (size_t i = 0; i < plan.size(); ++i) {
            while (bus_.in_flight() >= kMaxQueued && !replay_stop_.load())
                std::this_thread::sleep_for(std::chrono::microseconds(50));
            if (replay_stop_.load() || stop_requested_.load()) return;
            auto event = std::make_shared<std::vector<unsigned char>>();
            const auto& wire = replay_->inputs[i].wire;
            if (!nats::decode(wire.data(), wire.size(), instruments_, *event, why)) {
                faults_.fatal("replay: recorded event " + std::to_string(i + 1) + " of '" + plan[i].in->name + "' is damaged: " + why);
                return;
            }
            Instance* in = plan[i].in;
            const uint32_t port = plan[i].port;
            bus_.remote_queued();
            in->exec->post([this, in, port, event] {
                {
                    JournalUnit unit(journal_.get());
                    EventBus::publish_entry(reinterpret_cast<th_host_ctx*>(in), port,
                                            reinterpret_cast<th_event_header*>(event->data()));
                }
                bus_.remote_done();
            });
        }
        std::lock_guard<std::mutex> lk(topology_mu_);
        for (auto& in : instances_)
            if (in->is_source) source_finished(*in);
    });
}

void Runtime::stop_replay_feed() {
    replay_stop_.store(true);
    if (replay_feeder_.joinable()) replay_feeder_.join();
}

}  // namespace tradehost
