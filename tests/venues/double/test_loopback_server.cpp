// Tests of the loopback double server, driven by small Beast clients over real loopback
// sockets (not libcurl: the venue kit's client is tested against this server, not the other
// way round): HTTP routing and keep-alive, injected answers, WebSocket sessions, chunked
// streams, and stopping with connections still open.
#include "double/loopback_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace {

using namespace tradehost::doubles;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

tcp::endpoint local(uint16_t port) { return {asio::ip::make_address_v4("127.0.0.1"), port}; }

/// A blocking HTTP/1.1 client on one TCP connection (so keep-alive is observable).
struct HttpClient {
    asio::io_context io;
    tcp::socket socket{io};
    beast::flat_buffer buffer;

    explicit HttpClient(uint16_t port) { socket.connect(local(port)); }

    http::response<http::string_body> send(http::verb verb, const std::string& target, const std::string& body = {},
                                           const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        for (const auto& [k, v] : headers) req.set(k, v);
        req.body() = body;
        req.prepare_payload();
        http::write(socket, req);
        http::response<http::string_body> res;
        http::read(socket, buffer, res);
        return res;
    }
    http::response<http::string_body> get(const std::string& target) { return send(http::verb::get, target); }

    /// The error the next read ends with (the server closed the connection: eof or reset).
    beast::error_code next_read_error() {
        http::response<http::string_body> res;
        beast::error_code ec;
        http::read(socket, buffer, res, ec);
        return ec;
    }
};

/// A blocking WebSocket client.
struct WsClient {
    asio::io_context io;
    websocket::stream<tcp::socket> ws{io};
    beast::flat_buffer buffer;

    WsClient(uint16_t port, const std::string& path, const std::string& api_key = "fake-key-0000") {
        ws.next_layer().connect(local(port));
        ws.set_option(websocket::stream_base::decorator(
            [api_key](websocket::request_type& req) { req.set("X-Api-Key", api_key); }));
        ws.handshake("127.0.0.1:" + std::to_string(port), path);
    }
    std::string read() {
        buffer.consume(buffer.size());
        ws.read(buffer);
        return beast::buffers_to_string(buffer.data());
    }
    beast::error_code read_error() {
        buffer.consume(buffer.size());
        beast::error_code ec;
        ws.read(buffer, ec);
        return ec;
    }
};

/// Reads a chunked streaming response line by line, as a newline-delimited JSON client does.
struct StreamClient {
    asio::io_context io;
    tcp::socket socket{io};
    beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    std::string pending;
    // Beast keeps a reference to the callback, so it lives as long as the parser.
    std::function<std::size_t(std::uint64_t, beast::string_view, beast::error_code&)> on_chunk =
        [this](std::uint64_t, beast::string_view body, beast::error_code&) {
            pending.append(body.data(), body.size());
            return body.size();
        };

    StreamClient(uint16_t port, const std::string& target) {
        socket.connect(local(port));
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "127.0.0.1");
        http::write(socket, req);
        parser.on_chunk_body(on_chunk);
        http::read_header(socket, buffer, parser);
    }
    /// The next complete line without its '\n'; nullopt with `ec` set when the body ends
    /// (http::error::end_of_stream after the last chunk) or the connection breaks.
    std::optional<std::string> next_line(beast::error_code& ec) {
        for (;;) {
            auto nl = pending.find('\n');
            if (nl != std::string::npos) {
                std::string line = pending.substr(0, nl);
                pending.erase(0, nl + 1);
                return line;
            }
            if (parser.is_done()) {
                ec = http::error::end_of_stream;
                return std::nullopt;
            }
            http::read_some(socket, buffer, parser, ec);
            if (ec) return std::nullopt;
        }
    }
    std::string next_line() {
        beast::error_code ec;
        auto line = next_line(ec);
        if (!line) throw beast::system_error(ec);
        return *line;
    }
};

/// A value handed from the server thread to the test thread.
template <class T>
struct Shared {
    mutable std::mutex mu;
    T value{};
    void set(T v) {
        std::lock_guard<std::mutex> lock(mu);
        value = std::move(v);
    }
    T get() const {
        std::lock_guard<std::mutex> lock(mu);
        return value;
    }
};

// ---- HTTP ----------------------------------------------------------------------------------

TEST(LoopbackServerHttp, AnswersRouteWithJsonContentTypeByDefault) {
    LoopbackServer server;
    server.route("GET", "/v1/time", [](const Request&) { return Response{200, {}, R"({"t":1})"}; });
    EXPECT_EQ(server.http_url(), "http://127.0.0.1:" + std::to_string(server.port()));

    HttpClient client(server.port());
    auto res = client.get("/v1/time");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res[http::field::content_type], "application/json");
    EXPECT_EQ(res.body(), R"({"t":1})");
}

TEST(LoopbackServerHttp, KeepsTheConnectionAliveAcrossRequests) {
    LoopbackServer server;
    std::atomic<int> calls{0};
    server.route("GET", "/ping", [&](const Request&) { return Response::json(200, std::to_string(++calls)); });

    HttpClient client(server.port());
    auto first = client.get("/ping");
    auto second = client.get("/ping");  // same socket: only works if the server kept it open
    EXPECT_TRUE(first.keep_alive());
    EXPECT_EQ(first.body(), "1");
    EXPECT_EQ(second.body(), "2");
}

TEST(LoopbackServerHttp, ClosesAfterAnswerWhenClientAsksConnectionClose) {
    LoopbackServer server;
    server.route("GET", "/ping", [](const Request&) { return Response::json(200, "{}"); });
    HttpClient client(server.port());
    auto res = client.send(http::verb::get, "/ping", "", {{"Connection", "close"}});
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_FALSE(res.keep_alive());
    EXPECT_EQ(client.next_read_error(), http::error::end_of_stream);
}

TEST(LoopbackServerHttp, ParsesQueryHeadersAndBody) {
    LoopbackServer server;
    server.route("POST", "/v2/orders", [](const Request&) { return Response::json(201, R"({"id":"o-1"})"); });

    HttpClient client(server.port());
    auto res = client.send(http::verb::post, "/v2/orders?symbol=BTC%2FUSD&note=a+b&flag", R"({"qty":1})",
                           {{"X-Api-Key", "fake-key-0000"}});
    EXPECT_EQ(res.result_int(), 201);

    auto seen = server.requests("POST", "/v2/orders");
    ASSERT_EQ(seen.size(), 1u);
    const Request& r = seen[0];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/v2/orders?symbol=BTC%2FUSD&note=a+b&flag");
    EXPECT_EQ(r.path, "/v2/orders");
    EXPECT_EQ(r.query, "symbol=BTC%2FUSD&note=a+b&flag");
    ASSERT_NE(r.param("symbol"), nullptr);
    EXPECT_EQ(*r.param("symbol"), "BTC/USD");
    EXPECT_EQ(*r.param("note"), "a b");
    ASSERT_NE(r.param("flag"), nullptr);
    EXPECT_EQ(*r.param("flag"), "");
    EXPECT_EQ(r.param("missing"), nullptr);
    ASSERT_NE(r.header("x-api-key"), nullptr);  // case-insensitive
    EXPECT_EQ(*r.header("x-api-key"), "fake-key-0000");
    EXPECT_EQ(r.body, R"({"qty":1})");
    EXPECT_EQ(r.segment(0), "v2");
    EXPECT_EQ(r.segment(1), "orders");
    EXPECT_EQ(r.segment(2), "");
}

TEST(LoopbackServerHttp, WildcardSegmentsAndMostSpecificRouteWin) {
    LoopbackServer server;
    server.route("GET", "/v2/orders/*", [](const Request& r) { return Response::json(200, r.segment(2)); });
    server.route("GET", "/v2/orders/open", [](const Request&) { return Response::json(200, "open-list"); });
    server.route("DELETE", "/v2/orders/*", [](const Request& r) { return Response::json(204, "del-" + r.segment(2)); });

    HttpClient client(server.port());
    EXPECT_EQ(client.get("/v2/orders/abc").body(), "abc");
    EXPECT_EQ(client.get("/v2/orders/open").body(), "open-list");
    EXPECT_EQ(client.get("/v2/orders/abc?x=1").body(), "abc");
    EXPECT_EQ(client.get("/v2/orders").result_int(), 404);
    EXPECT_EQ(client.get("/v2/orders/abc/fills").result_int(), 404);
    EXPECT_EQ(client.send(http::verb::post, "/v2/orders/abc").result_int(), 404);
    auto deleted = client.send(http::verb::delete_, "/v2/orders/xyz");
    EXPECT_EQ(deleted.result_int(), 204);
    EXPECT_EQ(deleted.body(), "");  // 204 never carries a body, whatever the handler said
    EXPECT_EQ(server.requests("GET", "/v2/orders/*").size(), 3u);
}

TEST(LoopbackServerHttp, LaterRouteReplacesEarlierOne) {
    LoopbackServer server;
    server.route("GET", "/x", [](const Request&) { return Response::json(200, "first"); });
    server.route("GET", "/x", [](const Request&) { return Response::json(200, "second"); });
    HttpClient client(server.port());
    EXPECT_EQ(client.get("/x").body(), "second");
}

TEST(LoopbackServerHttp, UnknownRouteIs404WithJsonError) {
    LoopbackServer server;
    HttpClient client(server.port());
    auto res = client.get("/nope");
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(res[http::field::content_type], "application/json");
    EXPECT_EQ(res.body(), R"({"error":"no route"})");
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST(LoopbackServerHttp, InjectedAnswersReplaceTheNextCountHandlerCalls) {
    LoopbackServer server;
    std::atomic<int> handler_calls{0};
    server.route("GET", "/v1/account", [&](const Request&) {
        ++handler_calls;
        return Response::json(200, R"({"ok":true})");
    });
    Response limited = Response::json(429, R"({"code":429,"msg":"too many requests"})");
    limited.headers.emplace_back("Retry-After", "1");
    server.inject(limited, 2);

    HttpClient client(server.port());
    auto a = client.get("/v1/account");
    auto b = client.get("/v1/account");
    auto c = client.get("/v1/account");
    EXPECT_EQ(a.result_int(), 429);
    EXPECT_EQ(a[http::field::retry_after], "1");
    EXPECT_EQ(a.body(), R"({"code":429,"msg":"too many requests"})");
    EXPECT_EQ(b.result_int(), 429);
    EXPECT_EQ(c.result_int(), 200);
    EXPECT_EQ(handler_calls.load(), 1);
    EXPECT_EQ(server.requests().size(), 3u);  // injected answers are still recorded requests
}

TEST(LoopbackServerHttp, HandlerExceptionBecomes500AndServerKeepsServing) {
    LoopbackServer server;
    server.route("GET", "/boom", [](const Request&) -> Response { throw std::runtime_error("double bug"); });
    server.route("GET", "/ok", [](const Request&) { return Response::json(200, "{}"); });
    HttpClient client(server.port());
    EXPECT_EQ(client.get("/boom").result_int(), 500);
    EXPECT_EQ(client.get("/ok").result_int(), 200);
}

TEST(LoopbackServerHttp, AnswersExpectContinueBeforeTheBody) {
    // libcurl sends "Expect: 100-continue" on larger POSTs and stalls a second without it.
    LoopbackServer server;
    server.route("POST", "/echo", [](const Request& r) { return Response::json(200, r.body); });
    HttpClient client(server.port());
    std::string head = "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
    asio::write(client.socket, asio::buffer(head));
    std::string interim;
    std::size_t n = asio::read_until(client.socket, asio::dynamic_buffer(interim), "\r\n\r\n");
    EXPECT_EQ(interim.substr(0, n), "HTTP/1.1 100 Continue\r\n\r\n");
    asio::write(client.socket, asio::buffer(std::string("hello")));
    http::response<http::string_body> res;
    http::read(client.socket, client.buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "hello");
}

// ---- WebSocket -----------------------------------------------------------------------------

/// A WebSocket endpoint that echoes, and counts on_open/on_close.
struct EchoEndpoint {
    std::atomic<int> opens{0};
    std::atomic<int> closes{0};
    Shared<std::string> handshake_key;
    Shared<std::string> handshake_path;

    void install(LoopbackServer& server, const std::string& path) {
        WsHandlers h;
        h.on_open = [this](const std::shared_ptr<WsSession>&, const Request& r) {
            handshake_key.set(r.header("X-Api-Key") ? *r.header("X-Api-Key") : "");
            handshake_path.set(r.path);
            ++opens;
        };
        h.on_message = [](const std::shared_ptr<WsSession>& s, std::string_view text) {
            s->send("echo:" + std::string(text));
        };
        h.on_close = [this](const std::shared_ptr<WsSession>&) { ++closes; };
        server.websocket(path, std::move(h));
    }
};

TEST(LoopbackServerWs, EchoRoundtripAndHandshakeHeaders) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws/*");
    EXPECT_EQ(server.ws_url("/ws/v1"), "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws/v1");

    WsClient client(server.port(), "/ws/v1?stream=trades");
    client.ws.write(asio::buffer(std::string("hello")));
    EXPECT_EQ(client.read(), "echo:hello");
    EXPECT_EQ(endpoint.opens.load(), 1);
    EXPECT_EQ(endpoint.handshake_key.get(), "fake-key-0000");
    EXPECT_EQ(endpoint.handshake_path.get(), "/ws/v1");
    EXPECT_EQ(server.ws_sessions().size(), 1u);
}

TEST(LoopbackServerWs, AnswersPings) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws");
    WsClient client(server.port(), "/ws");
    std::atomic<int> pongs{0};
    client.ws.control_callback([&](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::pong) ++pongs;
    });
    client.ws.ping({});
    client.ws.write(asio::buffer(std::string("after-ping")));
    EXPECT_EQ(client.read(), "echo:after-ping");  // the pong arrives first, seen by the callback
    EXPECT_EQ(pongs.load(), 1);
}

TEST(LoopbackServerWs, ServerPushFromTestThreadArrivesInOrder) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws");
    WsClient client(server.port(), "/ws");
    ASSERT_TRUE(eventually([&] { return server.ws_sessions().size() == 1; }));
    auto session = server.ws_sessions().front();
    for (int i = 0; i < 50; ++i) session->send(R"({"seq":)" + std::to_string(i) + "}");
    for (int i = 0; i < 50; ++i) ASSERT_EQ(client.read(), R"({"seq":)" + std::to_string(i) + "}");
}

TEST(LoopbackServerWs, CloseSendsCloseFrameAfterQueuedMessages) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws");
    WsClient client(server.port(), "/ws");
    ASSERT_TRUE(eventually([&] { return server.ws_sessions().size() == 1; }));
    auto session = server.ws_sessions().front();
    session->send("last words");
    session->close();
    EXPECT_EQ(client.read(), "last words");
    EXPECT_EQ(client.read_error(), websocket::error::closed);  // a proper close frame
    EXPECT_EQ(client.ws.reason().code, websocket::close_code::normal);
    EXPECT_TRUE(eventually([&] { return endpoint.closes.load() == 1; }));
    EXPECT_TRUE(server.ws_sessions().empty());
    std::this_thread::sleep_for(20ms);
    EXPECT_EQ(endpoint.closes.load(), 1);  // once
}

TEST(LoopbackServerWs, DropEndsConnectionWithoutCloseFrame) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws");
    WsClient client(server.port(), "/ws");
    ASSERT_TRUE(eventually([&] { return server.ws_sessions().size() == 1; }));
    auto session = server.ws_sessions().front();
    session->send("before crash");
    session->drop();
    EXPECT_EQ(client.read(), "before crash");
    auto ec = client.read_error();
    EXPECT_TRUE(ec);
    EXPECT_NE(ec, websocket::error::closed);  // eof or reset: no close frame
    EXPECT_TRUE(eventually([&] { return endpoint.closes.load() == 1; }));
    EXPECT_TRUE(server.ws_sessions().empty());
}

TEST(LoopbackServerWs, ClientCloseCallsOnCloseOnce) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws");
    {
        WsClient client(server.port(), "/ws");
        client.ws.close(websocket::close_code::normal);
    }
    EXPECT_TRUE(eventually([&] { return endpoint.closes.load() == 1 && server.ws_sessions().empty(); }));
    std::this_thread::sleep_for(20ms);
    EXPECT_EQ(endpoint.closes.load(), 1);
}

TEST(LoopbackServerWs, UpgradeOnUnregisteredPathIsRefused) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws");
    EXPECT_THROW(WsClient(server.port(), "/other"), beast::system_error);
    EXPECT_EQ(endpoint.opens.load(), 0);
}

// ---- Chunked streams -----------------------------------------------------------------------

TEST(LoopbackServerStream, StreamsLinesThenDrops) {
    LoopbackServer server;
    Shared<std::shared_ptr<ChunkStream>> stream;
    server.stream("/v3/accounts/*/pricing/stream", [&](const Request& r, std::shared_ptr<ChunkStream> s) {
        EXPECT_EQ(*r.param("instruments"), "EUR_USD");
        s->write(R"({"type":"PRICE","bid":"1.1"})"
                 "\n");  // written inside on_open: still after the first chunk below
        stream.set(std::move(s));
        // Accepting with headers and a first chunk.
        return std::optional<Response>(
            Response{200, {{"Content-Type", "application/octet-stream"}}, R"({"type":"HEARTBEAT"})"
                                                                           "\n"});
    });

    StreamClient client(server.port(), "/v3/accounts/001-fake/pricing/stream?instruments=EUR_USD");
    EXPECT_EQ(client.parser.get().result_int(), 200);
    EXPECT_TRUE(client.parser.chunked());
    EXPECT_EQ(client.parser.get()[http::field::content_type], "application/octet-stream");
    EXPECT_EQ(client.next_line(), R"({"type":"HEARTBEAT"})");
    EXPECT_EQ(client.next_line(), R"({"type":"PRICE","bid":"1.1"})");

    auto s = stream.get();
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->open());
    EXPECT_TRUE(s->write(R"({"type":"PRICE",)"));  // one line split over two chunks
    EXPECT_TRUE(s->write(R"("bid":"1.2"})"
                         "\n"));
    EXPECT_EQ(client.next_line(), R"({"type":"PRICE","bid":"1.2"})");

    s->drop();
    EXPECT_FALSE(s->open());
    beast::error_code ec;
    EXPECT_FALSE(client.next_line(ec));
    EXPECT_TRUE(ec);
    EXPECT_NE(ec, http::error::end_of_stream);  // cut mid-body, not a terminating chunk
    EXPECT_FALSE(s->write("{}\n"));
}

TEST(LoopbackServerStream, EndSendsTerminatingChunk) {
    LoopbackServer server;
    server.stream("/stream", [](const Request&, std::shared_ptr<ChunkStream> s) {
        s->write("a\n");
        s->write("b\n");
        s->end();
        return std::optional<Response>();
    });
    StreamClient client(server.port(), "/stream");
    EXPECT_EQ(client.parser.get()[http::field::content_type], "application/json");
    EXPECT_EQ(client.next_line(), "a");
    EXPECT_EQ(client.next_line(), "b");
    beast::error_code ec;
    EXPECT_FALSE(client.next_line(ec));
    EXPECT_EQ(ec, http::error::end_of_stream);
    EXPECT_TRUE(client.parser.is_done());
}

TEST(LoopbackServerStream, RefusedStreamIsAnOrdinaryResponse) {
    LoopbackServer server;
    Shared<std::shared_ptr<ChunkStream>> stream;
    server.stream("/stream", [&](const Request&, std::shared_ptr<ChunkStream> s) {
        stream.set(s);
        return std::optional<Response>(Response::json(401, R"({"errorMessage":"Insufficient authorization"})"));
    });
    server.route("GET", "/ok", [](const Request&) { return Response::json(200, "{}"); });
    HttpClient client(server.port());
    auto res = client.get("/stream");
    EXPECT_EQ(res.result_int(), 401);
    EXPECT_EQ(res.body(), R"({"errorMessage":"Insufficient authorization"})");
    EXPECT_EQ(client.get("/ok").result_int(), 200);  // connection still usable
    ASSERT_TRUE(stream.get());
    EXPECT_FALSE(stream.get()->open());
    EXPECT_FALSE(stream.get()->write("x\n"));
}

TEST(LoopbackServerStream, OpenTurnsFalseWhenClientDisconnects) {
    LoopbackServer server;
    Shared<std::shared_ptr<ChunkStream>> stream;
    server.stream("/stream", [&](const Request&, std::shared_ptr<ChunkStream> s) {
        stream.set(std::move(s));
        return std::optional<Response>();
    });
    {
        StreamClient client(server.port(), "/stream");
        ASSERT_TRUE(stream.get());
        EXPECT_TRUE(stream.get()->open());
    }
    EXPECT_TRUE(eventually([&] { return !stream.get()->open(); }));
    EXPECT_FALSE(stream.get()->write("late\n"));
}

TEST(LoopbackServer, DropAllStreamsCutsWebSocketsAndChunkedStreams) {
    LoopbackServer server;
    EchoEndpoint endpoint;
    endpoint.install(server, "/ws");
    server.stream("/stream", [](const Request&, std::shared_ptr<ChunkStream>) { return std::optional<Response>(); });
    WsClient ws(server.port(), "/ws");
    StreamClient st(server.port(), "/stream");
    ASSERT_TRUE(eventually([&] { return server.ws_sessions().size() == 1; }));

    server.drop_all_streams();
    auto ws_ec = ws.read_error();
    EXPECT_TRUE(ws_ec);
    EXPECT_NE(ws_ec, websocket::error::closed);
    beast::error_code st_ec;
    EXPECT_FALSE(st.next_line(st_ec));
    EXPECT_TRUE(st_ec);
    EXPECT_NE(st_ec, http::error::end_of_stream);
    EXPECT_TRUE(eventually([&] { return endpoint.closes.load() == 1 && server.ws_sessions().empty(); }));
}

// ---- Lifetime ------------------------------------------------------------------------------

TEST(LoopbackServer, DestructorStopsWithOpenConnectionsAndLeavesHandlesInert) {
    auto server = std::make_unique<LoopbackServer>();
    EchoEndpoint endpoint;
    endpoint.install(*server, "/ws");
    Shared<std::shared_ptr<ChunkStream>> stream;
    server->stream("/stream", [&](const Request&, std::shared_ptr<ChunkStream> s) {
        stream.set(std::move(s));
        return std::optional<Response>();
    });
    server->route("GET", "/ping", [](const Request&) { return Response::json(200, "{}"); });

    HttpClient http_client(server->port());
    ASSERT_EQ(http_client.get("/ping").result_int(), 200);  // idle keep-alive connection
    WsClient ws(server->port(), "/ws");
    StreamClient st(server->port(), "/stream");
    ASSERT_TRUE(eventually([&] { return server->ws_sessions().size() == 1; }));
    auto session = server->ws_sessions().front();
    auto chunks = stream.get();
    ASSERT_TRUE(chunks);

    auto started = std::chrono::steady_clock::now();
    server.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);

    // Every client sees its connection end.
    EXPECT_TRUE(http_client.next_read_error());
    EXPECT_TRUE(ws.read_error());
    beast::error_code ec;
    EXPECT_FALSE(st.next_line(ec));
    EXPECT_TRUE(ec);
    // Handles kept by a test after the server is gone do nothing, and on_close was not called
    // into a double that may already be half destroyed.
    EXPECT_FALSE(chunks->open());
    EXPECT_FALSE(chunks->write("late\n"));
    chunks->end();
    session->send("late");
    session->close();
    session->drop();
    EXPECT_EQ(endpoint.closes.load(), 0);
}

TEST(LoopbackServer, EventuallyReturnsPredicateValue) {
    std::atomic<int> n{0};
    EXPECT_TRUE(eventually([&] { return ++n >= 3; }, 1000ms));
    EXPECT_FALSE(eventually([] { return false; }, 10ms));
}

}  // namespace
