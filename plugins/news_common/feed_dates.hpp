// Published times of feed items in every form the feed standards allow:
//  - RSS 2.0 pubDate: RFC 822 section 5 date-time, with RFC 1123's four-digit years. Day name
//    optional, seconds optional, two-digit years (RFC 2822 4.3: 00-49 -> 20xx, 50-99 ->
//    19xx), and every zone form: UT, GMT, Z, the US zones (EST/EDT, CST/CDT, MST/MDT,
//    PST/PDT), the military letters (RFC 2822 4.3: treated as -0000, since RFC 822 gave
//    their signs backwards) and numeric +hhmm/-hhmm. Folding whitespace and a trailing
//    comment in parentheses are allowed.
//  - Atom: RFC 3339 date-time ("T" or a space, any fraction of a second, "Z" or +hh:mm),
//    case-insensitive as RFC 3339 section 5.6 notes.
#ifndef TRADEHOST_NEWS_COMMON_FEED_DATES_HPP
#define TRADEHOST_NEWS_COMMON_FEED_DATES_HPP

#include <tradehost/plugin.h>

#include <optional>
#include <string_view>

namespace tradehost::news {

/// Nanoseconds since the epoch, or nullopt if `text` is not an RFC 822/1123/2822 date.
std::optional<th_time_ns> parse_rfc822(std::string_view text);
/// Nanoseconds since the epoch, or nullopt if `text` is not an RFC 3339 date-time.
std::optional<th_time_ns> parse_rfc3339(std::string_view text);
/// Either form (feeds in the wild mix them up): RFC 3339 first, then RFC 822.
std::optional<th_time_ns> parse_feed_date(std::string_view text);

}  // namespace tradehost::news

#endif
