// Following a feed that moved: which statuses redirect, and where a Location points.
#ifndef TRADEHOST_RSS_REDIRECTS_HPP
#define TRADEHOST_RSS_REDIRECTS_HPP

#include <string>

namespace tradehost::rss {

/// True for the HTTP statuses that send the client elsewhere (301, 302, 303, 307, 308).
bool is_redirect(long status) noexcept;
/// A redirect's Location resolved against the URL that answered it (RFC 9110 10.2.2):
/// absolute, scheme-relative, path-absolute or relative to the base's folder.
std::string resolve_location(const std::string& base, const std::string& location);

}  // namespace tradehost::rss

#endif
