// A small HTTP/1.1 server (Boost.Beast) for the operator endpoint. One thread; handlers run
// on it and must be quick (they read atomic counters). Binds to loopback by default.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace tradehost {

struct HttpRequest {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query
    std::string query;   // after '?', undecoded
    std::string body;
    /// The X-Tradehost-Control header was sent. A web page cannot send a custom header to
    /// another origin without a CORS preflight, which this server never approves, so
    /// control calls require it.
    bool control_header = false;
    /// The Authorization header's value (a bearer token; see api/access.hpp). Never logged.
    std::string authorization;
    /// The peer's address, for logs.
    std::string peer;
};

struct HttpResponse {
    HttpResponse() = default;
    HttpResponse(int s, std::string type, std::string text)
        : status(s), content_type(std::move(type)), body(std::move(text)) {}

    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    /// Set for a stream (server-sent events): after the headers the server calls `next`
    /// every `interval_ms` on its thread and sends what it returns (nothing when empty; a
    /// comment line every 15 s keeps proxies from closing an idle stream), until the client
    /// goes away or the server stops. `body` is sent first.
    std::function<std::string()> next;
    int interval_ms = 1000;
};

/// PEM files for HTTPS; empty `cert`: plain HTTP.
struct TlsFiles {
    std::string cert;  // the certificate, followed by its chain
    std::string key;
};

class HttpServer {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;
    /// Listen on host:port (port 0 picks a free one) and serve on a thread.
    /// Throws std::runtime_error if it cannot bind.
    ///
    /// Before the handler: a request whose Host is not this endpoint's own address (DNS
    /// rebinding), or whose Origin is another site's, is refused with 403. At most
    /// `max_connections` are served at once; more are closed on accept. When descriptors run
    /// out, accepting backs off instead of spinning.
    ///
    /// `any_host_name`: accept any Host (an operator reaches a non-loopback endpoint by names
    /// this process cannot know); it is for endpoints that require a token on every call, which
    /// a rebound page cannot send. An Origin must then be the request's own Host.
    ///
    /// `tls`: serve HTTPS with these files (throws std::runtime_error naming the file that
    /// cannot be read or does not match).
    HttpServer(const std::string& host, uint16_t port, Handler handler, size_t max_connections = 64,
               bool any_host_name = false, const TlsFiles& tls = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    uint16_t port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tradehost
