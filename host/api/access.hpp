// Who may call what on the operator endpoint: bearer tokens and their scopes.
//
// Tokens come from the environment (host.api.token_env, host.api.read_token_env), never
// from the YAML file, and are held here only. With no token configured the endpoint is open
// to whoever can reach it, which the config allows on loopback only. With one, every route
// but /healthz needs `Authorization: Bearer TOKEN`: the read token sees, the control token
// also stops, reloads and trips the kill switch.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace tradehost {

enum class ApiScope { None, Read, Control };

/// Equal strings, in a time that depends only on the length of `secret` (a caller probing
/// a token byte by byte learns nothing from how long a refusal takes).
bool constant_time_equal(std::string_view given, std::string_view secret);

struct ApiTokens {
    /// Tokens of fewer characters than this are refused at start (guessable).
    static constexpr size_t kMinTokenLength = 16;

    std::string control;  // empty: none
    std::string read;

    /// Reads the tokens from the environment variables named; an unset or empty variable
    /// configures no token. Throws std::runtime_error naming the variable (never the value)
    /// when a token is too short.
    static ApiTokens from_env(const std::string& control_var, const std::string& read_var);
};

class ApiAccess {
public:
    ApiAccess() = default;  // no tokens: open
    explicit ApiAccess(ApiTokens tokens);
    ApiAccess(const ApiAccess&) = delete;
    ApiAccess& operator=(const ApiAccess&) = delete;

    bool tokens_required() const { return !control_.empty() || !read_.empty(); }

    /// The scope an `Authorization` header's value grants (None when missing or wrong).
    ApiScope scope_of(std::string_view authorization) const;

    /// Refusals so far, by reason, for /metrics.
    struct Failures {
        std::atomic<uint64_t> missing{0};   // no Authorization header
        std::atomic<uint64_t> invalid{0};   // a token that is neither
        std::atomic<uint64_t> scope{0};     // the read token on a control call
    };
    Failures& failures() const { return failures_; }

    /// Logs a refusal (method, path and peer; never what was sent), at most a few lines a
    /// minute so that a scan cannot flood the log; the counters count every one.
    void note_refusal(const char* reason, const std::string& method, const std::string& path,
                      const std::string& peer) const;

    /// The counters as Prometheus text.
    std::string metrics_text() const;

private:
    std::string control_;
    std::string read_;
    mutable Failures failures_;
    mutable std::atomic<int64_t> log_window_start_ns_{0};
    mutable std::atomic<int> log_lines_in_window_{0};
};

}  // namespace tradehost
