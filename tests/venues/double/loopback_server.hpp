// The base of every venue double: an HTTP/1.1 + WebSocket server on 127.0.0.1 (Boost.Beast),
// on an ephemeral port, with its own thread. A venue's double registers the routes and
// stream endpoints of that venue's published API and answers in its dialect; tests then
// script failures (error bodies, 429s, mid-stream drops) through the same object.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::doubles {

struct Request {
    std::string method;                        ///< "GET", "POST", ...
    std::string target;                        ///< path and query as sent
    std::string path;                          ///< target without the query
    std::string query;                         ///< raw query string, without '?'
    std::vector<std::pair<std::string, std::string>> params;  ///< decoded query parameters
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// First header named `name` (case-insensitive), or nullptr.
    const std::string* header(std::string_view name) const;
    /// First query parameter named `name`, or nullptr.
    const std::string* param(std::string_view name) const;
    /// Path segment `i` ("/v2/orders/abc" -> 0:"v2", 1:"orders", 2:"abc"), or "".
    std::string segment(std::size_t i) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  ///< Content-Type defaults to JSON
    std::string body;
    static Response json(int status, std::string body);
};

/// One server-side WebSocket connection. Thread-safe.
class WsSession {
public:
    virtual ~WsSession() = default;
    virtual void send(std::string text) = 0;  ///< a text frame, queued, in order
    /// A binary frame, queued in order with the text frames (Alpaca's paper trade_updates
    /// stream sends its JSON in binary frames).
    virtual void send_binary(std::string bytes) = 0;
    virtual void close() = 0;                 ///< close frame, then TCP close
    virtual void drop() = 0;                  ///< TCP close without a close frame (a "crash")
    virtual uint64_t id() const = 0;
};

/// One server-side chunked HTTP stream (newline-delimited JSON, OANDA style). Thread-safe.
class ChunkStream {
public:
    virtual ~ChunkStream() = default;
    virtual bool write(std::string chunk) = 0;  ///< false once the client is gone
    virtual void end() = 0;                     ///< terminating chunk
    virtual void drop() = 0;                    ///< TCP close mid-body
    virtual bool open() const = 0;
};

struct WsHandlers {
    /// Called on the server thread after the upgrade; the request carries handshake headers.
    std::function<void(const std::shared_ptr<WsSession>&, const Request&)> on_open;
    std::function<void(const std::shared_ptr<WsSession>&, std::string_view)> on_message;
    std::function<void(const std::shared_ptr<WsSession>&)> on_close;
};

class LoopbackServer {
public:
    LoopbackServer();   ///< binds 127.0.0.1:0 and starts serving
    ~LoopbackServer();  ///< stops, closes every connection, joins
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    uint16_t port() const;
    std::string http_url() const;  ///< "http://127.0.0.1:PORT"
    std::string ws_url(std::string_view path) const;  ///< "ws://127.0.0.1:PORT" + path

    using Handler = std::function<Response(const Request&)>;
    /// Route `method` + `path_pattern`; a pattern segment "*" matches any one segment
    /// ("/v2/orders/*"). Later routes with the same pattern replace earlier ones.
    void route(std::string method, std::string path_pattern, Handler handler);
    /// A WebSocket endpoint at `path`.
    void websocket(std::string path, WsHandlers handlers);
    /// A chunked streaming GET at `path`: `on_open` gets the request and the stream, and may
    /// keep the stream to write to it from any thread. Return a non-200 Response status to
    /// refuse (the body is then sent as a normal response).
    void stream(std::string path,
                std::function<std::optional<Response>(const Request&, std::shared_ptr<ChunkStream>)> on_open);

    /// The next `count` requests (any route except WebSocket/stream upgrades) are answered
    /// with `response` instead of their handler (rate limits, outages).
    /// With `method` set, only requests of that method take it (others pass by): a test
    /// that means the next order POST is not raced by a background poll.
    void inject(Response response, int count = 1, std::string method = "");
    /// `fn` sees every HTTP request as it is recorded, before its handler runs, on the
    /// connection's thread (benchmarks stamp arrival times with it); empty to remove.
    void on_request(std::function<void(const Request&)> fn);
    /// Every HTTP request received so far (a copy).
    std::vector<Request> requests() const;
    /// Requests whose method and path match (pattern as in route()).
    std::vector<Request> requests(std::string_view method, std::string_view path_pattern) const;
    /// Current open WebSocket sessions.
    std::vector<std::shared_ptr<WsSession>> ws_sessions() const;
    /// Drops every open WebSocket and chunked stream without a close frame.
    void drop_all_streams();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Waits until `pred` is true or `timeout` passes; returns pred's last value.
bool eventually(const std::function<bool()>& pred,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace tradehost::doubles
