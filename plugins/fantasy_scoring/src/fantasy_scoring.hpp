// The fantasy_scoring feed: reads a file of stat lines (projected before the games, actual
// after), scores each with a site's table and publishes one signal per player. Given the
// pool's contest entries and the payout table it also settles the contest: one fill per
// entry (the entry fee paid) and, from the actual points, one settlement per entry (its
// payout), which a syndicate books as the entry's profit or loss.
#pragma once

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

#include "contest.hpp"
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

    void load_contest(const Config& cfg);
    size_t total() const { return entries_.size() * 2 + lines_.size(); }
    th_status publish_item(size_t i, th_time_ns now);
    std::string signal_name_;
    std::vector<ScoredLine> lines_;
    std::vector<th_instrument> instruments_;
    std::vector<ContestEntry> entries_;          // settled at create; empty: no contest
    std::vector<th_instrument> entry_instruments_;
    // Everything is published in one order: entry fills, point signals, settlements. The
    // cursor is the next one of that sequence; kept across hot reload.
    size_t cursor_ = 0;
    uint64_t timer_ = 0;
    bool timer_active_ = false;
    bool finished_ = false;
};

}  // namespace tradehost::fantasy_scoring
