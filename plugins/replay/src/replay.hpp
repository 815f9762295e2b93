// The replay feed instance: holds the loaded rows and publishes them from a host timer.
#pragma once

#include "loader.hpp"
#include <tradehost/pacer.hpp>

#include <tradehost/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tradehost::replay {

/// Output port indices; must match kPorts in plugin.cpp.
enum : uint32_t { kPortQuotes = 0, kPortBars = 1 };

class Replay {
public:
    /// Loads and validates the whole file; throws ConfigError on any problem.
    Replay(Host host, const Config& cfg);

    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    th_status publish(const Row& r);
    void finish();

    Host host_;
    std::string path_;
    Format format_;
    uint32_t interval_s_;
    Pacer pacer_;
    std::vector<Row> rows_;
    size_t cursor_ = 0;
    uint64_t timer_ = 0;
    bool timer_active_ = false;
    bool finished_ = false;
};

}  // namespace tradehost::replay
