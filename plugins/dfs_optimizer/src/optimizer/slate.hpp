// The players of one contest's slate, as the site's salary export and a projections file
// describe them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dfs {

struct Player {
    std::string id;                      // the site's player id, what the upload CSV carries
    std::string name;
    std::vector<std::string> positions;  // real positions, e.g. {"PG","SG"}
    std::string team;
    std::string opponent;
    std::string game;                    // "AWAY@HOME"
    int64_t game_start = 0;              // minutes since the epoch (ET as written); 0 unknown
    int32_t salary = 0;
    int64_t projection = 0;              // centi-points
    double stddev = 0;                   // points; 0: use the run's default spread
    bool has_projection = false;
    // Showdown: the same person's other row (his CPT row for a FLEX row and the reverse), -1
    // elsewhere. A lineup holds at most one of the two.
    int twin = -1;

    bool plays(const std::string& position) const;
};

struct Slate {
    std::vector<Player> players;
    int find(const std::string& id) const;  // index or -1
};

}  // namespace dfs
