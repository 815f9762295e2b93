// The operator endpoint over a real loopback socket while a pipeline runs.
#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "pipeline/runtime.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

using namespace tradehost;

namespace {

// One HTTP/1.1 request over a fresh connection; returns the whole response.
std::string http(uint16_t port, const std::string& method, const std::string& target,
                 const std::string& headers = "Host: 127.0.0.1\r\nX-Tradehost-Control: 1\r\n") {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return "";
    }
    std::string req = method + " " + target + " HTTP/1.1\r\n" + headers + "Connection: close\r\nContent-Length: 0\r\n\r\n";
    (void)!::write(fd, req.data(), req.size());
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    ::close(fd);
    return out;
}

// A C source feeding a C sink, journaling under `dir`.
std::string source_to_sink(const std::string& dir, const std::string& source_config) {
    return "host:\n  journal: " + dir + "/j.db\n  log:\n    level: warn\ninstances:\n  src:\n    use: c_source\n"
           "    config: " + source_config + "\n  sink:\n    use: c_sink\nedges:\n  - from: src.quotes\n    to: sink.in\n";
}

// The default paper deployment run to its end, journaling under `t`; the runtime (and the
// config it refers to) stay for the views and metrics it serves. Null on a failure, reported.
struct FinishedPaperSession {
    test::Checked config;
    std::unique_ptr<Runtime> rt;
};
std::unique_ptr<FinishedPaperSession> finished_paper_session(const test::TempDir& t) {
    const std::string p = t.write("paper.yaml", "extends: " + std::string(SOURCE_DIR) + "/config/paper.yaml\nhost:\n  journal: " +
                                                    t.path() + "/j.db\n  api:\n    enabled: false\n  log:\n    level: warn\n");
    auto s = std::make_unique<FinishedPaperSession>();
    s->config = test::check_config(p);
    EXPECT_TRUE(s->config.diags.ok()) << s->config.diags.str();
    if (!s->config.diags.ok()) return nullptr;
    s->rt = std::make_unique<Runtime>(s->config.dep, std::move(s->config.plan));
    // The session's own lines (a thousand orders) would bury a failure's message in CI's log.
    const auto level = spdlog::get_level();
    spdlog::set_level(spdlog::level::warn);
    const RunResult r = s->rt->run();
    spdlog::set_level(level);
    EXPECT_EQ(r.exit_code, 0) << r.error;
    return r.exit_code == 0 ? std::move(s) : nullptr;
}

}  // namespace

TEST(Api, MetricsHealthAndKillSwitchOverARealSocket) {
    test::TempDir t;
    std::string path = t.write("api.yaml", source_to_sink(t.path(), "{count: 1000000000, per_tick: 10}"));
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

// A web page on another site can make the browser send a "simple" cross-origin POST to
// loopback; and a rebound DNS name can make it look same-origin. Neither reaches a handler.
TEST(Api, ControlCallsRefuseWebPagesAndForeignHosts) {
    int calls = 0;
    HttpServer server("127.0.0.1", 0, [&](const HttpRequest& r) {
        ++calls;
        return HttpResponse{r.control_header ? 202 : 403, "text/plain", ""};
    });
    const std::string own = "127.0.0.1:" + std::to_string(server.port());
    // What a page's fetch(..., {method: 'POST', headers: {'Content-Type': 'text/plain'}}) sends.
    EXPECT_NE(http(server.port(), "POST", "/stop", "Host: " + own + "\r\nOrigin: https://evil.example\r\nContent-Type: text/plain\r\n")
                  .find("HTTP/1.1 403"), std::string::npos);
    EXPECT_NE(http(server.port(), "POST", "/stop", "Host: " + own + "\r\nOrigin: null\r\n").find("HTTP/1.1 403"), std::string::npos);
    // DNS rebinding: the page's own name resolved to 127.0.0.1.
    EXPECT_NE(http(server.port(), "GET", "/metrics", "Host: evil.example:" + std::to_string(server.port()) + "\r\n")
                  .find("HTTP/1.1 403"), std::string::npos);
    EXPECT_NE(http(server.port(), "GET", "/metrics", "Host: 127.0.0.1:1\r\n").find("HTTP/1.1 403"), std::string::npos);
    EXPECT_EQ(calls, 0);
    // The endpoint's own console page (same origin) and command-line clients pass.
    EXPECT_NE(http(server.port(), "POST", "/stop", "Host: " + own + "\r\nOrigin: http://" + own + "\r\nX-Tradehost-Control: 1\r\n")
                  .find("HTTP/1.1 202"), std::string::npos);
    EXPECT_NE(http(server.port(), "POST", "/stop", "Host: localhost:" + std::to_string(server.port()) + "\r\nX-Tradehost-Control: 1\r\n")
                  .find("HTTP/1.1 202"), std::string::npos);
    EXPECT_EQ(calls, 2);
}

TEST(Api, RoutesRequireTheControlHeaderForControlCallsOnly) {
    test::TempDir t;
    std::string path = t.write("api.yaml", source_to_sink(t.path(), "{count: 10}"));
    auto c = test::check_config(path);
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    Runtime rt(c.dep, std::move(c.plan));
    HttpRequest stop{"POST", "/stop", "", "", false, "", ""};
    EXPECT_EQ(handle_api(rt, stop).status, 403);
    HttpRequest kill{"POST", "/killswitch", "engage=true", "", false, "", ""};
    EXPECT_EQ(handle_api(rt, kill).status, 403);
    EXPECT_FALSE(rt.kill_switch());
    HttpRequest health{"GET", "/healthz", "", "", false, "", ""};
    EXPECT_NE(handle_api(rt, health).status, 403);
    kill.control_header = true;
    EXPECT_EQ(handle_api(rt, kill).status, 200);
    EXPECT_TRUE(rt.kill_switch());
}

TEST(Api, ConnectionsOverTheLimitAreClosedAndTheEndpointStillAnswers) {
    HttpServer server("127.0.0.1", 0, [](const HttpRequest&) { return HttpResponse{200, "text/plain", "ok"}; }, 4);
    std::vector<int> idle;
    auto connect_one = [&] {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(server.port());
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        return fd;
    };
    for (int i = 0; i < 4; ++i) idle.push_back(connect_one());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // The fifth is accepted and closed at once: a read sees the end of the stream.
    int extra = connect_one();
    char c;
    EXPECT_EQ(::read(extra, &c, 1), 0);
    ::close(extra);
    for (int fd : idle) ::close(fd);
    std::string r;
    for (int i = 0; i < 50 && r.find("HTTP/1.1 200") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        r = http(server.port(), "GET", "/healthz");
    }
    EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos) << r;
}

// With its descriptors exhausted the server cannot accept; it must wait, not spin a core.
// In a child process, so the lowered limit touches nothing else.
TEST(Api, AcceptBacksOffWhenDescriptorsRunOut) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "the sanitizer runtimes open pipes of their own to check memory, which fails with no descriptors";
#endif
    int pipefd[2];
    ASSERT_EQ(::pipe(pipefd), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(pipefd[0]);
        int code = 3;
        {
            HttpServer server("127.0.0.1", 0, [](const HttpRequest&) { return HttpResponse{}; });
            uint16_t port = server.port();
            // Use up every descriptor but none spare.
            rlimit rl{};
            ::getrlimit(RLIMIT_NOFILE, &rl);
            int probe = ::dup(0);
            rl.rlim_cur = static_cast<rlim_t>(probe + 1);
            ::close(probe);
            ::setrlimit(RLIMIT_NOFILE, &rl);
            while (::dup(0) >= 0) {
            }
            if (::write(pipefd[1], &port, sizeof port) != sizeof port) ::_exit(4);
            rusage a{}, b{};
            ::getrusage(RUSAGE_SELF, &a);
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            ::getrusage(RUSAGE_SELF, &b);
            auto cpu_us = [](const rusage& u) {
                return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000L + u.ru_utime.tv_usec + u.ru_stime.tv_usec;
            };
            code = cpu_us(b) - cpu_us(a) < 500000 ? 0 : 5;  // a spinning accept loop burns ~1.5 s
        }
        ::_exit(code);
    }
    ::close(pipefd[1]);
    uint16_t port = 0;
    ASSERT_EQ(::read(pipefd[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
    ::close(pipefd[0]);
    std::vector<int> fds;
    for (int i = 0; i < 8; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        (void)::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);  // completes in the backlog
        fds.push_back(fd);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    for (int fd : fds) ::close(fd);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "5: the server used more than 0.5 s of CPU in 1.5 s without descriptors";
}

// Tokens: every route but /healthz needs one; the read token sees, only the control token
// acts; refusals are counted by reason and logged without what was sent.
TEST(Api, TokensGateEveryRouteButHealthzAndTheReadTokenCannotAct) {
    test::TempDir t;
    std::string path = t.write("api.yaml", source_to_sink(t.path(), "{count: 1000000000, per_tick: 10}"));
    auto c = test::check_config(path);
    ASSERT_TRUE(c.diags.ok()) << c.diags.str();
    Runtime rt(c.dep, std::move(c.plan));
    const std::string control = "control-0123456789abcdef", read = "read-0123456789abcdef";
    ApiAccess access(ApiTokens{control, read});
    HttpServer server("127.0.0.1", 0, [&](const HttpRequest& r) { return handle_api(rt, access, r); }, 64, true);
    RunResult result;
    std::thread runner([&] { result = rt.run(); });
    const uint16_t port = server.port();
    const std::string host = "Host: 127.0.0.1\r\nX-Tradehost-Control: 1\r\n";
    auto bearer = [](const std::string& tok) { return "Authorization: Bearer " + tok + "\r\n"; };

    std::string none = http(port, "GET", "/metrics", host);
    EXPECT_NE(none.find("HTTP/1.1 401"), std::string::npos) << none;
    EXPECT_NE(none.find("WWW-Authenticate: Bearer"), std::string::npos) << none;
    EXPECT_NE(http(port, "GET", "/metrics", host + bearer("read-0123456789abcdeX")).find("HTTP/1.1 401"), std::string::npos);
    EXPECT_NE(http(port, "GET", "/metrics", host + "Authorization: Basic cmVhZA==\r\n").find("HTTP/1.1 401"), std::string::npos);
    EXPECT_NE(http(port, "GET", "/healthz", host).find("HTTP/1.1 200"), std::string::npos);

    EXPECT_NE(http(port, "GET", "/metrics", host + bearer(read)).find("HTTP/1.1 200"), std::string::npos);
    EXPECT_NE(http(port, "GET", "/killswitch", host + bearer(read)).find("HTTP/1.1 200"), std::string::npos);
    std::string refused = http(port, "POST", "/killswitch?engage=true", host + bearer(read));
    EXPECT_NE(refused.find("HTTP/1.1 403"), std::string::npos) << refused;
    EXPECT_NE(refused.find("read-only token"), std::string::npos) << refused;
    EXPECT_NE(http(port, "POST", "/stop", host + bearer(read)).find("HTTP/1.1 403"), std::string::npos);
    EXPECT_FALSE(rt.kill_switch());

    EXPECT_NE(http(port, "POST", "/killswitch?engage=true", host + bearer(control)).find("HTTP/1.1 200"), std::string::npos);
    EXPECT_TRUE(rt.kill_switch());
    // The control token still needs the control header (a page must not act through a token
    // it was somehow given).
    EXPECT_NE(http(port, "POST", "/killswitch?engage=false", "Host: 127.0.0.1\r\n" + bearer(control)).find("HTTP/1.1 403"),
              std::string::npos);

    std::string m = http(port, "GET", "/metrics", host + bearer(control));
    EXPECT_EQ(test::metric(m, "tradehost_api_auth_failures_total{reason=\"missing\"}"), 1) << m;
    EXPECT_EQ(test::metric(m, "tradehost_api_auth_failures_total{reason=\"invalid\"}"), 2) << m;
    EXPECT_EQ(test::metric(m, "tradehost_api_auth_failures_total{reason=\"scope\"}"), 2) << m;

    // Reached by a name this process cannot know (a remote operator's DNS name): accepted,
    // since every call carries a token; a page of another origin still is not.
    EXPECT_NE(http(port, "GET", "/metrics", "Host: trading.example.com:8443\r\n" + bearer(read)).find("HTTP/1.1 200"),
              std::string::npos);
    EXPECT_NE(http(port, "GET", "/metrics",
                   "Host: trading.example.com:8443\r\nOrigin: https://evil.example\r\n" + bearer(read))
                  .find("HTTP/1.1 403"), std::string::npos);
    EXPECT_NE(http(port, "GET", "/metrics",
                   "Host: trading.example.com:8443\r\nOrigin: https://trading.example.com:8443\r\n" + bearer(read))
                  .find("HTTP/1.1 200"), std::string::npos);

    EXPECT_NE(http(port, "POST", "/stop", host + bearer(control)).find("HTTP/1.1 202"), std::string::npos);
    runner.join();
    EXPECT_EQ(result.exit_code, 0) << result.error;
}

TEST(Api, ConstantTimeEqualComparesWholeTokens) {
    EXPECT_TRUE(constant_time_equal("0123456789abcdef", "0123456789abcdef"));
    EXPECT_FALSE(constant_time_equal("0123456789abcde", "0123456789abcdef"));    // a prefix
    EXPECT_FALSE(constant_time_equal("0123456789abcdef0", "0123456789abcdef"));  // longer
    EXPECT_FALSE(constant_time_equal("0123456789abcdeF", "0123456789abcdef"));
    EXPECT_FALSE(constant_time_equal("", ""));  // no token configured matches nothing
    ApiAccess access(ApiTokens{"c0123456789abcdef", ""});
    EXPECT_EQ(access.scope_of("Bearer c0123456789abcdef"), ApiScope::Control);
    EXPECT_EQ(access.scope_of("Bearer "), ApiScope::None);  // an empty read token is no token
    EXPECT_EQ(access.scope_of("bearer c0123456789abcdef"), ApiScope::None);
}

// A token is read from the environment, never the file; a short one is refused naming the
// variable, not the value.
TEST(Api, TokensComeFromTheEnvironmentAndShortOnesAreRefused) {
    ::setenv("TH_TEST_API_TOKEN_SHORT", "s3cr3t", 1);
    try {
        ApiTokens::from_env("TH_TEST_API_TOKEN_SHORT", "");
        ADD_FAILURE() << "a 6-character token was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("$TH_TEST_API_TOKEN_SHORT"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("s3cr3t"), std::string::npos) << e.what();
    }
    ::setenv("TH_TEST_API_TOKEN_OK", "0123456789abcdef0123", 1);
    ApiTokens ok = ApiTokens::from_env("TH_TEST_API_TOKEN_OK", "TH_TEST_API_TOKEN_UNSET");
    EXPECT_EQ(ok.control, "0123456789abcdef0123");
    EXPECT_TRUE(ok.read.empty());
    ::unsetenv("TH_TEST_API_TOKEN_SHORT");
    ::unsetenv("TH_TEST_API_TOKEN_OK");
}

// Listening beyond loopback without a token is a config error at the listen key.
TEST(Api, ListeningBeyondLoopbackWithoutATokenIsAConfigError) {
    test::TempDir t;
    const std::string base = source_to_sink(t.path(), "{count: 10}");
    const std::string open_cfg = t.write("open.yaml", "host:\n  api:\n    listen: 0.0.0.0:0\n    token_env: TH_TEST_API_CTL\n"
                                                      "    read_token_env: TH_TEST_API_READ\n" + base.substr(base.find('\n') + 1));
    ::unsetenv("TH_TEST_API_CTL");
    ::unsetenv("TH_TEST_API_READ");
    auto c = test::check_config(open_cfg);
    EXPECT_FALSE(c.diags.ok());
    EXPECT_NE(c.diags.str().find("open.yaml:3:13: host.api.listen: 0.0.0.0 is reachable from other machines"),
              std::string::npos) << c.diags.str();
    EXPECT_NE(c.diags.str().find("$TH_TEST_API_CTL"), std::string::npos) << c.diags.str();
    ::setenv("TH_TEST_API_READ", "0123456789abcdef0123", 1);
    EXPECT_TRUE(test::check_config(open_cfg).diags.ok()) << test::check_config(open_cfg).diags.str();
    ::unsetenv("TH_TEST_API_READ");
    // Loopback needs none; a bad variable name is reported where it stands.
    const std::string bad = t.write("bad.yaml", "host:\n  api:\n    listen: 127.0.0.1:0\n    token_env: \"my token\"\n" +
                                                    base.substr(base.find('\n') + 1));
    auto b = test::check_config(bad);
    EXPECT_NE(b.diags.str().find("bad.yaml:4:16: host.api.token_env: expected the name of an environment variable"),
              std::string::npos) << b.diags.str();
}

// What /metrics serves passes Prometheus's own linter (promtool, from Debian's prometheus
// package, which the bootstrap installs), for a deployment with plugin counters and refusals.
TEST(Api, MetricsPassPromtoolCheck) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    ASSERT_EQ(std::system("command -v promtool >/dev/null"), 0) << "promtool not found: run packaging/bootstrap.sh";
    test::TempDir t;
    auto session = finished_paper_session(t);
    ASSERT_TRUE(session);
    Runtime& rt = *session->rt;
    ApiAccess access(ApiTokens{"control-0123456789abcdef", ""});
    HttpRequest refused{"GET", "/metrics", "", "", false, "", "test"};
    EXPECT_EQ(handle_api(rt, access, refused).status, 401);
    HttpRequest get{"GET", "/metrics", "", "", false, "Bearer control-0123456789abcdef", "test"};
    const HttpResponse m = handle_api(rt, access, get);
    ASSERT_EQ(m.status, 200);
    EXPECT_NE(m.body.find("tradehost_plugin_"), std::string::npos) << "no plugin counters to check";
    EXPECT_NE(m.body.find("tradehost_api_auth_failures_total{reason=\"missing\"} 1"), std::string::npos);
    const std::string metrics = t.write("metrics.txt", m.body);
    const std::string out = t.path() + "/promtool.txt";
    const int rc = std::system(("promtool check metrics < " + metrics + " > " + out + " 2>&1").c_str());
    EXPECT_EQ(rc, 0) << test::read_file(out);
}

// The console's views over a finished paper session: fills page by their journal row, the
// graph carries every edge's counters, and the stream starts with a snapshot.
TEST(Api, ConsoleViewsReadTheJournalAndTheGraph) {
    REQUIRE_PLUGINS("synthetic", "sma_cross", "risk_gate", "paper");
    test::TempDir t;
    auto session = finished_paper_session(t);
    ASSERT_TRUE(session);
    Runtime& rt = *session->rt;
    ApiAccess open;
    ApiRoutes routes(rt, open);
    auto get = [&](const std::string& path, const std::string& query = "") {
        return routes.handle(HttpRequest{"GET", path, query, "", false, "", "test"});
    };
    const HttpResponse first = get("/api/fills", "after=0&limit=3");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.content_type, "application/json");
    EXPECT_NE(first.body.find("\"row\":1,"), std::string::npos) << first.body;
    EXPECT_NE(first.body.find("\"row\":3,"), std::string::npos) << first.body;
    EXPECT_EQ(first.body.find("\"row\":4,"), std::string::npos) << first.body;
    EXPECT_NE(first.body.find("\"last\":3}"), std::string::npos) << first.body;
    EXPECT_NE(get("/api/fills", "after=3&limit=1").body.find("\"row\":4,"), std::string::npos);
    EXPECT_NE(get("/api/fills", "after=999999999").body.find("{\"fills\":[],\"last\":999999999}"), std::string::npos);
    // Prices read back as written: the shortest form, not 17 digits of binary noise.
    EXPECT_NE(first.body.find("\"px\":100.51,\"qty\":50,\"fee\":0.50255,"), std::string::npos) << first.body;

    // The venue's cash as it last published it: the starting cash and every fill's cash flow.
    const std::string balances = get("/api/balances").body;
    const std::string usd = "{\"balances\":[{\"instance\":\"venue\",\"currency\":\"USD\",\"total\":";
    ASSERT_EQ(balances.rfind(usd, 0), 0u) << balances;
    const auto flow = test::query(rt.journal_path(), "SELECT SUM(CASE side WHEN 'sell' THEN px*qty ELSE -px*qty END) - SUM(fee) FROM fills");
    ASSERT_EQ(flow.size(), 1u);
    EXPECT_NEAR(std::strtod(balances.c_str() + usd.size(), nullptr), 1000000.0 + std::stod(flow[0][0]), 0.01) << balances;
    const std::string positions = get("/api/positions").body;
    EXPECT_NE(positions.find("\"instrument\":\"AAPL\""), std::string::npos) << positions;
    EXPECT_NE(get("/api/orders", "limit=2").body.find("\"client_order_id\":\"strategy-"), std::string::npos);
    EXPECT_EQ(get("/api/orders", "open=true").body, "{\"orders\":[]}\n");  // a finished session has none open

    const std::string graph = get("/api/graph").body;
    EXPECT_NE(graph.find("{\"name\":\"venue\",\"plugin\":\"paper\",\"state\":\"stopped\""), std::string::npos) << graph;
    EXPECT_NE(graph.find("\"name\":\"feed.quotes->strategy.quotes\""), std::string::npos) << graph;
    EXPECT_NE(get("/api/reloads").body, "");
    EXPECT_EQ(get("/api/nope").status, 404);
    EXPECT_EQ(routes.handle(HttpRequest{"POST", "/api/graph", "", "", true, "", "test"}).status, 405);

    const HttpResponse stream = get("/api/stream");
    EXPECT_EQ(stream.content_type, "text/event-stream");
    ASSERT_TRUE(stream.next);
    EXPECT_EQ(stream.body.rfind("event: graph\ndata: {", 0), 0u) << stream.body.substr(0, 80);
    EXPECT_NE(stream.body.find("event: balances\ndata: {\"balances\":[{\"instance\":\"venue\""), std::string::npos);
    EXPECT_NE(stream.body.find("event: fills\ndata: {\"fills\":[{\"row\":1,"), std::string::npos);
    // Later ticks page through the rest (500 a tick), then send only what is new: nothing.
    int ticks = 0;
    while (stream.next().find("event: fills") != std::string::npos && ticks < 1000) ++ticks;
    EXPECT_LT(ticks, 1000);
    EXPECT_EQ(stream.next().find("event: fills"), std::string::npos);

    const HttpResponse page = get("/");
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("<title>tradehost console</title>"), std::string::npos);
}

// HTTPS when a certificate is configured: curl verifies it against the test's own CA-less
// self-signed certificate; plain HTTP to the TLS port gets nothing; a key that does not
// match the certificate is refused at start, naming both files.
TEST(Api, ServesHttpsWithTheConfiguredCertificate) {
    test::TempDir t;
    const std::string cert = t.path() + "/cert.pem", key = t.path() + "/key.pem", other = t.path() + "/other.pem";
    const std::string gen = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 "
                            "-addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(gen.c_str()), 0) << "openssl could not make a certificate: run packaging/bootstrap.sh";
    ASSERT_EQ(std::system(("openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:prime256v1 -out " + other + " >/dev/null 2>&1").c_str()), 0);
    int calls = 0;
    HttpServer server("127.0.0.1", 0, [&](const HttpRequest& r) {
        ++calls;
        return HttpResponse{200, "text/plain", "hello over " + r.path + "\n"};
    }, 64, false, TlsFiles{cert, key});
    const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/tls";
    const std::string out = t.path() + "/curl.txt";
    EXPECT_EQ(std::system(("curl -sS --max-time 10 --cacert " + cert + " " + url + " > " + out + " 2>&1").c_str()), 0)
        << test::read_file(out);
    EXPECT_EQ(test::read_file(out), "hello over /tls\n");
    // Without trusting the certificate the client refuses: the server really presents it.
    EXPECT_NE(std::system(("curl -sS --max-time 10 " + url + " > " + out + " 2>&1").c_str()), 0);
    EXPECT_NE(http(server.port(), "GET", "/tls").find("HTTP/1.1 200"), 0u);  // plain HTTP is not answered
    EXPECT_EQ(calls, 1);
    try {
        HttpServer bad("127.0.0.1", 0, [](const HttpRequest&) { return HttpResponse{}; }, 64, false, TlsFiles{cert, other});
        ADD_FAILURE() << "a key of another certificate was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("with the certificate " + cert + ": key values mismatch"), std::string::npos) << e.what();
    }
    EXPECT_THROW(HttpServer("127.0.0.1", 0, [](const HttpRequest&) { return HttpResponse{}; }, 64, false,
                            TlsFiles{t.path() + "/missing.pem", key}),
                 std::runtime_error);
}

TEST(Api, TlsFilesAreCheckedWhereTheConfigNamesThem) {
    test::TempDir t;
    const std::string base = source_to_sink(t.path(), "{count: 10}");
    t.write("cert.pem", "not read by validate\n");
    const std::string cfg = t.write("tls.yaml", "host:\n  api:\n    tls:\n      cert: cert.pem\n      key: missing.pem\n" +
                                                    base.substr(base.find('\n') + 1));
    auto c = test::check_config(cfg);
    EXPECT_NE(c.diags.str().find("tls.yaml:5:12: host.api.tls.key: no such file: " + t.path() + "/missing.pem"), std::string::npos)
        << c.diags.str();
    EXPECT_EQ(c.diags.str().find("host.api.tls.cert"), std::string::npos) << c.diags.str();  // relative to the config's folder
    const std::string half = t.write("half.yaml", "host:\n  api:\n    tls: {cert: cert.pem}\n" + base.substr(base.find('\n') + 1));
    EXPECT_NE(test::check_config(half).diags.str().find("host.api.tls.key: required with host.api.tls"), std::string::npos);
}
