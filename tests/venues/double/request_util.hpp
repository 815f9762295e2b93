// Private helpers of the loopback double (no Boost): path splitting, route-pattern matching and
// query decoding, shared by the server's connection code and Request's accessors.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::doubles::detail {

/// "/v2/orders/abc" -> {"v2", "orders", "abc"}; empty segments (leading, doubled or trailing
/// slashes) are skipped, so "/v2//orders/" splits like "/v2/orders".
std::vector<std::string> split_path(std::string_view path);

/// True when `segments` has as many segments as `pattern` and each pattern segment is "*" or
/// equal to the segment at its place.
bool pattern_matches(const std::vector<std::string>& pattern, const std::vector<std::string>& segments);

/// How many literal (non-"*") segments a pattern has: the more, the more specific the route.
int pattern_specificity(const std::vector<std::string>& pattern);

/// %XX and '+' (form encoding, as venues and libcurl send them) decoded; bad escapes kept as is.
std::string percent_decode(std::string_view text);

/// "a=1&b=x%2Fy&flag" -> {{"a","1"},{"b","x/y"},{"flag",""}}, in order, duplicates kept.
std::vector<std::pair<std::string, std::string>> decode_query(std::string_view query);

bool iequals(std::string_view a, std::string_view b);

}  // namespace tradehost::doubles::detail
