// Link and id normalisation; see item_ids.hpp.
#include "item_ids.hpp"

#include <cstdio>
#include <vector>

namespace tradehost::news {

namespace {

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

bool tracking_param(std::string_view kv) {
    const std::string key = lower(kv.substr(0, kv.find('=')));
    return key.rfind("utm_", 0) == 0 || key == "fbclid" || key == "gclid" || key == "mc_cid" || key == "mc_eid";
}

// RFC 3986 5.2.4 remove_dot_segments, on a path that starts with '/'.
std::string remove_dot_segments(std::string_view path) {
    std::vector<std::string_view> out;
    size_t i = 1;
    bool trailing = false;
    while (i <= path.size()) {
        const size_t slash = path.find('/', i);
        const std::string_view seg = path.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
        trailing = false;
        if (seg == "..") {
            if (!out.empty()) out.pop_back();
            trailing = true;
        } else if (seg == ".") {
            trailing = true;
        } else {
            out.push_back(seg);
        }
        if (slash == std::string_view::npos) break;
        i = slash + 1;
    }
    std::string r;
    for (std::string_view s : out) {
        r.push_back('/');
        r.append(s);
    }
    if (trailing || r.empty()) r.push_back('/');
    return r;
}

}  // namespace

std::string normalize_url(std::string_view raw) {
    const std::string url = trim(raw);
    const size_t colon = url.find("://");
    if (colon == std::string::npos) return url;
    const std::string scheme = lower(std::string_view(url).substr(0, colon));
    if (scheme != "http" && scheme != "https") return url;
    std::string_view rest = std::string_view(url).substr(colon + 3);
    const size_t auth_end = rest.find_first_of("/?#");
    std::string host = lower(rest.substr(0, auth_end));
    rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
    if ((scheme == "http" && host.size() > 3 && host.compare(host.size() - 3, 3, ":80") == 0))
        host.resize(host.size() - 3);
    if ((scheme == "https" && host.size() > 4 && host.compare(host.size() - 4, 4, ":443") == 0))
        host.resize(host.size() - 4);
    std::string fragment;
    if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
        fragment = std::string(rest.substr(hash));
        rest = rest.substr(0, hash);
    }
    std::string query;
    if (const size_t q = rest.find('?'); q != std::string_view::npos) {
        std::string_view params = rest.substr(q + 1);
        rest = rest.substr(0, q);
        while (!params.empty()) {
            const size_t amp = params.find('&');
            const std::string_view kv = params.substr(0, amp);
            if (!kv.empty() && !tracking_param(kv)) {
                query.push_back(query.empty() ? '?' : '&');
                query.append(kv);
            }
            if (amp == std::string_view::npos) break;
            params = params.substr(amp + 1);
        }
    }
    const std::string path = rest.empty() ? "/" : remove_dot_segments(rest);
    return scheme + "://" + host + path + query + fragment;
}

uint64_t fnv1a64(std::string_view s) noexcept {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

std::string story_id(std::string_view guid, std::string_view link, std::string_view title) {
    std::string id = normalize_url(guid);
    if (id.empty()) id = normalize_url(link);
    if (id.empty()) id = trim(title);
    if (id.size() <= 63) return id;
    char buf[32];
    std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(fnv1a64(id)));
    return buf;
}

}  // namespace tradehost::news
