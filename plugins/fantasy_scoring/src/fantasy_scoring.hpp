// The fantasy_scoring feed: reads a file of stat lines (projected before the games, actual
// after), scores each with a site's table and publishes one signal per player.
#pragma once

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

#include "stats_file.hpp"

namespace tradehost::fantasy_scoring {

class FantasyScoring {
public:
    FantasyScoring(Host host, const Config& cfg);

    void start();
    void stop();
    void on_timer(uint64_t id, th_time_ns now);
    std::string snapshot();
    void restore(std::string_view blob);

private:
    Host host_;
    std::string signal_name_;
    std::vector<ScoredLine> lines_;
    std::vector<th_instrument> instruments_;
    size_t cursor_ = 0;  // next line to publish; kept across hot reload
    uint64_t timer_ = 0;
    bool timer_active_ = false;
    bool finished_ = false;
};

}  // namespace tradehost::fantasy_scoring
