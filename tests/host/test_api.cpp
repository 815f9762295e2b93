// The operator endpoint over a real loopback socket while a pipeline runs.
#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

using namespace tradehost;

namespace {

// One HTTP/1.1 request over a fresh connection; returns the whole response.
std::string http(uint16_t port, const std::string& method, const std::string& target) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return "";
    }
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
    (void)!::write(fd, req.data(), req.size());
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    ::close(fd);
    return out;
}

}  // namespace

TEST(Api, MetricsHealthAndKillSwitchOverARealSocket) {
    test::TempDir t;
    std::string path = t.write("api.yaml", "host:\n  journal: " + t.path() + R"(/j.db
  log:
    level: warn
instances:
  src:
    use: c_source
    config: {count: 1000000000, per_tick: 10}
  sink:
    use: c_sink
edges:
  - from: src.quotes
    to: sink.in
)");
    auto c = test::check_config(path);
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    Runtime rt(c.dep, std::move(c.plan));
    HttpServer server("127.0.0.1", 0, [&rt](const HttpRequest& r) { return handle_api(rt, r); });
    ASSERT_NE(server.port(), 0);
    RunResult result;
    std::thread runner([&] { result = rt.run(); });

    const std::string series = "tradehost_edge_delivered_total{edge=\"src.quotes->sink.in\",from=\"src\",to=\"sink\"}";
    long long first = -1;
    for (int i = 0; i < 200 && first <= 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        first = test::metric(http(server.port(), "GET", "/metrics"), series);
    }
    ASSERT_GT(first, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::string m = http(server.port(), "GET", "/metrics");
    EXPECT_NE(m.find("HTTP/1.1 200"), std::string::npos);
    EXPECT_NE(m.find("Content-Type: text/plain; version=0.0.4"), std::string::npos) << m.substr(0, 300);
    EXPECT_NE(m.find("# TYPE tradehost_edge_published_total counter"), std::string::npos);
    EXPECT_GT(test::metric(m, series), first);
    EXPECT_GE(test::metric(m, "tradehost_instance_events_in_total{instance=\"sink\",plugin=\"c_sink\"}"), first);
    EXPECT_EQ(test::metric(m, "tradehost_edge_dropped_total{edge=\"src.quotes->sink.in\",from=\"src\",to=\"sink\"}"), 0);

    std::string h = http(server.port(), "GET", "/healthz");
    EXPECT_NE(h.find("HTTP/1.1 200"), std::string::npos) << h;
    EXPECT_NE(h.find("\"status\":\"ok\""), std::string::npos) << h;

    EXPECT_FALSE(rt.kill_switch());
    std::string k = http(server.port(), "POST", "/killswitch?engage=true");
    EXPECT_NE(k.find("\"engaged\":true"), std::string::npos) << k;
    EXPECT_TRUE(rt.kill_switch());
    EXPECT_NE(http(server.port(), "GET", "/metrics").find("tradehost_kill_switch_engaged 1"), std::string::npos);
    EXPECT_NE(http(server.port(), "GET", "/nope").find("HTTP/1.1 404"), std::string::npos);
    EXPECT_NE(http(server.port(), "DELETE", "/metrics").find("HTTP/1.1 405"), std::string::npos);

    EXPECT_NE(http(server.port(), "POST", "/reload?instance=nope").find("HTTP/1.1 404"), std::string::npos);
    EXPECT_NE(http(server.port(), "POST", "/reload?instance=sink").find("HTTP/1.1 202"), std::string::npos);
    EXPECT_NE(http(server.port(), "POST", "/stop").find("HTTP/1.1 202"), std::string::npos);
    runner.join();
    EXPECT_EQ(result.exit_code, 0) << result.error;
}

TEST(Api, RefusesAPortInUse) {
    HttpServer a("127.0.0.1", 0, [](const HttpRequest&) { return HttpResponse{}; });
    EXPECT_THROW(HttpServer("127.0.0.1", a.port(), [](const HttpRequest&) { return HttpResponse{}; }), std::runtime_error);
}
