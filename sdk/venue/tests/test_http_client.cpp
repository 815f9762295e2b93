// HttpClient against the loopback double over real HTTP: methods, headers and bodies both
// ways, retries only for idempotent requests, timeouts, transport errors, 429 + Retry-After.
#include "double/loopback_server.hpp"
#include "tradehost/venue/http_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace std::chrono_literals;
using tradehost::doubles::LoopbackServer;
using tradehost::doubles::Request;
using tradehost::doubles::Response;
using tradehost::venue::HttpClient;
using tradehost::venue::HttpOptions;
using tradehost::venue::HttpRequest;
using tradehost::venue::HttpResponse;

namespace {

// Fast retries so the tests do not wait on production backoff.
HttpOptions fast_options() {
    HttpOptions options;
    options.backoff_base = 1ms;
    options.backoff_max = 20ms;
    options.connect_timeout = 2000ms;
    options.timeout = 5000ms;
    return options;
}

HttpRequest get(std::string url, bool idempotent = true) {
    HttpRequest request;
    request.url = std::move(url);
    request.idempotent = idempotent;
    return request;
}

/// A port nothing listens on: a server's port after the server is gone.
uint16_t closed_port() {
    LoopbackServer server;
    return server.port();
}

}  // namespace

TEST(HttpClient, GetSendsHeadersAndQueryAndCapturesResponseHeaders) {
    LoopbackServer server;
    server.route("GET", "/v1/ticker", [](const Request& req) {
        Response res = Response::json(200, R"({"symbol":")" + *req.param("symbol") + R"("})");
        res.headers.emplace_back("X-Ratelimit-Remaining", "119");
        return res;
    });
    HttpClient client(fast_options());
    HttpRequest request = get(server.http_url() + "/v1/ticker?symbol=BTCUSD");
    request.headers = {{"X-Api-Key", "test-key-not-real"}, {"Accept", "application/json"}};

    const HttpResponse response = client.send(request);

    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"symbol":"BTCUSD"})");
    EXPECT_EQ(response.attempts, 1);
    ASSERT_NE(response.header("x-ratelimit-remaining"), nullptr);  // case-insensitive lookup
    EXPECT_EQ(*response.header("X-RATELIMIT-REMAINING"), "119");
    EXPECT_EQ(response.header("X-Not-There"), nullptr);

    const auto seen = server.requests("GET", "/v1/ticker");
    ASSERT_EQ(seen.size(), 1u);
    ASSERT_NE(seen[0].header("X-Api-Key"), nullptr);
    EXPECT_EQ(*seen[0].header("X-Api-Key"), "test-key-not-real");
    EXPECT_EQ(seen[0].query, "symbol=BTCUSD");
    ASSERT_NE(seen[0].header("User-Agent"), nullptr);
    EXPECT_EQ(*seen[0].header("User-Agent"), "tradehost-venue/1");
}

TEST(HttpClient, PostSendsBodyAndReceivesBody) {
    LoopbackServer server;
    server.route("POST", "/v1/orders", [](const Request& req) {
        return Response::json(201, R"({"received":)" + req.body + "}");
    });
    HttpClient client(fast_options());
    HttpRequest request;
    request.method = "POST";
    request.url = server.http_url() + "/v1/orders";
    request.headers = {{"Content-Type", "application/json"}};
    request.body = R"({"side":"buy","qty":"0.5"})";

    const HttpResponse response = client.send(request);

    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.body, R"({"received":{"side":"buy","qty":"0.5"}})");
    const auto seen = server.requests("POST", "/v1/orders");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].body, request.body);
    ASSERT_NE(seen[0].header("Content-Type"), nullptr);
    EXPECT_EQ(*seen[0].header("Content-Type"), "application/json");
    EXPECT_EQ(seen[0].header("Expect"), nullptr);  // no 100-continue round trip
}

TEST(HttpClient, PutPatchAndDeleteArriveWithTheirMethodAndBody) {
    LoopbackServer server;
    for (const char* method : {"PUT", "PATCH", "DELETE"}) {
        server.route(method, "/v1/orders/*", [](const Request& req) {
            return Response::json(200, R"({"method":")" + req.method + R"(","id":")" + req.segment(2) + R"("})");
        });
    }
    HttpClient client(fast_options());
    for (const std::string method : {"PUT", "PATCH", "DELETE"}) {
        HttpRequest request;
        request.method = method;
        request.url = server.http_url() + "/v1/orders/abc";
        request.body = method == "DELETE" ? "" : R"({"qty":"1"})";
        const HttpResponse response = client.send(request);
        ASSERT_TRUE(response.ok()) << method << ": " << response.error;
        EXPECT_EQ(response.body, R"({"method":")" + method + R"(","id":"abc"})");
        const auto seen = server.requests(method, "/v1/orders/*");
        ASSERT_EQ(seen.size(), 1u) << method;
        EXPECT_EQ(seen[0].body, request.body) << method;
    }
}

TEST(HttpClient, ManySequentialRequestsOnOneClientAllSucceed) {
    // Connection reuse is not observable from the server's log; what matters is that a long
    // run of requests on one handle keeps working (and it is quick when the connection stays).
    LoopbackServer server;
    server.route("GET", "/v1/time", [](const Request&) { return Response::json(200, R"({"t":1})"); });
    HttpClient client(fast_options());
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 200; ++i) {
        const HttpResponse response = client.send(get(server.http_url() + "/v1/time"));
        ASSERT_TRUE(response.ok()) << i << ": " << response.error;
        ASSERT_EQ(response.body, R"({"t":1})");
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
    EXPECT_EQ(server.requests("GET", "/v1/time").size(), 200u);
}

TEST(HttpClient, RetriesAnIdempotentGetAfterA503) {
    LoopbackServer server;
    server.route("GET", "/v1/account", [](const Request&) { return Response::json(200, R"({"ok":true})"); });
    server.inject(Response::json(503, R"({"error":"maintenance"})"), 1);
    HttpClient client(fast_options());
    std::vector<long> hooked;
    client.on_response([&](const HttpRequest&, const HttpResponse& r) { hooked.push_back(r.status); });

    const HttpResponse response = client.send(get(server.http_url() + "/v1/account"));

    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.attempts, 2);
    EXPECT_EQ(response.body, R"({"ok":true})");
    EXPECT_EQ(hooked, (std::vector<long>{503, 200}));
    EXPECT_EQ(server.requests("GET", "/v1/account").size(), 2u);
}

TEST(HttpClient, NeverRetriesANonIdempotentPost) {
    LoopbackServer server;
    server.route("POST", "/v1/orders", [](const Request&) { return Response::json(200, "{}"); });
    server.inject(Response::json(503, R"({"error":"busy"})"), 1);
    HttpClient client(fast_options());
    HttpRequest request;
    request.method = "POST";
    request.url = server.http_url() + "/v1/orders";
    request.body = R"({"qty":"1"})";

    const HttpResponse response = client.send(request);

    EXPECT_EQ(response.status, 503);
    EXPECT_FALSE(response.ok());
    EXPECT_TRUE(response.error.empty());
    EXPECT_EQ(response.attempts, 1);
    EXPECT_EQ(response.body, R"({"error":"busy"})");
    EXPECT_EQ(server.requests("POST", "/v1/orders").size(), 1u);
}

TEST(HttpClient, StopsRetryingAfterMaxAttempts) {
    LoopbackServer server;
    server.route("GET", "/v1/x", [](const Request&) { return Response::json(200, "{}"); });
    server.inject(Response::json(502, "{}"), 10);
    HttpOptions options = fast_options();
    options.max_attempts = 3;
    HttpClient client(options);

    const HttpResponse response = client.send(get(server.http_url() + "/v1/x"));

    EXPECT_EQ(response.status, 502);
    EXPECT_EQ(response.attempts, 3);
    EXPECT_EQ(server.requests("GET", "/v1/x").size(), 3u);
}

TEST(HttpClient, ClientErrorsAreNotRetried) {
    LoopbackServer server;
    server.route("GET", "/v1/x", [](const Request&) { return Response::json(400, R"({"code":-1100})"); });
    HttpClient client(fast_options());
    const HttpResponse response = client.send(get(server.http_url() + "/v1/x"));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.attempts, 1);
    EXPECT_EQ(response.body, R"({"code":-1100})");
}

TEST(HttpClient, TimesOutAgainstASlowRoute) {
    LoopbackServer server;
    server.route("GET", "/v1/slow", [](const Request&) {
        std::this_thread::sleep_for(400ms);
        return Response::json(200, "{}");
    });
    HttpClient client(fast_options());
    HttpRequest request = get(server.http_url() + "/v1/slow", /*idempotent=*/false);
    request.timeout = 100ms;

    const auto started = std::chrono::steady_clock::now();
    const HttpResponse response = client.send(request);
    const auto took = std::chrono::steady_clock::now() - started;

    EXPECT_EQ(response.status, 0);
    EXPECT_FALSE(response.ok());
    EXPECT_FALSE(response.error.empty());
    EXPECT_NE(response.error.find("imed out"), std::string::npos) << response.error;
    EXPECT_LT(took, 380ms);  // gave up before the route answered
}

TEST(HttpClient, TransportErrorToAClosedPortHasStatusZeroAndErrorText) {
    const uint16_t port = closed_port();
    HttpClient client(fast_options());

    const HttpResponse once = client.send(get("http://127.0.0.1:" + std::to_string(port) + "/v1/x", false));
    EXPECT_EQ(once.status, 0);
    EXPECT_FALSE(once.error.empty());
    EXPECT_FALSE(once.ok());
    EXPECT_EQ(once.attempts, 1);

    // Idempotent requests are retried after transport errors too.
    HttpOptions options = fast_options();
    options.max_attempts = 2;
    HttpClient retrying(options);
    const HttpResponse twice = retrying.send(get("http://127.0.0.1:" + std::to_string(port) + "/v1/x", true));
    EXPECT_EQ(twice.status, 0);
    EXPECT_EQ(twice.attempts, 2);
}

TEST(HttpClient, Retries429AfterRetryAfterOnlyWhenAsked) {
    LoopbackServer server;
    server.route("GET", "/v1/x", [](const Request&) { return Response::json(200, R"({"ok":1})"); });
    Response limited = Response::json(429, R"({"error":"too many requests"})");
    limited.headers.emplace_back("Retry-After", "1");  // capped to backoff_max (20 ms) below

    HttpClient plain(fast_options());
    server.inject(limited, 1);
    const HttpResponse not_retried = plain.send(get(server.http_url() + "/v1/x"));
    EXPECT_EQ(not_retried.status, 429);
    EXPECT_EQ(not_retried.attempts, 1);
    ASSERT_NE(not_retried.header("Retry-After"), nullptr);
    EXPECT_EQ(*not_retried.header("Retry-After"), "1");

    HttpOptions options = fast_options();
    options.retry_429 = true;
    HttpClient retrying(options);
    server.inject(limited, 1);
    const auto started = std::chrono::steady_clock::now();
    const HttpResponse retried = retrying.send(get(server.http_url() + "/v1/x"));
    EXPECT_TRUE(retried.ok()) << retried.error;
    EXPECT_EQ(retried.attempts, 2);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 900ms);  // Retry-After capped by backoff_max

    // A non-idempotent request is not retried even with retry_429.
    server.inject(limited, 1);
    HttpRequest post;
    post.method = "POST";
    post.url = server.http_url() + "/v1/x";
    const HttpResponse post_response = retrying.send(post);
    EXPECT_EQ(post_response.status, 429);
    EXPECT_EQ(post_response.attempts, 1);
}
