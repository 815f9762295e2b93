// LineStream against the loopback double's chunked stream endpoint over real HTTP: lines split
// across chunks, reconnects after a drop, after silence and after a refusal, and a prompt stop.
#include "double/loopback_server.hpp"
#include "tradehost/venue/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using tradehost::doubles::ChunkStream;
using tradehost::doubles::eventually;
using tradehost::doubles::LoopbackServer;
using tradehost::doubles::Request;
using tradehost::doubles::Response;
using tradehost::venue::LineStream;
using tradehost::venue::LineStreamOptions;

namespace {

/// What the stream's handlers saw, readable from the test thread.
struct Seen {
    std::mutex mu;
    std::vector<std::string> lines;
    std::vector<std::pair<std::string, bool>> closes;
    std::atomic<int> opens{0};
    std::atomic<bool> stopped{false};          // set by the test after stop() returned
    std::atomic<int> after_stop{0};            // handler calls after that: must stay 0

    LineStream::Handlers handlers() {
        LineStream::Handlers h;
        h.on_open = [this] {
            if (stopped) ++after_stop;
            ++opens;
        };
        h.on_line = [this](std::string_view line) {
            if (stopped) ++after_stop;
            std::lock_guard<std::mutex> lock(mu);
            lines.emplace_back(line);
        };
        h.on_close = [this](std::string_view reason, bool will_retry) {
            if (stopped) ++after_stop;
            std::lock_guard<std::mutex> lock(mu);
            closes.emplace_back(std::string(reason), will_retry);
        };
        return h;
    }
    std::vector<std::string> lines_copy() {
        std::lock_guard<std::mutex> lock(mu);
        return lines;
    }
    std::vector<std::pair<std::string, bool>> closes_copy() {
        std::lock_guard<std::mutex> lock(mu);
        return closes;
    }
};

/// The server side of the latest stream the client opened.
struct ServerStreams {
    std::mutex mu;
    std::vector<std::shared_ptr<ChunkStream>> all;
    std::vector<Request> requests;

    void attach(LoopbackServer& server, const std::string& path) {
        server.stream(path, [this](const Request& req, std::shared_ptr<ChunkStream> stream) -> std::optional<Response> {
            std::lock_guard<std::mutex> lock(mu);
            all.push_back(std::move(stream));
            requests.push_back(req);
            return std::nullopt;
        });
    }
    std::shared_ptr<ChunkStream> latest() {
        std::lock_guard<std::mutex> lock(mu);
        return all.empty() ? nullptr : all.back();
    }
    std::size_t count() {
        std::lock_guard<std::mutex> lock(mu);
        return all.size();
    }
};

LineStreamOptions fast_options(const LoopbackServer& server, const std::string& path) {
    LineStreamOptions options;
    options.url = server.http_url() + path;
    options.connect_timeout = 2000ms;
    options.idle_timeout = 5000ms;
    options.reconnect_min = 10ms;
    options.reconnect_max = 50ms;
    return options;
}

}  // namespace

TEST(LineStream, DeliversLinesSplitAcrossChunksAndSendsHeaders) {
    LoopbackServer server;
    ServerStreams streams;
    streams.attach(server, "/v3/accounts/001/pricing/stream");
    Seen seen;
    LineStreamOptions options = fast_options(server, "/v3/accounts/001/pricing/stream?instruments=EUR_USD");
    options.headers = {{"Authorization", "Bearer test-token-not-real"}};
    LineStream stream(options, seen.handlers());
    stream.start();

    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1 && streams.latest() != nullptr; }));
    auto server_side = streams.latest();
    // One line in pieces, CRLF endings, an empty line (skipped), several lines in one chunk.
    for (const char* chunk : {"{\"type\":\"PRICE\",", "\"bid\":\"1.1\"}\r", "\n\n{\"type\":\"HEARTBEAT\"}\n{\"n\":",
                              "3}\n{\"n\":4}\n"}) {
        ASSERT_TRUE(server_side->write(chunk));
        std::this_thread::sleep_for(5ms);  // separate TCP segments, most of the time
    }
    ASSERT_TRUE(eventually([&] { return seen.lines_copy().size() == 4; }));
    EXPECT_EQ(seen.lines_copy(), (std::vector<std::string>{R"({"type":"PRICE","bid":"1.1"})", R"({"type":"HEARTBEAT"})",
                                                           R"({"n":3})", R"({"n":4})"}));
    EXPECT_EQ(stream.connects(), 1u);
    {
        std::lock_guard<std::mutex> lock(streams.mu);
        ASSERT_NE(streams.requests[0].header("Authorization"), nullptr);
        EXPECT_EQ(*streams.requests[0].header("Authorization"), "Bearer test-token-not-real");
        EXPECT_EQ(streams.requests[0].query, "instruments=EUR_USD");
    }
    stream.stop();
}

TEST(LineStream, ReconnectsAfterTheServerDropsTheConnection) {
    LoopbackServer server;
    ServerStreams streams;
    streams.attach(server, "/stream");
    Seen seen;
    LineStream stream(fast_options(server, "/stream"), seen.handlers());
    stream.start();

    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1 && streams.count() == 1; }));
    streams.latest()->write("{\"first\":1}\n");
    ASSERT_TRUE(eventually([&] { return seen.lines_copy().size() == 1; }));
    streams.latest()->drop();

    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 2 && streams.count() == 2; }));
    EXPECT_EQ(stream.connects(), 2u);
    const auto closes = seen.closes_copy();
    ASSERT_GE(closes.size(), 1u);
    EXPECT_TRUE(closes[0].second);  // will retry
    streams.latest()->write("{\"second\":2}\n");
    ASSERT_TRUE(eventually([&] { return seen.lines_copy().size() == 2; }));
    EXPECT_EQ(seen.lines_copy()[1], R"({"second":2})");
    stream.stop();
}

TEST(LineStream, ReconnectsWhenTheServerEndsTheStream) {
    LoopbackServer server;
    ServerStreams streams;
    streams.attach(server, "/stream");
    Seen seen;
    LineStream stream(fast_options(server, "/stream"), seen.handlers());
    stream.start();
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1; }));
    streams.latest()->write("{\"last\":true}\n");
    streams.latest()->end();
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 2; }));
    EXPECT_EQ(seen.lines_copy(), std::vector<std::string>{R"({"last":true})"});
    const auto closes = seen.closes_copy();
    ASSERT_GE(closes.size(), 1u);
    EXPECT_NE(closes[0].first.find("ended"), std::string::npos) << closes[0].first;
    stream.stop();
}

TEST(LineStream, ReconnectsAfterTheIdleTimeout) {
    LoopbackServer server;
    ServerStreams streams;
    streams.attach(server, "/stream");  // opens and then never writes
    Seen seen;
    LineStreamOptions options = fast_options(server, "/stream");
    options.idle_timeout = 150ms;
    LineStream stream(options, seen.handlers());
    stream.start();

    ASSERT_TRUE(eventually([&] { return stream.connects() >= 2; }));
    const auto closes = seen.closes_copy();
    ASSERT_GE(closes.size(), 1u);
    EXPECT_NE(closes[0].first.find("idle"), std::string::npos) << closes[0].first;
    EXPECT_TRUE(closes[0].second);
    stream.stop();
}

TEST(LineStream, ARefusalIsReportedWithStatusAndBodyThenRetried) {
    LoopbackServer server;
    std::atomic<int> attempts{0};
    server.stream("/stream", [&](const Request&, std::shared_ptr<ChunkStream>) -> std::optional<Response> {
        ++attempts;
        return Response::json(401, R"({"errorMessage":"Insufficient authorization to perform request."})");
    });
    Seen seen;
    LineStream stream(fast_options(server, "/stream"), seen.handlers());
    stream.start();

    ASSERT_TRUE(eventually([&] { return attempts.load() >= 2 && seen.closes_copy().size() >= 2; }));
    EXPECT_EQ(seen.opens.load(), 0);
    EXPECT_EQ(stream.connects(), 0u);
    const auto first = seen.closes_copy()[0];
    EXPECT_NE(first.first.find("401"), std::string::npos) << first.first;
    EXPECT_NE(first.first.find("Insufficient authorization"), std::string::npos) << first.first;
    EXPECT_TRUE(first.second);
    EXPECT_TRUE(seen.lines_copy().empty());  // an error body is not a stream of lines
    stream.stop();
}

TEST(LineStream, StopIsPromptAndNoHandlerRunsAfterIt) {
    LoopbackServer server;
    ServerStreams streams;
    streams.attach(server, "/stream");
    Seen seen;
    LineStreamOptions options = fast_options(server, "/stream");
    options.idle_timeout = 20000ms;
    LineStream stream(options, seen.handlers());
    stream.start();
    ASSERT_TRUE(eventually([&] { return seen.opens.load() == 1; }));

    const auto started = std::chrono::steady_clock::now();
    stream.stop();
    const auto took = std::chrono::steady_clock::now() - started;
    seen.stopped = true;
    EXPECT_LT(took, 500ms);  // a silent connection does not hold stop() for a poll interval

    const auto closes = seen.closes_copy();
    ASSERT_EQ(closes.size(), 1u);
    EXPECT_FALSE(closes[0].second);  // will_retry false only after stop()
    streams.latest()->write("{\"late\":1}\n");
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(seen.after_stop.load(), 0);
    EXPECT_TRUE(seen.lines_copy().empty());
    stream.stop();  // a second stop is harmless
}

TEST(LineStream, StopWhileWaitingToReconnectIsPrompt) {
    const uint16_t port = [] {
        LoopbackServer gone;
        return gone.port();
    }();
    Seen seen;
    LineStreamOptions options;
    options.url = "http://127.0.0.1:" + std::to_string(port) + "/stream";
    options.reconnect_min = 10000ms;  // long wait after the first failure
    options.reconnect_max = 10000ms;
    LineStream stream(options, seen.handlers());
    stream.start();
    ASSERT_TRUE(eventually([&] { return seen.closes_copy().size() == 1; }));
    EXPECT_TRUE(seen.closes_copy()[0].second);

    const auto started = std::chrono::steady_clock::now();
    stream.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
    EXPECT_EQ(seen.closes_copy().size(), 1u);  // nothing was open: no second on_close
    EXPECT_EQ(stream.connects(), 0u);
}
