// Request/Response value helpers and the pattern/query utilities behind them, plus
// eventually(): the parts of the loopback double that need no networking.
#include "loopback_server.hpp"
#include "request_util.hpp"

#include <cctype>
#include <thread>

namespace tradehost::doubles {

namespace detail {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > pos) out.emplace_back(path.substr(pos, slash - pos));
        pos = slash + 1;
    }
    return out;
}

bool pattern_matches(const std::vector<std::string>& pattern, const std::vector<std::string>& segments) {
    if (pattern.size() != segments.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != "*" && pattern[i] != segments[i]) return false;
    }
    return true;
}

int pattern_specificity(const std::vector<std::string>& pattern) {
    int n = 0;
    for (const auto& s : pattern) n += s == "*" ? 0 : 1;
    return n;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> decode_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t pos = 0;
    while (pos < query.size()) {
        std::size_t amp = query.find('&', pos);
        if (amp == std::string_view::npos) amp = query.size();
        std::string_view pair = query.substr(pos, amp - pos);
        if (!pair.empty()) {
            std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos) {
                out.emplace_back(percent_decode(pair), std::string());
            } else {
                out.emplace_back(percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
            }
        }
        pos = amp + 1;
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

}  // namespace detail

const std::string* Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (detail::iequals(k, name)) return &v;
    }
    return nullptr;
}

const std::string* Request::param(std::string_view name) const {
    for (const auto& [k, v] : params) {
        if (k == name) return &v;
    }
    return nullptr;
}

std::string Request::segment(std::size_t i) const {
    auto segments = detail::split_path(path);
    return i < segments.size() ? segments[i] : std::string();
}

Response Response::json(int status, std::string body) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return pred();
}

}  // namespace tradehost::doubles
