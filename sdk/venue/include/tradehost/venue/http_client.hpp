// HTTP client on libcurl: one connection pool per client, TLS verification on by default,
// timeouts, and retries with exponential backoff and full jitter for idempotent requests only.
// One client per thread (a client is not thread-safe; clients on different threads are).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::venue {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";   ///< GET, POST, PUT, PATCH, DELETE
    std::string url;              ///< absolute, query included
    Headers headers;
    std::string body;
    /// Safe to send twice (GET, DELETE by id, a POST with a client order id the venue
    /// dedupes). Only idempotent requests are retried after a transport error or a 5xx.
    bool idempotent = false;
    /// 0: the client's default.
    std::chrono::milliseconds timeout{0};
};

struct HttpResponse {
    long status = 0;          ///< HTTP status; 0 when no response arrived (see `error`)
    Headers headers;          ///< names as received
    std::string body;
    std::string error;        ///< transport error (curl's text); empty when a response arrived
    int attempts = 0;         ///< how many times the request was sent
    /// First header named `name` (case-insensitive), or nullptr.
    const std::string* header(std::string_view name) const;
    bool ok() const noexcept { return error.empty() && status >= 200 && status < 300; }
};

struct HttpOptions {
    bool verify_tls = true;             ///< never off against a real venue
    std::string ca_file;                ///< empty: the system store
    /// A client certificate and its key (PEM paths) presented in the TLS handshake (Betfair's
    /// non-interactive login); empty: none.
    std::string client_cert_file, client_key_file;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{15000};
    int max_attempts = 3;               ///< for idempotent requests (1 = no retry)
    std::chrono::milliseconds backoff_base{200};
    std::chrono::milliseconds backoff_max{5000};
    /// Also retry idempotent requests answered 429, after the Retry-After the venue gave
    /// (capped by backoff_max). Off when the caller's RateLimiter handles 429 itself.
    bool retry_429 = false;
    std::string user_agent = "tradehost-venue/1";
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends and waits. Never throws for transport or HTTP errors: see HttpResponse.
    HttpResponse send(const HttpRequest& request);

    /// Hook run on every response before retry decisions (rate-limit headers, metrics).
    void on_response(std::function<void(const HttpRequest&, const HttpResponse&)> hook);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// A long-lived streaming GET whose body is newline-delimited (OANDA's pricing and
/// transaction streams). Runs its own thread; reconnects with backoff when the stream ends,
/// fails, or no line (heartbeats count) arrived within `idle_timeout`.
struct LineStreamOptions {
    std::string url;
    Headers headers;
    bool verify_tls = true;
    std::string ca_file;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds idle_timeout{20000};
    std::chrono::milliseconds reconnect_min{250};
    std::chrono::milliseconds reconnect_max{30000};
};

class LineStream {
public:
    struct Handlers {
        /// Connected with a 2xx status (each reconnect too). Thread: the stream's.
        std::function<void()> on_open;
        /// One complete line, without its newline; empty lines are skipped. Thread: the stream's.
        std::function<void(std::string_view line)> on_line;
        /// The stream ended or failed; `reason` says why (HTTP status and body excerpt, curl
        /// error, idle timeout); `will_retry` false only after stop(). Thread: the stream's.
        std::function<void(std::string_view reason, bool will_retry)> on_close;
    };
    LineStream(LineStreamOptions options, Handlers handlers);
    ~LineStream();  ///< stops
    LineStream(const LineStream&) = delete;
    LineStream& operator=(const LineStream&) = delete;
    void start();
    void stop();    ///< joins the thread; no handler runs after it returns
    uint64_t connects() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tradehost::venue
