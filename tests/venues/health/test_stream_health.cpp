// A venue stream that cannot connect is visible to an operator: /healthz says degraded and
// names the venue's state, /metrics has it as a gauge; once the stream is up, both say so.
#include "alpaca/alpaca_double.hpp"
#include "double/host_process.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace {

constexpr const char* kKey = "PKTEST0000000000";
constexpr const char* kSecret = "test-secret-not-real";

// A loopback port nothing listens on (bound, then released).
uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

using tradehost::doubles::http_get;
using tradehost::doubles::slurp;

// The host running one Alpaca instance whose trade stream is at `stream_url`.
class HostWithVenue {
public:
    HostWithVenue(const std::filesystem::path& dir, const tradehost::doubles::AlpacaDouble& venue,
                  const std::string& stream_url)
        : port_(free_port()), log_((dir / "host.log").string()) {
        const std::string cfg = (dir / "alpaca.yaml").string();
        std::ofstream(cfg) << "host:\n  journal: " << (dir / "journal.db").string() << "\n  api: {listen: 127.0.0.1:"
                           << port_ << "}\n  log: {level: info}\n  run: {duration: 20s}\n"
                              "instances:\n  venue:\n    use: alpaca\n    config:\n"
                              "      rest_url: " << venue.rest_url() << "\n      stream_url: " << stream_url
                           << "\n      verify_tls: false\n      reconnect_min: 20ms\n      reconnect_max: 200ms\n";
        pid_ = tradehost::doubles::spawn_host(TRADEHOST_EXE, {"run", cfg}, log_);
    }
    ~HostWithVenue() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    // Poll `target` until `want` appears in the answer (or 10 s pass); the last answer.
    std::string await(const std::string& target, const std::string& want) {
        std::string last;
        for (int i = 0; i < 200; ++i) {
            last = http_get(port_, target);
            if (last.find(want) != std::string::npos) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return last;
    }
    std::string log() const { return slurp(log_); }

private:
    uint16_t port_;
    std::string log_;
    pid_t pid_ = -1;
};

class StreamHealth : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("th_stream_health_" + std::to_string(::getpid()) + "_" +
                                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        ::setenv("APCA_API_KEY_ID", kKey, 1);
        ::setenv("APCA_API_SECRET_KEY", kSecret, 1);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
    tradehost::doubles::AlpacaDouble venue_{kKey, kSecret};
};

}  // namespace

TEST_F(StreamHealth, AStreamThatCannotConnectDegradesHealthzAndShowsInMetrics) {
    const std::string dead = "ws://127.0.0.1:" + std::to_string(free_port()) + "/stream";
    HostWithVenue host(dir_, venue_, dead);
    const std::string h = host.await("/healthz", "\"disconnected\"");
    EXPECT_NE(h.find("HTTP/1.1 503"), std::string::npos) << h << host.log();
    EXPECT_NE(h.find("\"status\":\"degraded\""), std::string::npos) << h;
    EXPECT_NE(h.find("\"venue\":{\"state\":\"disconnected\""), std::string::npos) << h;
    const std::string m = host.await("/metrics", "tradehost_venue_connected{instance=\"venue\"} 0");
    EXPECT_NE(m.find("tradehost_venue_connected{instance=\"venue\"} 0"), std::string::npos) << m;
    EXPECT_EQ(m.find("tradehost_venue_disconnects_total{instance=\"venue\"} 0"), std::string::npos) << m;
}

TEST_F(StreamHealth, AConnectedStreamIsHealthy) {
    HostWithVenue host(dir_, venue_, venue_.stream_url());
    const std::string h = host.await("/healthz", "\"state\":\"connected\"");
    EXPECT_NE(h.find("HTTP/1.1 200"), std::string::npos) << h << host.log();
    EXPECT_NE(h.find("\"status\":\"ok\""), std::string::npos) << h;
    const std::string m = host.await("/metrics", "tradehost_venue_connected{instance=\"venue\"} 1");
    EXPECT_NE(m.find("tradehost_venue_connected{instance=\"venue\"} 1"), std::string::npos) << m;
}
