// Redirect handling; see redirects.hpp.
#include "redirects.hpp"

namespace tradehost::rss {

bool is_redirect(long status) noexcept {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string resolve_location(const std::string& base, const std::string& location) {
    if (location.find("://") != std::string::npos) return location;  // absolute
    const size_t scheme_end = base.find("://");
    if (scheme_end == std::string::npos) return location;
    if (location.rfind("//", 0) == 0) return base.substr(0, scheme_end + 1) + location;  // scheme-relative
    const size_t path_start = base.find('/', scheme_end + 3);
    const std::string origin = path_start == std::string::npos ? base : base.substr(0, path_start);
    if (!location.empty() && location[0] == '/') return origin + location;  // path-absolute
    // relative to the base's folder
    std::string dir = path_start == std::string::npos ? origin + "/" : base.substr(0, base.find_first_of("?#", path_start));
    dir.resize(dir.rfind('/') + 1);
    return dir + location;
}

}  // namespace tradehost::rss
