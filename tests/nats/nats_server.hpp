// A nats-server (Debian's package) on a free loopback port with JetStream and a store in a
// folder of the test's, started and stopped by the test itself.
#pragma once

#include <string>

#include <sys/types.h>

namespace tradehost::test {

/// A free TCP port on 127.0.0.1 (bound and released).
int free_port();

class NatsServer {
public:
    /// Start on a free port, storing JetStream data under `store_dir`.
    explicit NatsServer(const std::string& store_dir);
    ~NatsServer();
    NatsServer(const NatsServer&) = delete;
    NatsServer& operator=(const NatsServer&) = delete;

    /// Empty if it runs; else why not (the binary is missing, it did not listen).
    const std::string& error() const { return error_; }
    std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
    /// Stop (SIGTERM, then wait) and start again on the same port and store.
    void stop();
    bool start();

private:
    std::string store_, log_, error_;
    int port_ = 0;
    pid_t pid_ = -1;
};

/// GET `path` from 127.0.0.1:`port` (HTTP/1.0); the body, or "" if it failed.
std::string http_get(int port, const std::string& path);

}  // namespace tradehost::test
