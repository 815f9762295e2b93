// WsClient against the loopback double's WebSocket endpoint over real sockets: send and
// receive, handshake headers, fragmented large messages, max_message, reconnect after a drop
// and after silence, and a prompt stop after which no handler runs.
#include "double/loopback_server.hpp"
#include "tradehost/venue/ws_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using tradehost::doubles::eventually;
using tradehost::doubles::LoopbackServer;
using tradehost::doubles::Request;
using tradehost::doubles::WsHandlers;
using tradehost::doubles::WsSession;
using tradehost::venue::WsClient;
using tradehost::venue::WsOptions;

namespace {

/// What the client's handlers saw, readable from the test thread.
struct Seen {
    std::mutex mu;
    std::vector<std::string> messages;
    std::vector<std::pair<std::string, bool>> closes;
    std::atomic<int> opens{0};
    std::atomic<bool> stopped{false};  // set by the test once stop() returned
    std::atomic<int> after_stop{0};    // handler calls after that: must stay 0
    std::string send_on_open;          // sent from on_open when not empty

    WsClient::Handlers handlers() {
        WsClient::Handlers h;
        h.on_open = [this](WsClient& client) {
            if (stopped) ++after_stop;
            ++opens;
            if (!send_on_open.empty()) client.send(send_on_open);
        };
        h.on_message = [this](std::string_view message) {
            if (stopped) ++after_stop;
            std::lock_guard<std::mutex> lock(mu);
            messages.emplace_back(message);
        };
        h.on_close = [this](std::string_view reason, bool will_retry) {
            if (stopped) ++after_stop;
            std::lock_guard<std::mutex> lock(mu);
            closes.emplace_back(std::string(reason), will_retry);
        };
        return h;
    }
    std::vector<std::string> messages_copy() {
        std::lock_guard<std::mutex> lock(mu);
        return messages;
    }
    std::vector<std::pair<std::string, bool>> closes_copy() {
        std::lock_guard<std::mutex> lock(mu);
        return closes;
    }
};

/// An echo endpoint that remembers each handshake.
struct EchoServer {
    LoopbackServer server;
    std::mutex mu;
    std::vector<Request> handshakes;
    std::vector<std::string> received;

    explicit EchoServer(std::string path = "/ws") {
        WsHandlers handlers;
        handlers.on_open = [this](const std::shared_ptr<WsSession>&, const Request& req) {
            std::lock_guard<std::mutex> lock(mu);
            handshakes.push_back(req);
        };
        handlers.on_message = [this](const std::shared_ptr<WsSession>& session, std::string_view message) {
            {
                std::lock_guard<std::mutex> lock(mu);
                received.emplace_back(message);
            }
            session->send("echo:" + std::string(message));
        };
        server.websocket(std::move(path), std::move(handlers));
    }
    std::size_t handshake_count() {
        std::lock_guard<std::mutex> lock(mu);
        return handshakes.size();
    }
};

WsOptions fast_options(std::string url) {
    WsOptions options;
    options.url = std::move(url);
    options.ping_interval = 0ms;
    options.idle_timeout = 0ms;
    options.reconnect_min = 10ms;
    options.reconnect_max = 50ms;
    return options;
}

}  // namespace

TEST(WsClient, ConnectsSendsAndReceivesInOrder) {
    EchoServer echo;
    Seen seen;
    seen.send_on_open = R"({"op":"subscribe","args":["trades"]})";
    WsClient client(fast_options(echo.server.ws_url("/ws")), seen.handlers());
    EXPECT_FALSE(client.send("too early"));  // not connected yet
    client.start();

    ASSERT_TRUE(eventually([&] { return seen.messages_copy().size() == 1; }));
    EXPECT_EQ(seen.messages_copy()[0], R"(echo:{"op":"subscribe","args":["trades"]})");
    EXPECT_TRUE(client.connected());
    EXPECT_EQ(client.connects(), 1u);

    for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.send("m" + std::to_string(i)));
    ASSERT_TRUE(eventually([&] { return seen.messages_copy().size() == 21; }));
    const auto messages = seen.messages_copy();
    for (int i = 0; i < 20; ++i) EXPECT_EQ(messages[static_cast<std::size_t>(i) + 1], "echo:m" + std::to_string(i));
    client.stop();
    EXPECT_FALSE(client.connected());
    EXPECT_FALSE(client.send("after stop"));
}

TEST(WsClient, SendsExtraHandshakeHeaders) {
    EchoServer echo;
    Seen seen;
    WsOptions options = fast_options(echo.server.ws_url("/ws?streams=btcusdt@trade"));
    options.headers = {{"X-Api-Key", "test-key-not-real"}, {"X-Client", "tradehost"}};
    WsClient client(options, seen.handlers());
    client.start();

    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1 && echo.handshake_count() == 1; }));
    std::lock_guard<std::mutex> lock(echo.mu);
    const Request& handshake = echo.handshakes[0];
    ASSERT_NE(handshake.header("X-Api-Key"), nullptr);
    EXPECT_EQ(*handshake.header("X-Api-Key"), "test-key-not-real");
    ASSERT_NE(handshake.header("X-Client"), nullptr);
    EXPECT_EQ(*handshake.header("X-Client"), "tradehost");
    EXPECT_EQ(handshake.path, "/ws");
    EXPECT_EQ(handshake.query, "streams=btcusdt@trade");
}

TEST(WsClient, ReassemblesALargeMessage) {
    LoopbackServer server;
    std::string big(1u << 20, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    WsHandlers handlers;
    handlers.on_open = [&big](const std::shared_ptr<WsSession>& session, const Request&) { session->send(big); };
    server.websocket("/ws", handlers);
    Seen seen;
    WsClient client(fast_options(server.ws_url("/ws")), seen.handlers());
    client.start();

    ASSERT_TRUE(eventually([&] { return seen.messages_copy().size() == 1; }));
    const std::string got = seen.messages_copy()[0];
    EXPECT_EQ(got.size(), big.size());
    EXPECT_TRUE(got == big);
    client.stop();
}

TEST(WsClient, AMessageOverMaxMessageClosesAndReconnects) {
    LoopbackServer server;
    WsHandlers handlers;
    handlers.on_open = [](const std::shared_ptr<WsSession>& session, const Request&) {
        session->send(std::string(5000, 'x'));
    };
    server.websocket("/ws", handlers);
    Seen seen;
    WsOptions options = fast_options(server.ws_url("/ws"));
    options.max_message = 1000;
    WsClient client(options, seen.handlers());
    client.start();

    ASSERT_TRUE(eventually([&] { return seen.opens.load() >= 2; }));
    EXPECT_TRUE(seen.messages_copy().empty());
    const auto closes = seen.closes_copy();
    ASSERT_GE(closes.size(), 1u);
    EXPECT_NE(closes[0].first.find("max_message"), std::string::npos) << closes[0].first;
    EXPECT_TRUE(closes[0].second);
    client.stop();
}

TEST(WsClient, ReconnectsAfterTheServerDropsTheConnection) {
    EchoServer echo;
    Seen seen;
    seen.send_on_open = "hello";
    WsClient client(fast_options(echo.server.ws_url("/ws")), seen.handlers());
    client.start();
    ASSERT_TRUE(eventually([&] { return seen.messages_copy().size() == 1; }));

    auto sessions = echo.server.ws_sessions();
    ASSERT_EQ(sessions.size(), 1u);
    sessions[0]->drop();

    // on_close(will_retry=true), then on_open again, and the new connection works.
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 2 && seen.messages_copy().size() == 2; }));
    EXPECT_EQ(client.connects(), 2u);
    const auto closes = seen.closes_copy();
    ASSERT_EQ(closes.size(), 1u);
    EXPECT_TRUE(closes[0].second);
    EXPECT_EQ(seen.messages_copy()[1], "echo:hello");
    EXPECT_EQ(echo.handshake_count(), 2u);
    client.stop();
}

TEST(WsClient, ReconnectsAfterAServerCloseFrame) {
    EchoServer echo;
    Seen seen;
    WsClient client(fast_options(echo.server.ws_url("/ws")), seen.handlers());
    client.start();
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1 && echo.server.ws_sessions().size() == 1; }));
    echo.server.ws_sessions()[0]->close();
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 2; }));
    const auto closes = seen.closes_copy();
    ASSERT_GE(closes.size(), 1u);
    EXPECT_NE(closes[0].first.find("server"), std::string::npos) << closes[0].first;
    EXPECT_TRUE(closes[0].second);
    client.stop();
}

TEST(WsClient, ReconnectsWhenTheServerGoesSilent) {
    LoopbackServer server;
    server.websocket("/ws", WsHandlers{});  // accepts, never sends
    Seen seen;
    WsOptions options = fast_options(server.ws_url("/ws"));
    options.idle_timeout = 150ms;
    WsClient client(options, seen.handlers());
    client.start();

    ASSERT_TRUE(eventually([&] { return client.connects() >= 2; }));
    const auto closes = seen.closes_copy();
    ASSERT_GE(closes.size(), 1u);
    EXPECT_NE(closes[0].first.find("idle"), std::string::npos) << closes[0].first;
    EXPECT_TRUE(closes[0].second);
    client.stop();
}

TEST(WsClient, PongsKeepAQuietConnectionAlive) {
    LoopbackServer server;
    server.websocket("/ws", WsHandlers{});  // never sends; answers pings (Beast does)
    Seen seen;
    WsOptions options = fast_options(server.ws_url("/ws"));
    options.ping_interval = 30ms;
    options.idle_timeout = 400ms;
    WsClient client(options, seen.handlers());
    client.start();
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1; }));
    std::this_thread::sleep_for(900ms);  // more than two idle timeouts without a message
    EXPECT_EQ(client.connects(), 1u);
    EXPECT_TRUE(seen.closes_copy().empty());
    client.stop();
}

TEST(WsClient, ConnectFailuresAreReportedAndRetried) {
    const uint16_t port = [] {
        LoopbackServer gone;
        return gone.port();
    }();
    Seen seen;
    WsClient client(fast_options("ws://127.0.0.1:" + std::to_string(port) + "/ws"), seen.handlers());
    client.start();
    ASSERT_TRUE(eventually([&] { return seen.closes_copy().size() >= 2; }));
    EXPECT_EQ(seen.opens.load(), 0);
    EXPECT_TRUE(seen.closes_copy()[0].second);
    EXPECT_FALSE(client.connected());
    client.stop();
    seen.stopped = true;
    // Stopped while connecting (on_close with will_retry=false) or while waiting to retry
    // (nothing was open: no further on_close); never a handler after stop() returned.
    const auto closes = seen.closes_copy();
    for (std::size_t i = 0; i + 1 < closes.size(); ++i) EXPECT_TRUE(closes[i].second);
    std::this_thread::sleep_for(30ms);
    EXPECT_EQ(seen.after_stop.load(), 0);
}

TEST(WsClient, AnInvalidUrlIsReportedOnceWithoutRetry) {
    Seen seen;
    WsClient client(fast_options("http://127.0.0.1:1/not-a-websocket"), seen.handlers());
    client.start();
    ASSERT_TRUE(eventually([&] { return seen.closes_copy().size() == 1; }));
    EXPECT_FALSE(seen.closes_copy()[0].second);
    EXPECT_NE(seen.closes_copy()[0].first.find("invalid"), std::string::npos);
    client.stop();
    EXPECT_EQ(seen.closes_copy().size(), 1u);
}

TEST(WsClient, StopIsPromptSendsACloseAndNoHandlerRunsAfterIt) {
    LoopbackServer server;
    std::atomic<int> server_closes{0};
    WsHandlers handlers;
    handlers.on_close = [&](const std::shared_ptr<WsSession>&) { ++server_closes; };
    server.websocket("/ws", handlers);
    Seen seen;
    WsClient client(fast_options(server.ws_url("/ws")), seen.handlers());
    client.start();
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1 && server.ws_sessions().size() == 1; }));
    auto session = server.ws_sessions()[0];

    const auto started = std::chrono::steady_clock::now();
    client.stop();
    const auto took = std::chrono::steady_clock::now() - started;
    seen.stopped = true;
    EXPECT_LT(took, 900ms);  // the close handshake, not the 1 s give-up deadline

    const auto closes = seen.closes_copy();
    ASSERT_EQ(closes.size(), 1u);
    EXPECT_FALSE(closes[0].second);
    EXPECT_FALSE(client.connected());
    ASSERT_TRUE(eventually([&] { return server_closes.load() == 1; }));
    session->send("late");  // the server side is gone; nothing may reach a handler now
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(seen.after_stop.load(), 0);
    EXPECT_TRUE(seen.messages_copy().empty());
    client.stop();  // harmless
}
