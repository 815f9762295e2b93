// Private to the loopback double: the state every connection shares with the server (the
// io_context, the route tables, the request log, the open sessions) and the three kinds of
// connection objects. Everything that touches a socket runs on the single io thread; the
// tables are guarded by `mu` because tests read and change them from their own threads.
//
// Lifetime: every connection holds a shared_ptr to the core, so the io_context outlives any
// socket even when a test keeps a WsSession or ChunkStream after the server is gone. Once
// `stopping` is set nothing more is posted and no user callback is called.
#pragma once

#include "loopback_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>

namespace tradehost::doubles::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

using StreamOpen = std::function<std::optional<Response>(const Request&, std::shared_ptr<ChunkStream>)>;

/// Anything owning a socket: the server closes them all when it stops.
class Closable {
public:
    virtual ~Closable() = default;
    /// io thread only: close the socket now so pending operations finish.
    virtual void shutdown_now() = 0;
};

class ServerCore {
public:
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::atomic<bool> stopping{false};
    std::atomic<uint64_t> next_id{1};

    /// Runs `fn` on the io thread unless the server is stopping (then false, nothing runs).
    bool post(std::function<void()> fn);
    /// Sets `stopping` under the same lock as post(): after it no other thread queues work.
    void begin_stop();

    void add_route(std::string method, std::string pattern, LoopbackServer::Handler handler);
    void add_websocket(std::string pattern, WsHandlers handlers);
    void add_stream(std::string pattern, StreamOpen on_open);
    std::shared_ptr<const LoopbackServer::Handler> find_route(std::string_view method,
                                                              const std::vector<std::string>& segments) const;
    std::shared_ptr<const WsHandlers> find_websocket(const std::vector<std::string>& segments) const;
    std::shared_ptr<const StreamOpen> find_stream(const std::vector<std::string>& segments) const;

    void inject(Response response, int count, std::string method);
    std::optional<Response> take_injection(const std::string& method);

    void record(const Request& request);
    std::vector<Request> recorded() const;
    void observe(std::function<void(const Request&)> fn);

    void track(uint64_t id, std::weak_ptr<Closable> conn);
    void untrack(uint64_t id);
    void ws_opened(uint64_t id, std::shared_ptr<WsSession> session);
    void ws_closed(uint64_t id);
    std::vector<std::shared_ptr<WsSession>> ws_sessions() const;
    void stream_opened(uint64_t id, std::weak_ptr<ChunkStream> stream);
    void stream_closed(uint64_t id);
    std::vector<std::shared_ptr<ChunkStream>> chunk_streams() const;

    /// io thread (or after it has stopped): close the acceptor and every tracked socket.
    void close_everything();
    /// After the io thread has stopped: forget routes and sessions (breaks handler cycles).
    void clear();

private:
    struct RouteEntry {
        std::string method;
        std::vector<std::string> pattern;
        std::shared_ptr<const LoopbackServer::Handler> handler;
    };
    template <class T>
    struct Endpoint {
        std::vector<std::string> pattern;
        std::shared_ptr<const T> value;
    };

    mutable std::mutex mu_;
    std::vector<RouteEntry> routes_;
    std::vector<Endpoint<WsHandlers>> websockets_;
    std::vector<Endpoint<StreamOpen>> streams_;
    struct Injection {
        Response response;
        int count = 0;
        std::string method;  // empty: any request
    };
    std::deque<Injection> injections_;
    std::shared_ptr<const std::function<void(const Request&)>> observer_;  // guarded by mu_
    std::vector<Request> log_;
    std::map<uint64_t, std::weak_ptr<Closable>> live_;
    std::map<uint64_t, std::shared_ptr<WsSession>> ws_open_;
    std::map<uint64_t, std::weak_ptr<ChunkStream>> streams_open_;
};

/// One HTTP/1.1 chunk: size in hex, CRLF, data, CRLF. Never call with empty data (that is
/// the terminating chunk).
std::string format_chunk(std::string_view data);

/// Starts accepting connections until the core stops.
void accept_loop(const std::shared_ptr<ServerCore>& core);

/// One accepted TCP connection speaking HTTP/1.1 (keep-alive) until it upgrades to a
/// WebSocket or becomes a chunked stream, at which point it hands its socket over.
class HttpConnection : public Closable, public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(std::shared_ptr<ServerCore> core, tcp::socket socket);
    void start();
    void shutdown_now() override;

private:
    void read_next();
    void on_header(beast::error_code ec);
    void read_body();
    void dispatch();
    void respond(const Response& response, unsigned version, bool keep_alive);
    void open_stream(const std::shared_ptr<const StreamOpen>& on_open, const Request& request, bool keep_alive,
                     unsigned version);
    void finish();

    std::shared_ptr<ServerCore> core_;  // first: destroyed after the socket
    uint64_t id_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    bool finished_ = false;
};

/// A server-side WebSocket connection (after the HTTP upgrade request was read).
class WsSessionImpl : public WsSession, public Closable, public std::enable_shared_from_this<WsSessionImpl> {
public:
    WsSessionImpl(std::shared_ptr<ServerCore> core, tcp::socket socket, std::shared_ptr<const WsHandlers> handlers,
                  Request handshake);
    /// Answers the upgrade request, then calls on_open and starts reading.
    void start(http::request<http::string_body> upgrade);

    void send(std::string text) override;
    void send_binary(std::string bytes) override;
    void close() override;
    void drop() override;
    uint64_t id() const override { return id_; }
    void shutdown_now() override;

private:
    enum class Kind { Text, Binary, Close, Drop };
    struct Outgoing {
        Kind kind;
        std::string text;
    };
    void enqueue(Outgoing out);
    void pump();
    void read();
    void abort_socket();
    void finish();

    std::shared_ptr<ServerCore> core_;  // first: destroyed after the socket
    uint64_t id_;
    websocket::stream<tcp::socket> ws_;
    std::shared_ptr<const WsHandlers> handlers_;
    Request handshake_;
    beast::flat_buffer read_buffer_;
    std::deque<Outgoing> queue_;
    std::string writing_text_;
    bool open_ = false;  // handshake done, not yet closed or dropped
    bool writing_ = false;
    bool finished_ = false;
};

/// A chunked HTTP response that stays open: the socket is attached once on_open accepted.
class ChunkStreamImpl : public ChunkStream, public Closable, public std::enable_shared_from_this<ChunkStreamImpl> {
public:
    explicit ChunkStreamImpl(std::shared_ptr<ServerCore> core);
    /// io thread: take over the socket, send `head` (status line and headers) first.
    void attach(tcp::socket socket, std::string head);
    /// io thread: on_open refused the stream; it never opens.
    void refuse();

    bool write(std::string chunk) override;
    void end() override;
    void drop() override;
    bool open() const override { return open_.load(); }
    void shutdown_now() override;

private:
    enum class Kind { Bytes, End, Drop };
    struct Outgoing {
        Kind kind;
        std::string bytes;
    };
    void enqueue(Outgoing out);
    void pump();
    void watch();
    void gone();

    std::shared_ptr<ServerCore> core_;  // first: destroyed after the socket
    uint64_t id_;
    tcp::socket socket_;
    std::atomic<bool> open_{true};  // writes accepted (not ended, dropped, refused or disconnected)
    bool attached_ = false;
    bool dead_ = false;  // socket closed or refused
    bool writing_ = false;
    std::deque<Outgoing> queue_;
    std::string writing_bytes_;
    std::array<char, 512> watch_buffer_{};
};

}  // namespace tradehost::doubles::detail
