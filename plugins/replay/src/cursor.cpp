// The replay position as text; see cursor.hpp.
#include "cursor.hpp"

#include <tradehost/plugin.hpp>

#include <sstream>

namespace tradehost::replay {

std::string encode_cursor(size_t cursor, size_t rows) {
    return "replay 1 " + std::to_string(cursor) + " " + std::to_string(rows) + "\n";
}

size_t decode_cursor(std::string_view blob, size_t rows) {
    std::istringstream in{std::string(blob)};
    std::string magic, rest;
    long long version = 0, cursor = -1, taken = -1;
    if (!(in >> magic >> version) || magic != "replay") throw InvalidArgument("replay snapshot: bad header");
    if (version != 1) throw InvalidArgument("replay snapshot: version " + std::to_string(version) + " is not supported");
    if (!(in >> cursor >> taken) || cursor < 0 || taken < 0 || (in >> rest))
        throw InvalidArgument("replay snapshot: malformed");
    if (static_cast<size_t>(taken) != rows || cursor > taken)
        throw InvalidArgument("replay snapshot: taken over " + std::to_string(taken) + " rows, the file now has " +
                              std::to_string(rows));
    return static_cast<size_t>(cursor);
}

}  // namespace tradehost::replay
