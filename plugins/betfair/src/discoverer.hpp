// betfair: runs market discovery (discovery.hpp) at start and every `discover_interval` on its
// own thread, through the order path's session (Execution::betting_call), and hands the
// markets found to `on_found`. A failed run is logged, counted (discover_failed), published
// as a DEGRADED venue status and tried again at the next interval; the markets already
// streamed stay subscribed.
#pragma once

#include "api.hpp"
#include "config.hpp"
#include "discovery.hpp"

#include <tradehost/plugin.hpp>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tradehost::betfair {

class Discoverer {
public:
    using Call = std::function<RpcResult(const std::string& op, const nlohmann::json& params)>;
    using Found = std::function<void(const std::vector<CatalogueMarket>&)>;
    Discoverer(Host host, const BetfairConfig& cfg, Call call, Found on_found);
    ~Discoverer() { stop(); }
    void start();
    void stop();

private:
    void run_once();
    void loop();

    Host host_;
    nlohmann::json filter_;
    int max_results_;
    std::chrono::milliseconds window_, interval_;
    Call call_;
    Found on_found_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace tradehost::betfair
