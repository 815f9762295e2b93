// libcurl helpers for the net part of the venue kit (see net_curl.hpp).
#include "net_curl.hpp"

#include <cctype>
#include <mutex>

namespace tradehost::venue::net {

void ensure_curl_global() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

CurlHeaderList::~CurlHeaderList() { curl_slist_free_all(list_); }

bool CurlHeaderList::add(std::string_view name, std::string_view value) {
    std::string line(name);
    if (value.empty()) {
        line += ';';
    } else {
        line += ": ";
        line += value;
    }
    return append(line);
}

bool CurlHeaderList::suppress(std::string_view name) { return append(std::string(name) + ":"); }

bool CurlHeaderList::append(const std::string& line) {
    curl_slist* grown = curl_slist_append(list_, line.c_str());
    if (grown == nullptr) return false;
    list_ = grown;
    return true;
}

namespace {
std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}
}  // namespace

bool is_header_block_end(std::string_view line) noexcept { return line == "\r\n" || line == "\n"; }

long parse_header_line(std::string_view line, std::vector<std::pair<std::string, std::string>>& headers) {
    if (line.substr(0, 5) == "HTTP/") {
        const auto space = line.find(' ');
        if (space == std::string_view::npos) return 0;
        long status = 0;
        for (std::size_t i = space + 1; i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])); ++i)
            status = status * 10 + (line[i] - '0');
        return status;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return 0;
    headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    return 0;
}

}  // namespace tradehost::venue::net
