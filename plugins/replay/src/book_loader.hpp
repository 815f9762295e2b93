// Loading a file of L2 book updates (`format: books`) before the feed starts. One row is one
// price level; consecutive rows with the same ts, symbol and type form one th_book event:
//
//   ts,symbol,type,side,price,qty
//   2026-12-01T14:00:00Z,M1-YES,snapshot,bid,0.45,100
//   2026-12-01T14:00:00Z,M1-YES,snapshot,ask,0.55,300
//   2026-12-01T14:00:02Z,M1-YES,delta,ask,0.55,0        <- qty 0 removes the level
//
// type is `snapshot` (the event replaces the whole book) or `delta` (each level replaces the
// one at its price); side is `bid`/`ask` (or `buy`/`sell`).
#pragma once

#include <tradehost/plugin.hpp>

#include <functional>
#include <string>
#include <vector>

namespace tradehost::replay {

struct BookUpdate {
    th_time_ns ts = 0;
    th_instrument instrument = 0;
    bool snapshot = false;
    std::vector<th_book_level> bids;  ///< best (highest) first
    std::vector<th_book_level> asks;  ///< best (lowest) first
};

/// Parse the file at `path`. Throws ConfigError: "cannot open", a missing column (naming the
/// file and the column), or up to the first few malformed rows as "path:line: what".
std::vector<BookUpdate> load_books(const std::string& path,
                                   const std::function<th_instrument(const std::string&)>& intern);

}  // namespace tradehost::replay
