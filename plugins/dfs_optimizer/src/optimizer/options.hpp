// What a user asks of one optimiser run, on top of the site's roster rules.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dfs {

struct Exposure {
    double min = 0;  // share of lineups, 0..1
    double max = 1;
};

struct OptimizeOptions {
    int lineups = 1;
    // Every lineup differs from each earlier one in at least this many players (1: distinct).
    int min_different = 1;
    std::vector<std::string> locks;     // player ids in every lineup
    std::vector<std::string> excludes;  // player ids in none
    int min_salary = 0;
    // NFL stacks, each 0 when off: receivers (WR/TE) of the lineup's QB's team, players
    // of the QB's opponent (bring-back), and a team with at least this many players.
    int qb_stack = 0;
    int bring_back = 0;
    int team_stack = 0;
    double max_exposure = 1;                    // default for every player
    std::map<std::string, Exposure> exposures;  // per player id
    // Projection noise for diversity: each lineup draws every player's projection from a
    // normal with the player's stddev, or `randomness` x projection when the projections file
    // gives none. 0 turns it off. Same seed, same lineups.
    double randomness = 0;
    uint64_t seed = 1;
    int threads = 1;  // CBC threads per solve
    // When set, each lineup's model is also written here as lineup_<n>.lp (CPLEX LP), for
    // solving it with another solver's command line (bench/dfs_bench does).
    std::string write_lp_dir;
};

}  // namespace dfs
