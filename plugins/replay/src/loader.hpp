// Loading and validating a whole replay file before the feed starts.
#pragma once

#include <tradehost/plugin.hpp>

#include <functional>
#include <string>
#include <vector>

namespace tradehost::replay {

/// Books are loaded by book_loader.hpp.
enum class Format { Bars, Quotes, Books };

/// One row, parsed. Bars: open, high, low, close, volume. Quotes: bid, bid_qty, ask, ask_qty.
struct Row {
    th_time_ns ts = 0;
    th_instrument instrument = 0;
    th_fixed v[5] = {0, 0, 0, 0, 0};
};

/// Indices into Row::v.
enum : int { kOpen = 0, kHigh = 1, kLow = 2, kClose = 3, kVolume = 4 };
enum : int { kBid = 0, kBidQty = 1, kAsk = 2, kAskQty = 3 };

/// Parse the file at `path` in `format`. `intern` maps a symbol to its instrument id.
/// Throws ConfigError: "cannot open", a missing column (naming the file and the column),
/// or up to the first few malformed rows as "path:line: what", one per line.
std::vector<Row> load_file(const std::string& path, Format format,
                           const std::function<th_instrument(const std::string&)>& intern);

}  // namespace tradehost::replay
