// Normalised links and story ids, so one story reads the same however a feed spells it.
#ifndef TRADEHOST_NEWS_COMMON_ITEM_IDS_HPP
#define TRADEHOST_NEWS_COMMON_ITEM_IDS_HPP

#include <cstdint>
#include <string>
#include <string_view>

namespace tradehost::news {

/// An http(s) URL in one spelling: scheme and host lower case, the default port dropped,
/// an empty path as "/", dot segments removed, tracking parameters (utm_*, fbclid, gclid,
/// mc_cid, mc_eid) dropped from the query. The fragment is kept: RSS guids such as
/// ".../03.html#item573" tell stories apart by it. Anything that is not an http(s) URL is
/// returned trimmed and otherwise unchanged.
std::string normalize_url(std::string_view url);

/// The id a story carries in th_news::id (at most 63 bytes): the feed's guid/id, else its
/// link, else its title, normalised; longer than 63 bytes: "fnv1a64:" and the FNV-1a 64
/// hash of the normalised text in hex, the same for the same text on every run.
std::string story_id(std::string_view guid, std::string_view link, std::string_view title);

/// FNV-1a 64 of `s`.
uint64_t fnv1a64(std::string_view s) noexcept;

}  // namespace tradehost::news

#endif
