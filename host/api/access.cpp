#include "api/access.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace tradehost {

bool constant_time_equal(std::string_view given, std::string_view secret) {
    if (secret.empty()) return false;
    // Walk the secret's length whatever was given; fold the length difference in.
    unsigned diff = given.size() == secret.size() ? 0u : 1u;
    for (size_t i = 0; i < secret.size(); ++i) {
        const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0u;
        diff |= g ^ static_cast<unsigned char>(secret[i]);
    }
    return diff == 0;
}

ApiAccess::ApiAccess(ApiTokens tokens) : control_(std::move(tokens.control)), read_(std::move(tokens.read)) {}

ApiTokens ApiTokens::from_env(const std::string& control_var, const std::string& read_var) {
    auto get = [](const std::string& var) -> std::string {
        if (var.empty()) return {};
        const char* v = std::getenv(var.c_str());
        std::string s = v ? v : "";
        if (!s.empty() && s.size() < kMinTokenLength)
            throw std::runtime_error("the operator token in $" + var + " has " + std::to_string(s.size()) +
                                     " characters; use at least " + std::to_string(kMinTokenLength) +
                                     " (for example: openssl rand -hex 32)");
        return s;
    };
    return ApiTokens{get(control_var), get(read_var)};
}

ApiScope ApiAccess::scope_of(std::string_view authorization) const {
    constexpr std::string_view bearer = "Bearer ";
    if (authorization.size() <= bearer.size() || authorization.substr(0, bearer.size()) != bearer) return ApiScope::None;
    const std::string_view token = authorization.substr(bearer.size());
    // Both comparisons always run, so which token matched does not show in the timing.
    const bool control = constant_time_equal(token, control_);
    const bool read = constant_time_equal(token, read_);
    if (control) return ApiScope::Control;
    return read ? ApiScope::Read : ApiScope::None;
}

void ApiAccess::note_refusal(const char* reason, const std::string& method, const std::string& path,
                             const std::string& peer) const {
    constexpr int64_t kWindowNs = 60'000'000'000;
    constexpr int kLinesPerWindow = 5;
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch()).count();
    int64_t start = log_window_start_ns_.load();
    if (now - start > kWindowNs && log_window_start_ns_.compare_exchange_strong(start, now)) log_lines_in_window_.store(0);
    const int line = log_lines_in_window_.fetch_add(1);
    if (line < kLinesPerWindow)
        spdlog::warn("operator endpoint: refused {} {} from {}: {}", method, path, peer.empty() ? "?" : peer, reason);
    else if (line == kLinesPerWindow)
        spdlog::warn("operator endpoint: more refusals this minute are counted in tradehost_api_auth_failures_total, not logged");
}

std::string ApiAccess::metrics_text() const {
    std::string out =
        "# HELP tradehost_api_auth_failures_total Operator endpoint requests refused for want of a valid token or scope.\n"
        "# TYPE tradehost_api_auth_failures_total counter\n";
    auto line = [&](const char* reason, const std::atomic<uint64_t>& v) {
        out += "tradehost_api_auth_failures_total{reason=\"";
        out += reason;
        out += "\"} " + std::to_string(v.load()) + "\n";
    };
    line("missing", failures_.missing);
    line("invalid", failures_.invalid);
    line("scope", failures_.scope);
    return out;
}

}  // namespace tradehost
