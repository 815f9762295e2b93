// HttpClient on one reused libcurl easy handle: curl keeps the connection (and TLS session)
// alive between requests to the same host, which is most of an adapter's latency budget.
// Retries only idempotent requests, with exponential backoff and full jitter. Request headers
// carry API keys and signatures: nothing here logs them (or anything else).
#include "tradehost/venue/http_client.hpp"

#include "net_backoff.hpp"
#include "net_curl.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <thread>

namespace tradehost::venue {

const std::string* HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (net::iequals(key, name)) return &value;
    }
    return nullptr;
}

namespace {

// Where curl's callbacks write one attempt's response.
struct Capture {
    HttpResponse* response;
};

size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
    auto* capture = static_cast<Capture*>(user);
    try {
        capture->response->body.append(data, size * count);
        return size * count;
    } catch (...) {
        return 0;  // out of memory: curl aborts the transfer with CURLE_WRITE_ERROR
    }
}

size_t on_header(char* data, size_t size, size_t count, void* user) noexcept {
    auto* capture = static_cast<Capture*>(user);
    const std::string_view line(data, size * count);
    try {
        // A new status line starts a new header block (a 100 Continue before the real answer):
        // only the last block belongs to the response.
        if (line.substr(0, 5) == "HTTP/") capture->response->headers.clear();
        net::parse_header_line(line, capture->response->headers);
        return size * count;
    } catch (...) {
        return 0;
    }
}

bool is_retryable_status(long status) {
    return status == 500 || status == 502 || status == 503 || status == 504;
}

/// Retry-After as delta seconds; nullopt when absent or an HTTP date (the venues we talk to
/// send seconds; a date falls back to the computed backoff).
std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response) {
    const std::string* value = response.header("Retry-After");
    if (value == nullptr || value->empty()) return std::nullopt;
    long long seconds = 0;
    for (char c : *value) {
        if (c == ' ' || c == '\t') continue;
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        seconds = std::min<long long>(seconds * 10 + (c - '0'), 86400);
    }
    return std::chrono::milliseconds(seconds * 1000);
}

}  // namespace

struct HttpClient::Impl {
    explicit Impl(HttpOptions opts) : options(std::move(opts)), backoff(options.backoff_base, options.backoff_max) {
        net::ensure_curl_global();
        easy = curl_easy_init();
    }
    ~Impl() {
        if (easy != nullptr) curl_easy_cleanup(easy);
    }

    HttpResponse attempt(const HttpRequest& request);
    void configure(const HttpRequest& request, curl_slist* headers, Capture& capture);

    HttpOptions options;
    net::Backoff backoff;
    CURL* easy = nullptr;
    char error_buffer[CURL_ERROR_SIZE] = {};
    std::function<void(const HttpRequest&, const HttpResponse&)> hook;
};

void HttpClient::Impl::configure(const HttpRequest& request, curl_slist* headers, Capture& capture) {
    // Reset clears the previous request's options but keeps the live connections, the TLS
    // session cache and the DNS cache, so every request starts from a known state and still
    // reuses the connection.
    curl_easy_reset(easy);
    error_buffer[0] = '\0';
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are threaded
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect from a venue API is an error to see

    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
    if (!options.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_file.c_str());
    if (!options.client_cert_file.empty()) {
        curl_easy_setopt(easy, CURLOPT_SSLCERT, options.client_cert_file.c_str());
        curl_easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM");
    }
    if (!options.client_key_file.empty()) curl_easy_setopt(easy, CURLOPT_SSLKEY, options.client_key_file.c_str());

    const auto timeout = request.timeout.count() > 0 ? request.timeout : options.timeout;
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));

    const std::string& method = request.method;
    const bool sends_body = !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (sends_body) {
        // POSTFIELDS makes curl send the body (with Content-Length); CUSTOMREQUEST then only
        // renames the method, so PUT/PATCH/DELETE with a body work the same way.
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
        if (method != "POST") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    } else if (method != "GET") {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);

    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &capture);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &capture);
}

HttpResponse HttpClient::Impl::attempt(const HttpRequest& request) {
    HttpResponse response;
    if (easy == nullptr) {
        response.error = "curl_easy_init failed";
        return response;
    }
    net::CurlHeaderList headers;
    bool headers_ok = true;
    for (const auto& [name, value] : request.headers) headers_ok = headers_ok && headers.add(name, value);
    // A body of any size goes at once: waiting for "100 Continue" only adds a round trip.
    headers_ok = headers_ok && headers.suppress("Expect");
    if (!headers_ok) {
        response.error = "out of memory building request headers";
        return response;
    }

    Capture capture{&response};
    configure(request, headers.get(), capture);
    const CURLcode rc = curl_easy_perform(easy);
    // Unhook the per-attempt pointers so that nothing on the handle dangles between requests.
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, nullptr);
    if (rc != CURLE_OK) {
        // Whatever arrived is incomplete: report the transport error only.
        response.status = 0;
        response.headers.clear();
        response.body.clear();
        response.error = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(rc));
        return response;
    }
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpClient::~HttpClient() = default;

void HttpClient::on_response(std::function<void(const HttpRequest&, const HttpResponse&)> hook) {
    impl_->hook = std::move(hook);
}

HttpResponse HttpClient::send(const HttpRequest& request) {
    const int max_attempts = request.idempotent ? std::max(1, impl_->options.max_attempts) : 1;
    for (int attempt = 1;; ++attempt) {
        HttpResponse response = impl_->attempt(request);
        response.attempts = attempt;
        if (impl_->hook) impl_->hook(request, response);

        const bool transport_error = !response.error.empty();
        const bool rate_limited = response.status == 429 && impl_->options.retry_429;
        const bool retryable = transport_error || is_retryable_status(response.status) || rate_limited;
        if (!retryable || attempt >= max_attempts) return response;

        auto delay = impl_->backoff.full_jitter(attempt - 1);
        if (rate_limited) {
            if (auto after = retry_after(response)) delay = std::min(*after, impl_->options.backoff_max);
        }
        std::this_thread::sleep_for(delay);
    }
}

}  // namespace tradehost::venue
