#include "slate.hpp"

#include <algorithm>

namespace dfs {

bool Player::plays(const std::string& position) const {
    return std::find(positions.begin(), positions.end(), position) != positions.end();
}

int Slate::find(const std::string& id) const {
    for (size_t i = 0; i < players.size(); ++i)
        if (players[i].id == id) return static_cast<int>(i);
    return -1;
}

}  // namespace dfs
